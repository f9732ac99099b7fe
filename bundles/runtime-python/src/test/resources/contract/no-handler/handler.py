def other(event):
    return 1
