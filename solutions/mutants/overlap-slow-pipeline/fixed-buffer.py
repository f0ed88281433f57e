# must-fail: prefetch-autotune
def fast_pipeline(ds, load):
    return ds.map(load).prefetch(1)
