# No handler(): main() is the fallback.
def main(event):
    return "plain text"
