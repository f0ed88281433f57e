# expect: memory
hoard = bytearray(6 * 2 ** 30)
