def handler(event):
    if event["query"].get("loop"):
        while True:
            pass
    return "ok"
