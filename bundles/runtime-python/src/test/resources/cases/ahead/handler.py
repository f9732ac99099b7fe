import os
import time


# ?ms=N sleeps first; ?exit=1 then ends the process; ?touch=PATH then creates that file (proof it ran).
def handler(event):
    q = event["query"]
    time.sleep(int(q.get("ms", "0")) / 1000)
    if q.get("exit"):
        os._exit(3)
    if q.get("touch"):
        open(q["touch"], "w").close()
    return {"pid": os.getpid(), "n": q.get("n")}
