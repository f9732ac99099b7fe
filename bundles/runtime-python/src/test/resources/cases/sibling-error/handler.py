import helper  # noqa: F401


def handler(event):
    return 1
