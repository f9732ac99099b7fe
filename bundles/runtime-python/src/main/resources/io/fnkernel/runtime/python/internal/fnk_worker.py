"""fnkernel CPython worker: runs one function version's handler for the JVM over a private pipe.

Started as ``python3 -u -X utf8 fnk_worker.py <jvm-pid>``. Every frame, both ways, is a 4-byte
big-endian length followed by that many bytes of UTF-8 JSON, except that a call's frame starts
with its deadline.

  JVM -> worker: the first frame is the init object; every further frame is one call: an 8-byte
                 big-endian deadline on CLOCK_MONOTONIC in nanoseconds (0: none), then the event.
                 The JVM may send a call before the previous one is answered; a call whose
                 deadline has passed when its turn comes is answered "expired" without running.
  worker -> JVM: one hello frame answering init (with this process's CLOCK_MONOTONIC, so the JVM
                 can tell whether the two share it); for every call a meta frame, then a payload
                 frame holding the handler's result as JSON (empty when the call failed).

The handler is imported from the version's private copy of its folder (init "snapshot"); paths
in tracebacks, load errors and captured output are mapped back to the real folder ("directory"),
because that is the file the user edits. The working directory stays the real folder.

The protocol uses private copies of the pipes: fd 0 becomes /dev/null and fd 1 is pointed at
fd 2, so nothing the handler or a C extension writes can reach the protocol stream.

The worker leads its own process group (its pid is the group id), so the JVM and a sentinel process
can kill everything the handler started along with it.
"""

import os
import sys


def _isolate_streams():
    proto_in, proto_out = os.dup(0), os.dup(1)  # os.dup makes them non-inheritable
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    return proto_in, proto_out


_PROTO_IN, _PROTO_OUT = _isolate_streams()

import base64  # noqa: E402
import importlib.util  # noqa: E402
import inspect  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import signal  # noqa: E402
import struct  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

_WORKER_FILE = os.path.abspath(__file__)
_MODULE_NAME = "__fnk_handler__"
_BINARY = (bytes, bytearray, memoryview)
_LENGTH = struct.Struct(">I")
_DEADLINE = struct.Struct(">q")
# Results are compact UTF-8 JSON (FastFN's separators); a prebuilt encoder skips per-call setup.
_RESULT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_RESULT_ASCII = json.JSONEncoder(separators=(",", ":"), allow_nan=False)
# Results that are never awaitable, so the common case skips inspect.isawaitable.
_PLAIN = frozenset([dict, list, str, tuple, bytes, int, float, bool, type(None)])


def _die_with_parent(parent_pid):
    """Never outlive the JVM, nor let the handler's processes outlive the worker.

    The worker leads its own process group, which whatever the handler starts inherits; a sentinel
    in that group kills all of it once the worker is gone, however the worker ended. The worker
    itself gets the kernel's parent-death signal and a ppid watchdog.
    """
    try:
        os.setpgrp()  # a terminal's Ctrl-C reaches the JVM only; it stops workers itself
    except OSError:
        pass
    prctl = None
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            prctl = ctypes.CDLL(None, use_errno=True).prctl
        except Exception:  # noqa: BLE001 - the watchdogs below still cover it
            pass
    if hasattr(os, "fork") and os.getpgrp() == os.getpid():  # never kill a group that is not ours
        _start_group_sentinel(prctl)
    if prctl is not None:
        prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:
        os._exit(70)

    def watch():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(70)

    threading.Thread(target=watch, name="fnk-parent-watch", daemon=True).start()


class _WorkerGone(Exception):
    """Raised in the sentinel by its parent-death signal."""


