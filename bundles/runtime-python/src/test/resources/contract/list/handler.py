def handler(event):
    return [1, 2, 3]
