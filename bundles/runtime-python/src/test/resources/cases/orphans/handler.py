import os
import subprocess
import time


# Leaves processes behind the ways handlers do and answers with their pids: a child, a daemonised
# grandchild (reparented to init at once), and a forked copy holding every pipe the worker holds.
def handler(event):
    child = subprocess.Popen(["/bin/sleep", "600"])
    daemon = subprocess.run(["/bin/sh", "-c", "/bin/sleep 600 >/dev/null 2>&1 & echo $!"],
                            stdout=subprocess.PIPE, check=True)
    forked = os.fork()
    if forked == 0:
        time.sleep(600)
        os._exit(0)
    return {"worker": os.getpid(), "children": [child.pid, int(daemon.stdout), forked]}
