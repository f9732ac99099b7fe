#!/usr/bin/env python3
"""fnkernel benchmark: measures fnkernel against its baselines, side by side, in one run.

Run it through bench/run.sh. Every server is started on loopback, warmed up, measured with
`wrk --latency` at 16 and 64 connections, and stopped by its PID. The ratio targets come from
paired windows: each fnk server and its baseline, both up, loaded in turn (see paired()). Results
are printed as one table and written as JSON under bench/results/.
"""
import argparse
import contextlib
import datetime
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
DIST = os.path.join(ROOT, "distribution", "target", "fnkernel")
FNK = os.path.join(DIST, "bin", "fnk")
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_jdk(major):
    home = os.environ.get(f"FNK_BENCH_JDK{major}")
    candidates = [home] if home else []
    candidates += [f"/usr/lib/jvm/temurin-{major}-jdk-amd64", f"/usr/lib/jvm/java-{major}-openjdk-amd64"]
    for c in candidates:
        if c and os.path.exists(os.path.join(c, "bin", "java")):
            return c
    return None


# ---------------------------------------------------------------- processes and /proc

def proc_children():
    kids = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(pid))
            except (OSError, IndexError, ValueError):
                pass
    return kids


def tree(pid):
    kids, out, todo = proc_children(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def rss_mib(pid):
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except OSError:
            pass
    return total / (1024 * 1024)


def cpu_by_pid():
    out = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                out[int(pid)] = (int(fields[11]) + int(fields[12])) / TICKS
            except (OSError, IndexError, ValueError):
                pass
    return out


class Server:
    """One server process under measurement, in its own process group."""

    def __init__(self, name, cmd, url, env=None, cwd=None, ready_timeout=120, ready_body=None):
        self.name, self.cmd, self.url, self.ready_body = name, cmd, url, ready_body
        self.env = dict(os.environ, **(env or {}))
        self.cwd, self.ready_timeout = cwd or ROOT, ready_timeout
        self.proc, self.start_ms, self.log = None, None, None

    def start(self):
        self.log = tempfile.NamedTemporaryFile(prefix=f"bench-{self.name}-", suffix=".log", delete=False)
        t0 = time.monotonic()
        # Its own process group, to stop the whole tree, but not its own session: Linux's autogroup
        # scheduling gives each session an equal share of the CPU, which would cap the server at
        # half of the machine against wrk whatever the server's threads need.
        self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=self.cwd, stdout=self.log, stderr=subprocess.STDOUT,
                                     preexec_fn=os.setpgrp)
        wait_ok(self.url, self.ready_timeout, self.proc, self.log.name, self.ready_body)
        self.start_ms = (time.monotonic() - t0) * 1000
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def get(url, body=None, timeout=5):
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"} if body else {})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read()


def wait_ok(url, timeout, proc=None, logname=None, body=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}; log: {logname}")
        try:
            status, data = get(url, body, timeout=2)
            if status == 200:
                return data
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.002)
    raise RuntimeError(f"no 200 from {url} within {timeout} s; log: {logname}")


# ---------------------------------------------------------------- wrk

def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("wrk is missing: installing the Debian package")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update", "-q"], check=False, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)


def to_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m|h)$", text)
    if not m:
        raise ValueError(f"unexpected wrk latency figure {text!r}")
    v, unit = float(m.group(1)), m.group(2)
    return v * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}[unit]


def wrk(url, conns, seconds, script=None, server=None):
    cmd = ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--latency", url]
    if script:
        cmd[1:1] = ["-s", script]
    peak = [0.0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mib(server.proc.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True) if server else None
    before = cpu_by_pid()
    if sampler:
        sampler.start()
    done = subprocess.run(cmd, capture_output=True, text=True)
    out = done.stdout
    if done.returncode != 0 or not re.search(r"^\s+99%\s+\S+", out, re.M):
        stop.set()
        raise RuntimeError(f"wrk against {url} gave no latency figures (exit {done.returncode}):\n{out}{done.stderr}")
    stop.set()
    after = cpu_by_pid()
    ours = set(tree(server.proc.pid)) if server else set()
    foreign = sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items()
                  if pid not in ours and pid != os.getpid())
    res = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99_ms": to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "non2xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0,
        "socket_errors": sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)),
        "foreign_cpu_s": round(foreign, 2),
        "raw": out,
    }
    if sampler:
        res["rss_peak_mib"] = round(peak[0], 1)
    return res


