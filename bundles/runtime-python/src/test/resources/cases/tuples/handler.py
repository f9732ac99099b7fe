import datetime


def handler(event):
    case = event["query"].get("case")
    if case == "full":
        return {"teapot": True}, 418, {"X-Tea": "yes"}
    if case == "one":
        return ("just body",)
    if case == "bad-status":
        return "x", "soon"
    if case == "four":
        return 1, 200, {}, 4
    if case == "bytes-body":
        return {"status": 202, "body": b"\x00\x01"}
    if case == "not-json":
        return {"when": datetime.datetime(2020, 1, 1)}
    if case == "nan":
        return {"x": float("nan")}
    if case == "unicode":
        return {"name": "José ✓"}
    if case == "exit":
        raise SystemExit(2)
    return None
