# expect: memory
import mmap

size = 6 * 2 ** 30
block = mmap.mmap(-1, size, flags=mmap.MAP_SHARED)
for offset in range(0, size, mmap.PAGESIZE):
    block[offset] = 1
