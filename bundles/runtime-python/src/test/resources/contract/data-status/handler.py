# FastFN's versioning example: "status" is not an HTTP code, so this is data (200 JSON).
def handler(event):
    return {"status": "success", "data": {"greeting": f"Hello from V2, {event['query'].get('name')}"}}
