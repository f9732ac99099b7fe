def handler(event, *, id, kind="none"):
    return {"id": id, "kind": kind}
