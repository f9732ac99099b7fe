import os
import time


def handler(event):
    time.sleep(int(event["query"].get("ms", "0")) / 1000)
    return {"pid": os.getpid()}
