def handler(event, id):
    return {"id": id}
