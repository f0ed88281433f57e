# expect: crash
def add_prefetch(ds):
    raise KeyboardInterrupt
