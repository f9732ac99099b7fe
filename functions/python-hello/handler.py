# GET /python-hello?name=World  ->  {"message": "Hello from Python, World"}
def handler(event):
    name = event["query"].get("name") or "World"
    return {"message": f"Hello from Python, {name}"}
