count = 0


def handler(event):
    global count
    count += 1
    return {"count": count}
