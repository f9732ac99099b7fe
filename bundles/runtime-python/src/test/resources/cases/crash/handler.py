import ctypes
import os


def handler(event):
    q = event["query"]
    if q.get("exit"):
        os._exit(3)
    if q.get("segv"):
        ctypes.string_at(0)
    return {"pid": os.getpid()}