def warm_up(server, url, warm_s, script, steady):
    """Loads the server at c64 for warm_s; with steady=(window_s, max_s), then goes on in windows until
    three in a row are within 5 % of each other (a JIT has finished compiling the hot path; JIT
    warm-up has short plateaus, so two are not enough), at most max_s in all. Every server gets the
    same rule; the windows are reported so the warm-up cost stays visible."""
    log(f"{server.name}: warm-up {warm_s} s" + (f", then until steady (windows of {steady[0]} s, at most {steady[1]} s)" if steady else ""))
    wrk(url, 64, warm_s, script)
    windows = []
    if steady:
        window_s, max_s = steady
        while (len(windows) + 1) * window_s + warm_s <= max_s:
            windows.append(wrk(url, 64, window_s, script)["rps"])
            last = windows[-3:]
            if len(last) == 3 and max(last) - min(last) <= 0.05 * max(last):
                break
        log(f"{server.name}: warm-up windows {', '.join(f'{w:.0f}' for w in windows)} req/s")
    return {"warm_s": warm_s + len(windows) * (steady[0] if steady else 0), "warm_windows_rps": windows}


def measure(server, path, warm_s, run_s, script=None, steady=None):
    url = base_of(server.url) + path
    idle = rss_mib(server.proc.pid)
    warm = warm_up(server, url, warm_s, script, steady)
    out = {"start_ms": round(server.start_ms), "rss_idle_mib": round(idle, 1), **warm}
    for c in (16, 64):
        r = wrk(url, c, run_s, script, server)
        log(f"{server.name}: c{c} {r['rps']:.0f} req/s p50 {r['p50_ms']:.2f} ms p99 {r['p99_ms']:.2f} ms"
            f" non-2xx {r['non2xx']} errors {r['socket_errors']} foreign CPU {r['foreign_cpu_s']} s")
        out[f"c{c}"] = r
    return out


def paired(a, b, path_a, path_b, rounds, window_s, script=None):
    """Alternates c64 windows on two warm servers that are up at once (a b, b a, a b, ...), so both
    sides of a ratio see the same state of a shared machine; measured minutes apart, the same server
    swings by a third. Each round gives one ratio; the median of the rounds is the figure."""
    log(f"paired: {a.name} / {b.name}, {rounds} rounds of {window_s} s windows")
    url_a, url_b = base_of(a.url) + path_a, base_of(b.url) + path_b
    rows = []
    for i in range(rounds):
        order = (("a", url_a), ("b", url_b)) if i % 2 == 0 else (("b", url_b), ("a", url_a))
        got = {side: wrk(url, 64, window_s, script) for side, url in order}
        rows.append({"a_rps": got["a"]["rps"], "b_rps": got["b"]["rps"], "ratio": ratio(got["a"]["rps"], got["b"]["rps"]),
                     "a_p99_ms": got["a"]["p99_ms"], "b_p99_ms": got["b"]["p99_ms"],
                     "errors": got["a"]["non2xx"] + got["a"]["socket_errors"] + got["b"]["non2xx"] + got["b"]["socket_errors"]})
        log(f"paired {i + 1}: {a.name} {rows[-1]['a_rps']:.0f} req/s p99 {rows[-1]['a_p99_ms']:.2f} ms, "
            f"{b.name} {rows[-1]['b_rps']:.0f} req/s p99 {rows[-1]['b_p99_ms']:.2f} ms, ratio {rows[-1]['ratio']}")
    med = lambda k: round(statistics.median(r[k] for r in rows), 3)  # noqa: E731
    return {"a": a.name, "b": b.name, "window_s": window_s, "rounds": rows, "ratio_median": med("ratio"),
            "a_p99_median_ms": med("a_p99_ms"), "b_p99_median_ms": med("b_p99_ms"), "errors": sum(r["errors"] for r in rows)}


def base_of(url):
    m = re.match(r"(https?://[^/]+)", url)
    return m.group(1)


# ---------------------------------------------------------------- servers

def baseline_server(name, jdk, port, selectors=None):
    cp = os.path.join(BENCH, "target", "bench-0.1.0-SNAPSHOT.jar") + ":" + os.path.join(BENCH, "target", "lib", "*")
    cmd = [os.path.join(jdk, "bin", "java"), "-cp", cp, "io.fnkernel.bench.BaselineServer", str(port)]
    return Server(name, cmd + ([str(selectors)] if selectors else []), f"http://127.0.0.1:{port}/")


