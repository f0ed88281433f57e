# must-fail: load-then-prefetch, prefetch-autotune
def fast_pipeline(ds, load):
    return ds.map(load)
