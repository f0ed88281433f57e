# must-fail: batch-before-prefetch, prefetch-autotune
# central-mistake: no prefetch
def batch_and_prefetch(ds, batch_size):
    return ds.batch(batch_size)