def _start_group_sentinel(prctl):
    """Forks (before any thread exists) a process that kills the worker's whole group when the worker ends."""
    worker = os.getpid()
    try:
        if os.fork() != 0:
            return
    except OSError:
        return
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, 1 << 16)  # the protocol pipes above all: the JVM must see them close
        signal.signal(signal.SIGINT, signal.SIG_IGN)

        def gone(*_):
            raise _WorkerGone()

        signal.signal(signal.SIGUSR1, gone)
        if prctl is not None:
            prctl(1, int(signal.SIGUSR1), 0, 0, 0)  # PR_SET_PDEATHSIG: wakes the sleep below at once
        while os.getppid() == worker:
            time.sleep(1.0)
    except _WorkerGone:
        pass
    except BaseException:  # noqa: BLE001 - a broken sentinel must never take the live worker down
        os._exit(71)
    try:
        os.killpg(0, signal.SIGKILL)  # the handler's processes, and this sentinel
    finally:
        os._exit(0)


class _Capture(io.TextIOBase):
    """sys.stdout / sys.stderr for the worker's life: keeps up to a limit per call, counts the rest."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, fd, limit):
        super().__init__()
        self._fd = fd
        self._limit = limit
        self._parts = []
        self._size = 0
        self._dropped = 0
        self.buffer = _BinaryCapture(self)

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not " + type(s).__name__)
        n = len(s)
        room = self._limit - self._size
        if n <= room:
            self._parts.append(s)
            self._size += n
        else:
            if room > 0:
                self._parts.append(s[:room])
                self._size += room
            self._dropped += len(s[max(room, 0):].encode("utf-8", "replace"))
        return n

    def take(self):
        if not self._parts and not self._dropped:
            return "", 0
        text = "".join(self._parts)
        dropped = self._dropped
        self._parts, self._size, self._dropped = [], 0, 0
        return text, dropped

    def fileno(self):
        return self._fd

    def isatty(self):
        return False

    def flush(self):
        pass

    def close(self):
        pass


class _BinaryCapture:
    """``sys.stdout.buffer``: bytes written are decoded as UTF-8 into the text capture."""

    def __init__(self, text):
        self._text = text

    def write(self, b):
        self._text.write(bytes(b).decode("utf-8", "replace"))
        return len(b)

    def flush(self):
        pass


class _BadResponse(Exception):
    """The handler returned something that cannot be sent back."""


def _message(exc):
    text = str(exc)
    return text if text else type(exc).__name__


def _internal(filename):
    if filename == _WORKER_FILE or filename.startswith("<frozen importlib"):
        return True
    aio = sys.modules.get("asyncio")
    return aio is not None and filename.startswith(os.path.dirname(aio.__file__) + os.sep)


def _user_traceback(exc):
    """The traceback with the worker's own frames (and its asyncio plumbing) left out."""
    te = traceback.TracebackException.from_exception(exc)
    todo, seen = [te], set()
    while todo:
        t = todo.pop()
        if t is None or id(t) in seen:
            continue
        seen.add(id(t))
        t.stack = traceback.StackSummary.from_list([f for f in t.stack if not _internal(f.filename)])
        todo.extend([t.__cause__, t.__context__] + list(getattr(t, "exceptions", None) or []))
    return "".join(te.format())


def _b64(data):
    return base64.b64encode(bytes(data)).decode("ascii")


def _tuple_envelope(t):
    if not 1 <= len(t) <= 3:
        raise _BadResponse("a returned tuple must be (body, status) or (body, status, headers), got %d items" % len(t))
    body = t[0]
    status = t[1] if len(t) > 1 else 200
    headers = t[2] if len(t) > 2 else None
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise _BadResponse("the status in a returned tuple must be an integer 100-599, got %r" % (status,))
    if headers is not None and not isinstance(headers, dict):
        raise _BadResponse("the headers in a returned tuple must be a dict, got " + type(headers).__name__)
    out = {"status": int(status)}
    if headers:
        out["headers"] = headers
    if isinstance(body, _BINARY):
        out["is_base64"] = True
        out["body_base64"] = _b64(body)
    else:
        out["body"] = body
    return out


