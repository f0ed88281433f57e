# must-fail: autotune
def cache_then_prefetch(ds):
    return ds.prefetch(1)
