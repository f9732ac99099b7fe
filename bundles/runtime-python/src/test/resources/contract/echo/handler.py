# Echoes the event fields the contract test checks. ("body" and "headers" are avoided as keys:
# a dict with them and no status is an envelope.)
def handler(event):
    ctx = event["context"]
    session = event.get("session") or {}
    return {
        "method": event["method"],
        "path": event["path"],
        "raw_path": event["raw_path"],
        "query": event["query"],
        "params": event["params"],
        "request_body": event.get("body"),
        "header": event["headers"].get("x-test"),
        "function_name": ctx["function_name"],
        "version": ctx["version"],
        "request_id": ctx["request_id"],
        "client_ip": event["client"]["ip"],
        "user": ctx.get("user"),
        "session_id": session.get("id"),
    }