def _encode(value):
    """The result as JSON bytes; bytes become base64, tuples envelopes. Envelope rules are Java's."""
    if isinstance(value, tuple):
        value = _tuple_envelope(value)
    elif isinstance(value, _BINARY):
        value = {"is_base64": True, "body_base64": _b64(value)}
    elif isinstance(value, dict) and isinstance(value.get("body"), _BINARY):
        value = dict(value)
        value["body_base64"] = _b64(value.pop("body"))
        value["is_base64"] = True
    try:
        text = _RESULT_JSON.encode(value)
    except (TypeError, ValueError) as exc:
        raise _BadResponse("the handler returned a value that cannot be sent as JSON: " + _message(exc))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: let JSON escapes carry them
        return _RESULT_ASCII.encode(value).encode("ascii")


class _Function:
    """The loaded handler module and how to call it."""

    def __init__(self, init):
        self.entry = init["entry"]
        self.directory = init["directory"]
        snapshot = init.get("snapshot")
        self.code = snapshot or self.directory
        self.code_entry = init.get("code_entry") or self.entry
        self._copy_prefix = os.path.join(snapshot, "") if snapshot else None
        self._real_prefix = os.path.join(self.directory, "")
        self.requested = init["handler"]
        limit = int(init.get("output_limit", 65536))
        self.out = _Capture(1, limit)
        self.err = _Capture(2, limit)
        self.fn = None
        self.loop = None
        self.takes_event = True
        self.event_name = None
        self.named = ()
        self.var_kw = False
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in (init.get("env") or {}).items()})
        here = os.path.dirname(_WORKER_FILE)
        sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != here]
        sys.path[0:0] = list(init.get("paths") or [])
        sys.stdout, sys.stderr = self.out, self.err
        try:
            import faulthandler
            faulthandler.enable(file=sys.__stderr__, all_threads=False)
        except Exception:  # noqa: BLE001
            pass

    def load(self):
        try:
            spec = importlib.util.spec_from_file_location(_MODULE_NAME, self.code_entry)
            module = importlib.util.module_from_spec(spec)
            sys.modules[_MODULE_NAME] = module
            spec.loader.exec_module(module)
        except BaseException as exc:  # noqa: BLE001 - SystemExit at import is a load error too
            return self._load_error(exc)
        name = self.requested
        fn = getattr(module, name, None)
        if fn is None and name == "handler":
            name, fn = "main", getattr(module, "main", None)
        base = os.path.basename(self.entry)
        if fn is None:
            if self.requested == "handler":
                return self._located("%s defines no handler(event) function (nor main(event))" % base)
            return self._located("%s defines no function %s(event) (invoke.handler in fn.config.json)" % (base, name))
        if not callable(fn):
            return self._located("%s: %s is a %s, not a function" % (base, name, type(fn).__name__))
        self.fn = fn
        self._plan(fn)
        hello = {"ok": True, "pid": os.getpid(), "python": platform.python_version(), "handler": name,
                 "clock": time.monotonic_ns()}
        self._attach_output(hello)
        return hello

    def _plan(self, fn):
        try:
            params = list(inspect.signature(fn).parameters.values())
        except (TypeError, ValueError):
            return
        P = inspect.Parameter
        positional = [p for p in params if p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)]
        self.takes_event = bool(positional) or any(p.kind == P.VAR_POSITIONAL for p in params)
        self.event_name = positional[0].name if positional else None
        rest = params[1:] if positional else params
        self.named = tuple(p.name for p in rest if p.kind in (P.POSITIONAL_OR_KEYWORD, P.KEYWORD_ONLY))
        self.var_kw = any(p.kind == P.VAR_KEYWORD for p in params)

    def _real(self, text):
        """Text with paths into the snapshot turned into the same paths in the real folder."""
        if self._copy_prefix is None or not text:
            return text
        return text.replace(self._copy_prefix, self._real_prefix)

    def _located(self, message, file=None, line=0, column=0, tb=None):
        out = {"ok": False, "error": self._real(message), "file": self._real(file) or self.entry, "line": line, "column": column}
        if tb:
            out["traceback"] = self._real(tb)
        self._attach_output(out)
        return out

    def _load_error(self, exc):
        tb = _user_traceback(exc)
        if isinstance(exc, SyntaxError) and exc.filename:
            return self._located("%s: %s" % (type(exc).__name__, exc.msg), exc.filename, exc.lineno or 0, exc.offset or 0, tb)
        file, line, column = None, 0, 0
        root = os.path.join(os.path.abspath(self.code), "")
        for f in traceback.extract_tb(exc.__traceback__):
            if not _internal(f.filename) and os.path.abspath(f.filename).startswith(root):
                colno = getattr(f, "colno", None)
                file, line, column = f.filename, f.lineno or 0, (colno + 1) if colno is not None else 0
        message = "%s: %s" % (type(exc).__name__, _message(exc))
        if isinstance(exc, ModuleNotFoundError):
            message += " (list the package in requirements.txt)"
        return self._located(message, file, line, column, tb)

    def call(self, frame):
        (deadline,) = _DEADLINE.unpack_from(frame)
        if deadline and time.monotonic_ns() > deadline:
            return {"ok": False, "kind": "expired", "error": "the call waited past its deadline"}, b""
        self.out.take()
        self.err.take()
        payload = b""
        try:
            result = self._invoke(json.loads(frame[_DEADLINE.size:]))
            payload = _encode(result)
            meta = {"ok": True}
        except _BadResponse as exc:
            meta = {"ok": False, "kind": "bad_response", "error": str(exc)}
        except BaseException as exc:  # noqa: BLE001 - sys.exit() in a handler fails the call, not the worker
            meta = {"ok": False, "kind": "error", "error": self._real(_message(exc)), "type": type(exc).__name__,
                    "traceback": self._real(_user_traceback(exc))}
        self._attach_output(meta)
        return meta, payload

    def _invoke(self, event):
        params = event.get("params") or {}
        if self.var_kw:
            kwargs = {k: v for k, v in params.items() if k != self.event_name}
        else:
            kwargs = {n: params[n] for n in self.named if n in params}
        result = self.fn(event, **kwargs) if self.takes_event else self.fn(**kwargs)
        if type(result) not in _PLAIN and inspect.isawaitable(result):
            if self.loop is None:
                import asyncio
                self.loop = asyncio.new_event_loop()
                asyncio.set_event_loop(self.loop)
            result = self.loop.run_until_complete(result)
        return result

    def _attach_output(self, meta):
        for name, cap in (("stdout", self.out), ("stderr", self.err)):
            text, dropped = cap.take()
            if text:
                meta[name] = self._real(text)
            if dropped:
                meta[name + "_dropped"] = dropped


def _read_frame(reader):
    head = reader.read(4)
    if len(head) < 4:
        return None
    (n,) = _LENGTH.unpack(head)
    data = reader.read(n)
    return data if len(data) == n else None


def _send(meta, payload=None):
    head = json.dumps(meta).encode("ascii")
    parts = [_LENGTH.pack(len(head)), head]
    if payload is not None:
        parts += [_LENGTH.pack(len(payload)), payload]
    view = memoryview(b"".join(parts))
    while view:
        view = view[os.write(_PROTO_OUT, view):]


def main():
    _die_with_parent(int(sys.argv[1]))
    reader = os.fdopen(_PROTO_IN, "rb", buffering=1 << 16)
    init = _read_frame(reader)
    if init is None:
        return
    function = _Function(json.loads(init))
    hello = function.load()
    _send(hello)
    if not hello["ok"]:
        return
    while True:
        frame = _read_frame(reader)
        if frame is None:
            return
        meta, payload = function.call(frame)
        _send(meta, payload)


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        os._exit(0)