def fnk_server(name, functions, port, jdk, extra_opts="", path="/_fn/health", mode="run"):
    env = {"JAVA_HOME": jdk, "FNK_JAVA_OPTS": extra_opts}
    return Server(name, [FNK, mode, functions, "--port", str(port)], f"http://127.0.0.1:{port}{path}", env=env)


def compute_body():
    items = [{"id": i, "name": f"item-{i}", "score": (i * 37) % 101, "tags": [f"t{i % 5}", f"g{i % 3}", "x"]}
             for i in range(40)]
    return json.dumps({"items": items}, separators=(",", ":"))


def post_script(body):
    f = tempfile.NamedTemporaryFile("w", prefix="bench-post-", suffix=".lua", delete=False)
    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    f.write("wrk.body = " + json.dumps(body) + "\n")
    f.close()
    return f.name


def copy_functions():
    tmp = tempfile.mkdtemp(prefix="bench-functions-")
    shutil.copytree(os.path.join(ROOT, "functions"), os.path.join(tmp, "functions"))
    shutil.copytree(os.path.join(BENCH, "functions", "compute"), os.path.join(tmp, "functions", "compute"))
    return os.path.join(tmp, "functions")


HELLO_JS = """exports.handler = async (event) => ({ message: `Hello from V1, ${event.query.name || 'World'}`, mark: %d });\n"""


def write_hello(functions, mark):
    path = os.path.join(functions, "hello", "handler.js")
    with open(path, "w") as f:
        f.write(HELLO_JS % mark)


def wait_mark(url, mark, timeout=10):
    needle = f'"mark":{mark}'.encode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _, body = get(url, timeout=2)
            if needle in body:
                return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.002)
    return False


def hot_reload(jdk, edits):
    functions = copy_functions()
    port = free_port()
    lat = []
    # Edits start once the function answers: the first load at start-up is start-up, not reload.
    with fnk_server("hot-reload", functions, port, jdk, mode="dev", path="/hello?name=bench"):
        url = f"http://127.0.0.1:{port}/hello?name=bench"
        for i in range(1, edits + 1):
            t0 = time.monotonic()
            write_hello(functions, i)
            if not wait_mark(url, i):
                raise RuntimeError(f"edit {i} was not served within 10 s")
            lat.append((time.monotonic() - t0) * 1000)
            time.sleep(0.05)
    in_order = [round(x, 1) for x in lat]
    lat.sort()
    return {"edits": edits, "p50_ms": round(statistics.median(lat), 1), "p95_ms": round(nearest_rank(lat, 95), 1),
            "max_ms": round(lat[-1], 1), "in_order_ms": in_order}


def nearest_rank(ordered, pct):
    """The pct-th percentile by nearest rank: the smallest value with at least pct % of the values at or below it."""
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def swaps_under_load(jdk, swaps, conns):
    functions = copy_functions()
    port = free_port()
    with fnk_server("swaps", functions, port, jdk) as srv:
        url = f"http://127.0.0.1:{port}/hello?name=bench"
        wait_ok(url, 30)
        result = {}
        load = threading.Thread(target=lambda: result.update(wrk(url, conns, swaps + 4, server=srv)))
        load.start()
        time.sleep(1.5)
        seen = 0
        for i in range(1, swaps + 1):
            write_hello(functions, 1000 + i)
            seen += wait_mark(url, 1000 + i)
            time.sleep(0.3)
        load.join()
    return {"swaps": swaps, "swaps_seen": seen, "connections": conns, "requests_per_s": result["rps"],
            "non2xx": result["non2xx"], "socket_errors": result["socket_errors"],
            "errors": result["non2xx"] + result["socket_errors"]}


