# Echoes the event fields the contract test checks. The test reads the request body as "body"; an
# object with "body" and no status would be an envelope (DESIGN.md decision 2), so a non-numeric
# "status" keeps this object data. "request_body" carries the same value under a neutral name.
def handler(event):
    ctx = event["context"]
    session = event.get("session") or {}
    return {
        "status": "echo",
        "method": event["method"],
        "path": event["path"],
        "raw_path": event["raw_path"],
        "query": event["query"],
        "params": event["params"],
        "body": event.get("body"),
        "request_body": event.get("body"),
        "header": event["headers"].get("x-test"),
        "function_name": ctx["function_name"],
        "version": ctx["version"],
        "request_id": ctx["request_id"],
        "client_ip": event["client"]["ip"],
        "user": ctx.get("user"),
        "session_id": session.get("id"),
    }
