import os
import subprocess
import time


# Starts a long-lived child process, reports its pid through a file, then runs past any timeout.
def handler(event):
    if not event["query"].get("pidfile"):
        return "ok"
    child = subprocess.Popen(["/bin/sleep", "300"])
    with open(event["query"]["pidfile"], "w") as f:
        f.write(str(child.pid))
    while True:
        time.sleep(0.05)
