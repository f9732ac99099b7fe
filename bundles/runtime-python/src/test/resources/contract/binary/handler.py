def handler(event):
    return bytes([0, 1, 2, 255])
