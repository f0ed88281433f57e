# expect: timeout
import time


def add_prefetch(ds):
    time.sleep(10 ** 6)
