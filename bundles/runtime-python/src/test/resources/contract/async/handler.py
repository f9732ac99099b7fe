import asyncio


async def handler(event):
    await asyncio.sleep(0.01)
    return {"ok": True}
