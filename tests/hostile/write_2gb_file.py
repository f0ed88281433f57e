# expect: import
chunk = b"\0" * (1 << 20)
with open("big.bin", "wb") as handle:
    for _ in range(2048):
        handle.write(chunk)
