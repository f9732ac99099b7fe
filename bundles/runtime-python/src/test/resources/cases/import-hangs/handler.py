import time

while True:  # module code that never finishes importing
    time.sleep(0.05)


def handler(event):
    return 1
