# expect: syntax
def add_prefetch(ds)
    return ds
