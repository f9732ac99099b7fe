def handler():
    return "zero"
