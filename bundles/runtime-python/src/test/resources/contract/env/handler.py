import os


def handler(event):
    return {
        "greeting": os.environ.get("GREETING"),
        "event_env": event["env"].get("GREETING"),
        "path": os.environ.get("PATH"),
    }
