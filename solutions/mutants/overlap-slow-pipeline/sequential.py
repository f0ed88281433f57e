# must-fail: load-then-prefetch, prefetch-autotune
# central-mistake: no prefetch
def fast_pipeline(ds, load):
    return ds.map(load)
