import base64


# The request body is not UTF-8, so it arrives base64-encoded with is_base64 set.
def handler(event):
    data = base64.b64decode(event["body"]) if event.get("is_base64") else b""
    return data, 200, {"Content-Type": "application/octet-stream"}
