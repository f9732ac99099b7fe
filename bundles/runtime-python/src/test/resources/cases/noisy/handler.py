import ctypes
import os
import sys

libc = ctypes.CDLL(None)
print("imported noisy")


def handler(event):
    q = event["query"]
    print("hello from", q.get("n", "?"))
    sys.stderr.write("careful\n")
    # Bytes shaped like a frame, straight to fd 1 and through C stdio: must never reach the protocol.
    os.write(1, b"\x00\x00\x00\x02{}")
    libc.printf(b"c-level %d\n", 42)
    libc.fflush(None)
    sys.__stdout__.write("original stdout\n")
    if q.get("huge"):
        chunk = "x" * 1023 + "\n"
        for _ in range(int(q["huge"]) // 1024):
            sys.stdout.write(chunk)
    return {"stdin": sys.stdin.read(), "n": q.get("n")}
