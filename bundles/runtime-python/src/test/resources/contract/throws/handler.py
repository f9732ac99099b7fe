def handler(event):
    raise RuntimeError("boom")
