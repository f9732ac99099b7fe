def handler(event):
    return "<!doctype html><html><body>hi</body></html>"
