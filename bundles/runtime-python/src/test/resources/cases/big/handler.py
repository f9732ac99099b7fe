import base64


# Echoes the request body as bytes, or returns n bytes (or n characters of text).
def handler(event):
    q = event["query"]
    if q.get("n"):
        n = int(q["n"])
        return "y" * n if q.get("text") else bytes(i % 251 for i in range(n))
    body = event.get("body") or ""
    data = base64.b64decode(body) if event.get("is_base64") else body.encode("utf-8")
    return data, 200, {"Content-Type": "application/octet-stream"}
