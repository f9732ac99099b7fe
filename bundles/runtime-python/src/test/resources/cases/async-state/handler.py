import asyncio

lock = None
calls = 0


# An asyncio object made on the first call must still work on later ones (one event loop per worker).
async def handler(event):
    global lock, calls
    if lock is None:
        lock = asyncio.Lock()
    async with lock:
        calls += 1
        await asyncio.sleep(0)
    if event["query"].get("fail"):
        raise ValueError("async failure")
    return {"calls": calls}
