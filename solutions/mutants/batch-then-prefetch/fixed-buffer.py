# must-fail: prefetch-autotune
def batch_and_prefetch(ds, batch_size):
    return ds.batch(batch_size).prefetch(4)
