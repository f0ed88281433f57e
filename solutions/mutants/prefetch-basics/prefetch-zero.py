# must-fail: prefetch-last, prefetch-autotune
def add_prefetch(ds):
    return ds.prefetch(0)
