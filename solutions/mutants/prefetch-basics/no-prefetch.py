# must-fail: prefetch-last, prefetch-autotune
# central-mistake: no prefetch
def add_prefetch(ds):
    return ds