def cold_start(jdk, trials, path="/hello?name=bench"):
    functions = copy_functions()
    times = []
    for _ in range(trials):
        port = free_port()
        srv = fnk_server("cold", functions, port, jdk, path=path)
        srv.start()
        times.append(srv.start_ms)
        srv.stop()
    return {"trials": trials, "median_ms": round(statistics.median(times)), "all_ms": [round(t) for t in times]}


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true",
                    help="2 s warm-up and runs, no JDK 17 row, one start-up trial, 5 edits and 5 swaps (under 2 minutes): a smoke check")
    ap.add_argument("--only", help="comma-separated subset: baseline,js,jetty_cores,compute,node,python,js17,cold,startup,reload,swaps"
                         " (jetty_cores: bare Jetty with fnk's selector count, paired with js)")
    args = ap.parse_args()
    warm, run = (2, 2) if args.quick else (15, 10)
    # Full runs warm each server until its throughput is steady (see warm_up); --quick does not.
    steady = None if args.quick else (10, 135)
    only = set(args.only.split(",")) if args.only else None
    # --quick leaves out the JDK 17 row (a whole server start) unless --only asks for it.
    want = lambda k: (k in only) if only is not None else not (args.quick and k == "js17")  # noqa: E731

    jdk25, jdk17 = find_jdk(25), find_jdk(17)
    if not jdk25:
        sys.exit("bench: JDK 25 not found (set FNK_BENCH_JDK25)")
    if any(want(k) for k in ("baseline", "js", "compute", "node", "python", "js17", "swaps")):
        ensure_wrk()
    functions = copy_functions()
    results = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "quick": args.quick,
               "machine": machine(), "jdk25": jdk25, "jdk17": jdk17, "jvm25": fnk_jvm(jdk25),
               "warm_s": warm, "run_s": run,
               "servers": {}, "skipped": {}}
    results["host"] = {"start": host_probe(jdk25)}
    body = compute_body()
    script = post_script(body)
    S = results["servers"]

    P = results["paired"] = {}
    rounds, window = (1, 2) if args.quick else (5, 10)
    with contextlib.ExitStack() as up:  # the baseline stays up to be paired with each fnk server
        base = None
        if want("baseline"):
            base = up.enter_context(baseline_server("baseline", jdk25, free_port()))
            S["baseline"] = measure(base, "/", warm, run, steady=steady)
        if want("js"):
            with fnk_server("fnk-js-hello", functions, free_port(), jdk25, path="/hello?name=bench") as s:
                S["fnk_js_hello"] = measure(s, "/hello?name=bench", warm, run, steady=steady)
                if base:
                    P["js_hello_vs_baseline"] = paired(s, base, "/hello?name=bench", "/", rounds, window)
                if want("jetty_cores"):
                    # Context, no target: bare Jetty with fnk's selector count (one per core, where
                    # Jetty's default is one per two), so the gain of that setting is not read as fnk's.
                    port = free_port()
                    # fnk's default: the JVM's processor count (this process's CPUs), at most 64.
                    cores = min(64, len(os.sched_getaffinity(0)))
                    with baseline_server("baseline-jetty-cores", jdk25, port, cores) as b2:
                        S["baseline_jetty_cores"] = measure(b2, "/", warm, run, steady=steady)
                        P["js_hello_vs_jetty_cores"] = paired(s, b2, "/hello?name=bench", "/", rounds, window)
        if want("node") and not shutil.which("node"):
            results["skipped"]["node_compute"] = "no node on the PATH"
        if want("js17") and not jdk17:
            results["skipped"]["fnk_js_hello_jdk17"] = "no JDK 17 found (set FNK_BENCH_JDK17)"
        with contextlib.ExitStack() as node_up:
            node = None
            if want("node") and shutil.which("node"):
                port = free_port()
                node = node_up.enter_context(Server("node-compute", ["node", os.path.join(BENCH, "node", "compute-server.js"), str(port)],
                                                    f"http://127.0.0.1:{port}/", ready_timeout=30, ready_body=body.encode()))
                S["node_compute"] = measure(node, "/", warm, run, script, steady=steady)
            if want("compute"):
                port = free_port()
                with fnk_server("fnk-js-compute", functions, port, jdk25) as s:
                    wait_ok(f"http://127.0.0.1:{port}/compute", 30, body=body.encode())
                    S["fnk_js_compute"] = measure(s, "/compute", warm, run, script, steady=steady)
                    if node:
                        P["js_compute_vs_node"] = paired(s, node, "/compute", "/", rounds, window, script)
        if want("python"):
            with fnk_server("fnk-python-hello", functions, free_port(), jdk25, "-Dfnk.python.workers=2",
                            path="/python-hello?name=bench") as s:
                S["fnk_python_hello"] = measure(s, "/python-hello?name=bench", warm, run, steady=steady)
                if base:
                    P["python_hello_vs_baseline"] = paired(s, base, "/python-hello?name=bench", "/", rounds, window)
    if want("js17") and jdk17:
        with fnk_server("fnk-js-hello-jdk17", functions, free_port(), jdk17, path="/hello?name=bench") as s:
            S["fnk_js_hello_jdk17"] = measure(s, "/hello?name=bench", warm, run, steady=steady)
    if want("cold"):
        log("cold start: process start to first 200 on /hello")
        results["cold_start_js"] = cold_start(jdk25, 1 if args.quick else 5)
        log(f"cold start median {results['cold_start_js']['median_ms']} ms")
    if want("startup"):
        log("start-up: process start to first 200 on /_fn/health")
        results["startup_health"] = cold_start(jdk25, 1 if args.quick else 5, "/_fn/health")
        log(f"start-up median {results['startup_health']['median_ms']} ms {results['startup_health']['all_ms']}")
    if want("reload"):
        log("hot reload: file saved to new response")
        results["hot_reload"] = hot_reload(jdk25, 5 if args.quick else 20)
        log(f"hot reload p50 {results['hot_reload']['p50_ms']} ms p95 {results['hot_reload']['p95_ms']} ms"
            f" max {results['hot_reload']['max_ms']} ms")
    if want("swaps"):
        swaps = 5 if args.quick else 10
        log(f"{swaps} swaps under wrk -c16 load")
        results["swaps_under_load"] = swaps_under_load(jdk25, swaps, 16)
        log(f"swaps: errors {results['swaps_under_load']['errors']}")

    results["host"]["end"] = host_probe(jdk25)
    for name, why in results["skipped"].items():
        log(f"skipped {name}: {why}")
    report(results)


