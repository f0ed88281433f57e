# must-fail: prefetch-autotune
def add_prefetch(ds):
    return ds.prefetch(buffer_size=1)
