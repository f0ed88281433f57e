# expect: crash
def add_prefetch(ds):
    raise SystemExit(0)
