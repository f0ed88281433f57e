# expect: crash|memory|timeout
import sys

sys.setrecursionlimit(10 ** 8)


def deeper(n):
    return deeper(n + 1) + 1


def add_prefetch(ds):
    return deeper(0)