def host_probe(jdk):
    """How quick the host is now (bench/src HostProbe): one core, both cores, memory loads, cross-thread wake-ups."""
    cp = os.path.join(BENCH, "target", "bench-0.1.0-SNAPSHOT.jar")
    out = subprocess.run([os.path.join(jdk, "bin", "java"), "-cp", cp, "io.fnkernel.bench.HostProbe"],
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        log(f"host probe failed: {out.stderr.strip()[:200]}")
        return None
    probe = json.loads(out.stdout)
    log(f"host: one core {probe['alu_ms']} ms, both cores {probe['alu2_ms']} ms, memory load {probe['chase_ns']} ns,"
        f" wake-up round trip {probe['wake_us']} us")
    return probe


def fnk_jvm(jdk):
    """The JVM line of `fnk version` on that JDK: the prepared var/jvm (image and AOT cache) or the JDK as it is."""
    out = subprocess.run([FNK, "version"], env={**os.environ, "JAVA_HOME": jdk}, capture_output=True, text=True).stdout
    return next((l.split(":", 1)[1].strip() for l in out.splitlines() if l.strip().startswith("JVM:")), "unknown")


def machine():
    info = {"cpus": os.cpu_count(), "kernel": os.uname().release}
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
        with open("/proc/meminfo") as f:
            info["memory_gib"] = round(int(f.readline().split()[1]) / 1048576, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return info


def host_line(host):
    def one(p):
        return "failed" if not p else f"one core {p['alu_ms']} ms, both {p['alu2_ms']} ms, load {p['chase_ns']} ns, wake-up {p['wake_us']} us"
    return "; ".join(one(host.get(k)) for k in ("start", "end"))


def ratio(a, b):
    return round(a / b, 3) if a and b else None


def report(r):
    S = r["servers"]
    rows = []
    for name, s in S.items():
        rows.append(f"| {name} | {s['c16']['rps']:,.0f} | {s['c16']['p50_ms']:.2f} / {s['c16']['p99_ms']:.2f} | "
                    f"{s['c64']['rps']:,.0f} | {s['c64']['p50_ms']:.2f} / {s['c64']['p99_ms']:.2f} | "
                    f"{s['c16']['non2xx'] + s['c64']['non2xx']} | {s['rss_idle_mib']} | {s['c64'].get('rss_peak_mib')} | "
                    f"{s['start_ms']} | {max(s['c16']['foreign_cpu_s'], s['c64']['foreign_cpu_s'])} |")
    g = lambda k, c="c64": S.get(k, {}).get(c, {}).get("rps")  # noqa: E731
    P = r.get("paired", {})
    pm = lambda k, f="ratio_median": P.get(k, {}).get(f)  # noqa: E731
    targets = {
        "fnk JS hello / baseline (c64, paired windows, median) >= 0.60": pm("js_hello_vs_baseline"),
        "fnk JS hello p99 at c64 (paired windows, median) <= 5 ms": pm("js_hello_vs_baseline", "a_p99_median_ms"),
        "fnk JS compute / plain Node (c64, paired windows, median) >= 1.5": pm("js_compute_vs_node"),
        "fnk Python hello / baseline (c64, paired windows, median) >= 0.15": pm("python_hello_vs_baseline"),
        "context: fnk JS hello / bare Jetty with one selector per core (paired, median)": pm("js_hello_vs_jetty_cores"),
        "fnk JS hello / baseline (c64 rows above, minutes apart)": ratio(g("fnk_js_hello"), g("baseline")),
        "fnk JS hello p99 at c64 (row above)": S.get("fnk_js_hello", {}).get("c64", {}).get("p99_ms"),
        "fnk JS compute / plain Node (c64 rows above, minutes apart)": ratio(g("fnk_js_compute"), g("node_compute")),
        "fnk Python hello / baseline (c64 rows above, minutes apart)": ratio(g("fnk_python_hello"), g("baseline")),
        "JIT share: JS hello JDK 25 / JDK 17 (c64)": ratio(g("fnk_js_hello"), g("fnk_js_hello_jdk17")),
        "start to first 200 on a JS function <= 2000 ms": r.get("cold_start_js", {}).get("median_ms"),
        "start to first 200 on /_fn/health (median)": r.get("startup_health", {}).get("median_ms"),
        "idle RSS with the examples loaded <= 300 MiB": S.get("fnk_js_hello", {}).get("rss_idle_mib"),
        "hot reload p95 <= 300 ms": r.get("hot_reload", {}).get("p95_ms"),
        "errors during the swaps under load == 0": r.get("swaps_under_load", {}).get("errors"),
        "swaps served under load": f"{r['swaps_under_load']['swaps_seen']} of {r['swaps_under_load']['swaps']}"
        if "swaps_under_load" in r else None,
    }
    r["targets"] = targets
    lines = ["| server | warm-up s (windows req/s) |", "|---|---|"] + [
        f"| {name} | {s['warm_s']} ({', '.join(f'{w:,.0f}' for w in s['warm_windows_rps']) or '-'}) |" for name, s in S.items()] + [""]
    lines += ["| server | c16 req/s | c16 p50 / p99 ms | c64 req/s | c64 p50 / p99 ms | non-2xx | RSS idle MiB | "
             "RSS c64 peak MiB | start ms | foreign CPU s |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"] + rows
    if P:
        lines += ["", "| paired windows (c64, a b / b a ...) | a req/s | b req/s | a / b per round | median | p99 ms a / b (median) | errors |",
                  "|---|---|---|---|---:|---:|---:|"]
        for p in P.values():
            rs = p["rounds"]
            a_rps = ", ".join(f"{x['a_rps']:,.0f}" for x in rs)
            b_rps = ", ".join(f"{x['b_rps']:,.0f}" for x in rs)
            each = ", ".join(str(x["ratio"]) for x in rs)
            lines.append(f"| {p['a']} / {p['b']} | {a_rps} | {b_rps} | {each} | {p['ratio_median']} | "
                         f"{p['a_p99_median_ms']} / {p['b_p99_median_ms']} | {p['errors']} |")
    lines += ["", "| figure | value |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in targets.items()]
    lines += [f"| skipped: {k} | {v} |" for k, v in r["skipped"].items()]
    table = "\n".join(lines)
    print("\n" + table + "\n")
    os.makedirs(os.path.join(BENCH, "results"), exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for s in S.values():
        for c in ("c16", "c64"):
            s[c]["raw"] = s[c]["raw"].splitlines()
    path = os.path.join(BENCH, "results", f"bench-{stamp}{'-quick' if r['quick'] else ''}.json")
    with open(path, "w") as f:
        json.dump(r, f, indent=2)
    with open(os.path.join(BENCH, "results", "latest.md"), "w") as f:
        m = r["machine"]
        f.write(f"Run {r['date']} ({'quick' if r['quick'] else 'full'}), {m['cpus']} x {m.get('cpu', '?')}, "
                f"{m.get('memory_gib', '?')} GiB, kernel {m['kernel']}, JDK 25 at {r['jdk25']}, "
                f"its JVM: {r.get('jvm25', 'unknown')}\n\nHost probe at the start and the end: {host_line(r['host'])}\n\n{table}\n")
    log(f"results: {path}")


if __name__ == "__main__":
    main()
