def run(event):
    return "ran"
