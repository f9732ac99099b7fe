def handler(event):
    return None
