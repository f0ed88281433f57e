# exercise: overlap-slow-pipeline
# fails: overlap-speedup, load-then-prefetch
# A sequential pipeline, plus a thread that keeps a core and the GIL busy, hoping to slow the
# baseline more than its own pipeline.
import threading



def _hog():
    while True:
        sum(range(10_000))


for _ in range(2):
    threading.Thread(target=_hog, daemon=True).start()


def fast_pipeline(ds, load):
    return ds.map(load)
