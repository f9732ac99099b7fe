def handler(event):
    return {"message": "hello " + event["query"].get("name", "world")}
