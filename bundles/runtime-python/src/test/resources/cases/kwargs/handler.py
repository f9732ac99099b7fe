def handler(event, **params):
    return {"params": params, "event_is_dict": isinstance(event, dict)}
