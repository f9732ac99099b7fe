def handler(event)
    return 1
