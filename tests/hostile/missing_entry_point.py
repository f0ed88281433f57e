# expect: missing-entry-point
def prefetch_it(ds):
    return ds
