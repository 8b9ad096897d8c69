#!/usr/bin/env python3
"""imagequeue benchmark harness (issue 6). Standard library only; drives deploy/local/up.sh, wrk, psql, jcmd.

Run it through bench/run.sh (which checks the tools). Every section writes its raw figures to
bench/results/<stamp>/results.json; the last step prints the table and writes docs/benchmarks.md.
"""
import argparse
import concurrent.futures
import datetime
import glob
import http.client
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
LUA = os.path.join(BENCH, "lua")
RUN = os.path.join(ROOT, ".run")
API = "http://127.0.0.1:18080"
SIM = "http://127.0.0.1:18100"
PG = ["psql", "-X", "-q", "-tA", "-h", "127.0.0.1", "-p", "15432", "-U", "imagequeue", "-d", "imagequeue"]
FLUX2 = "black-forest-labs/FLUX-2-pro"   # the model behind POST /v2/image/flux/generate
GPT_IMAGE = "openai/gpt-image-1.5"        # one call answers the image (no status polling)
GPT_IMAGE_UPSTREAM = "gpt-image-1.5"
RATE_MODEL = "flux-dev"                 # a separate model (own topic, own bucket) for the rate test

STACK_NAMES = ["api", "simulator", "kafka", "s3proxy", "postgres"]


def log(msg):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {msg}", flush=True)


def sh(cmd, check=True, env=None, capture=True, timeout=None):
    r = subprocess.run(cmd, shell=isinstance(cmd, str), env=env, text=True,
                       stdout=subprocess.PIPE if capture else None, stderr=subprocess.STDOUT if capture else None,
                       timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError(f"command failed ({r.returncode}): {cmd}\n{r.stdout}")
    return r.stdout if capture else ""


def psql(sql):
    env = dict(os.environ, PGPASSWORD="imagequeue")
    r = subprocess.run(PG + ["-v", "ON_ERROR_STOP=1", "-f", "-"], input=sql, env=env, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        raise RuntimeError(f"psql failed: {r.stdout}")
    return r.stdout.strip()


def http_json(method, url, body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        raw = r.read()
        return r.status, (json.loads(raw) if raw else None)


def sim_config(cfg):
    http_json("POST", SIM + "/_sim/config", cfg)


def sim_calls(kind=None, model=None):
    q = []
    if kind:
        q.append("kind=" + kind)
    if model:
        q.append("model=" + model)
    return http_json("GET", SIM + "/_sim/calls" + ("?" + "&".join(q) if q else ""), timeout=120)[1]["calls"]


def sim_clear_calls():
    http_json("DELETE", SIM + "/_sim/calls")


def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def read_pid(name):
    try:
        return int(open(os.path.join(RUN, name + ".pid")).read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def pid_alive(pid):
    return pid is not None and os.path.exists(f"/proc/{pid}")


def jdk_tool(pid, tool):
    """jcmd/jfr of the JDK the process runs on (the system's default JDK may be older)."""
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
        cand = os.path.join(os.path.dirname(exe), tool)
        if os.path.exists(cand):
            return cand
    except OSError:
        pass
    return shutil.which(tool) or tool


# ---------------------------------------------------------------- CPU load bookkeeping

def stack_pids():
    pids = set()
    for f in glob.glob(os.path.join(RUN, "*.pid")):
        pid = read_pid(os.path.basename(f)[:-4])
        if pid_alive(pid):
            pids.add(pid)
    # PostgreSQL backends are children of the postmaster
    pg = read_pid("postgres")
    if pg:
        for p in glob.glob("/proc/[0-9]*/stat"):
            try:
                fields = open(p).read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pg:
                    pids.add(int(p.split("/")[2]))
            except (OSError, IndexError, ValueError):
                pass
    return pids


def cpu_ticks():
    """(total ticks of the box, {pid: ticks} of processes outside the stack, this harness and wrk)."""
    total = sum(int(x) for x in open("/proc/stat").readline().split()[1:8])
    ours = stack_pids() | {os.getpid()}
    other = {}
    for p in glob.glob("/proc/[0-9]*/stat"):
        try:
            pid = int(p.split("/")[2])
            s = open(p).read()
            name = s[s.index("(") + 1:s.rindex(")")]
            fields = s.rsplit(")", 1)[1].split()
            if pid in ours or name in ("wrk", "mpstat", "psql", "jcmd", "jfr") or int(fields[1]) == os.getpid():
                continue
            other[pid] = int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total, other


def other_delta(a, b):
    """CPU ticks used between two snapshots by processes alive at the second (ones that exited are missed)."""
    return sum(max(0, t - a.get(pid, 0)) for pid, t in b.items())


class LoadProbe:
    """Records loadavg before, and during the measurement the box's busy % and the CPU used by processes
    that are not the stack, the harness or wrk (other people's builds). A run is marked noisy when those used
    more than 15 % of one core on average."""

    def __init__(self):
        self.load_before = open("/proc/loadavg").read().split()[0]

    def __enter__(self):
        self.t0 = time.time()
        self.c0 = cpu_ticks()
        self.idle0 = self._idle()
        return self

    @staticmethod
    def _idle():
        f = open("/proc/stat").readline().split()[1:8]
        f = [int(x) for x in f]
        return f[3] + f[4], sum(f)

    def __exit__(self, *a):
        c1 = cpu_ticks()
        i1 = self._idle()
        dt = max(0.001, time.time() - self.t0)
        hz = os.sysconf("SC_CLK_TCK")
        self.other_pct_core = round(100.0 * other_delta(self.c0[1], c1[1]) / hz / dt, 1)
        idle = (i1[0] - self.idle0[0]) / max(1, i1[1] - self.idle0[1])
        self.box_busy_pct = round(100 * (1 - idle), 1)
        self.load_after = open("/proc/loadavg").read().split()[0]
        self.noisy = self.other_pct_core > 15

    def as_dict(self):
        return {"loadavg1_before": self.load_before, "loadavg1_after": self.load_after,
                "box_busy_pct": self.box_busy_pct, "others_pct_of_core": self.other_pct_core, "noisy": self.noisy}


# ---------------------------------------------------------------- stack control

APPS = {  # what up.sh runs by default, and the env variable that points it elsewhere
    "IMAGEQUEUE_API_JAR": ("api-service/target/quarkus-app", "quarkus-run.jar"),
    "IMAGEQUEUE_WORKER_JAR": ("worker-service/target/quarkus-app", "quarkus-run.jar"),
    "IMAGEQUEUE_SIMULATOR_JAR": ("provider-simulator/target", "provider-simulator.jar"),
}


def snapshot_apps(dest, build):
    """Copies the three applications out of the work tree, so that someone rebuilding it during the run
    (mvn clean/package) cannot swap jars under the running services. Returns the env for up.sh."""
    env, info = {}, {}
    if build:  # always, unless --no-build: a jar left from an older build would measure older code
        log("building the applications (./mvnw -DskipTests package)")
        sh([os.path.join(ROOT, "mvnw"), "-B", "-q", "-DskipTests", "-pl", "api-service,worker-service,provider-simulator",
            "-am", "package"], timeout=1800)
    for var, (d, jar) in APPS.items():
        if var in os.environ:  # the caller chose a build: use it as it is
            info[var] = os.environ[var]
            continue
        src = os.path.join(ROOT, d)
        target = os.path.join(dest, var.split("_")[1].lower())
        for attempt in range(5):
            try:
                shutil.rmtree(target, ignore_errors=True)
                if d.endswith("quarkus-app"):
                    shutil.copytree(src, target)
                else:  # the simulator: its jar and lib/ (the manifest's class path)
                    os.makedirs(target)
                    shutil.copy2(os.path.join(src, jar), target)
                    if os.path.isdir(os.path.join(src, "lib")):
                        shutil.copytree(os.path.join(src, "lib"), os.path.join(target, "lib"))
                break
            except (OSError, shutil.Error) as e:
                log(f"copying {src} failed ({e}); someone may be rebuilding it: retrying in 20 s")
                time.sleep(20)
        else:
            raise RuntimeError(f"could not copy {src}")
        env[var] = os.path.join(target, jar)
        info[var] = f"{d}/{jar} built {datetime.datetime.fromtimestamp(os.path.getmtime(os.path.join(src, jar)), datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"
    return env, info


class Stack:
    def __init__(self, args):
        self.args = args
        self.base_env = dict(os.environ)
        self.app_env, self.app_info = snapshot_apps(os.path.join(args.out, "apps"), build=not args.no_build)
        self.base_env.update(self.app_env)
        self.base_env.update({
            "IMAGEQUEUE_LIMITS_REQUESTS_PER_MINUTE": "1000000000",
            "IMAGEQUEUE_LIMITS_MAX_IN_FLIGHT": "1000000000",
            "IMAGEQUEUE_RATE_LIMIT_OVERRIDES":
                f"{FLUX2}=1000000/{args.slow_max}," f"{GPT_IMAGE}=1000000/64," f"{RATE_MODEL}={args.rate_rpm}/24",
        })

    def up(self, workers=1, max_in_flight=None, purge=False):
        if purge:
            sh([os.path.join(ROOT, "deploy/local/down.sh"), "--purge"], check=False)
        env = dict(self.base_env)
        if max_in_flight:
            env["IMAGEQUEUE_DISPATCH_MAX_IN_FLIGHT"] = str(max_in_flight)
        # always --no-build: the applications are the snapshot taken at the start
        cmd = [os.path.join(ROOT, "deploy/local/up.sh"), "--workers", str(workers), "--no-build"]
        log(f"up.sh --workers {workers} (IMAGEQUEUE_DISPATCH_MAX_IN_FLIGHT={env.get('IMAGEQUEUE_DISPATCH_MAX_IN_FLIGHT', 'default')}, "
            f"IMAGEQUEUE_RATE_LIMIT_OVERRIDES={env['IMAGEQUEUE_RATE_LIMIT_OVERRIDES']})")
        out = sh(cmd, env=env, timeout=900)
        self.key = open(os.path.join(RUN, "api-key")).read().strip()
        # The API's own admission limits would answer 429/402 long before the gateway's capacity is reached
        # (defaults: 600 submits/min and 100 tasks in flight per key; the bootstrap tenant's credit lasts a
        # few thousand tasks): lift them for the bench key and tenant. Idempotent.
        psql("update api_keys set requests_per_minute = 1000000000, max_in_flight = 1000000000; "
             "update tenants set balance = 1000000000")
        return out

    def stop_workers(self):
        pids = [read_pid(os.path.basename(f)[:-4]) for f in glob.glob(os.path.join(RUN, "worker-*.pid"))]
        pids = [p for p in pids if pid_alive(p)]
        for p in pids:
            os.kill(p, 15)
        deadline = time.time() + 90
        while any(pid_alive(p) for p in pids) and time.time() < deadline:
            time.sleep(0.5)
        log(f"stopped workers {pids}")

    def restart_workers(self, workers, max_in_flight=None):
        self.stop_workers()
        self.up(workers=workers, max_in_flight=max_in_flight)

    def worker_pid(self, n=1):
        return read_pid(f"worker-{n}")


# ---------------------------------------------------------------- clients

class ApiClient:
    """Keep-alive HTTP client, one connection per thread."""

    def __init__(self, key):
        self.key = key
        self.local = threading.local()

    def _conn(self):
        c = getattr(self.local, "c", None)
        if c is None:
            c = self.local.c = http.client.HTTPConnection("127.0.0.1", 18080, timeout=60)
        return c

    def request(self, method, path, body=None):
        for attempt in range(2):
            c = self._conn()
            try:
                c.request(method, path, body=json.dumps(body) if body is not None else None,
                          headers={"Authorization": "Bearer " + self.key, "Content-Type": "application/json"})
                r = c.getresponse()
                data = r.read()
                return r.status, json.loads(data) if data else None
            except (http.client.HTTPException, OSError):
                c.close()
                self.local.c = None
                if attempt:
                    raise

    def submit_flux(self, prompt, width=1024, height=1024, fmt="png"):
        s, b = self.request("POST", "/v2/image/flux/generate",
                            {"prompt": prompt, "width": width, "height": height, "output_format": fmt, "async": True})
        if s != 202:
            raise RuntimeError(f"submit answered {s}: {b}")
        return b["task_address"]

    def submit_model(self, model, prompt, size="1024x768"):
        s, b = self.request("POST", "/v1/images/generations",
                            {"model": model, "prompt": prompt, "size": size, "async": True})
        if s != 202:
            raise RuntimeError(f"submit answered {s}: {b}")
        return b["task_address"]


def submit_many(fn, n, threads=16):
    with concurrent.futures.ThreadPoolExecutor(threads) as ex:
        return list(ex.map(fn, range(n)))


def wrk(script, url, rate, duration, connections, threads=2, extra_env=None, jfr_pid=None, jfr_file=None):
    """wrk, paced with delay() when rate is given: each of the connections waits connections/rate s between
    requests, so the offered load is at most `rate` (a paced closed loop: wrk has no open-loop mode; wrk2 is not
    packaged by Debian). Latency is measured from the send, so a stall hides the requests not sent meanwhile."""
    env = dict(os.environ, BENCH_LUA_DIR=LUA)
    env.update(extra_env or {})
    env["BENCH_RATE"] = str(rate / threads) if rate else "0"   # per wrk thread
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s",
           os.path.join(LUA, script), url]
    jfr = None
    if jfr_pid:
        jfr = subprocess.Popen([jdk_tool(jfr_pid, "jcmd"), str(jfr_pid), "JFR.start", "name=bench",
                                f"duration={max(5, duration - 5)}s", f"filename={jfr_file}", "settings=profile"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = sh(cmd, env=env, timeout=duration + 60)
    if jfr:
        jfr.wait()
    m = re.search(r"BENCHJSON (\{.*\})", out)
    if not m:
        raise RuntimeError("wrk printed no result:\n" + out)
    r = json.loads(m.group(1))
    secs = r["duration_us"] / 1e6
    ok_status = "202" if "submit" in script and "sim" not in script else "200"
    r["rps"] = round(r["requests"] / secs, 1)
    r["ok"] = r["statuses"].get(ok_status, 0)
    r["errors"] = r["requests"] - r["ok"] + r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]
    r["offered"] = rate
    r["connections"] = connections
    r["cmd"] = " ".join(shlex.quote(c) for c in cmd)
    return r


def hot_methods(jfr_pid, jfr_file, top=15):
    """Top frames of jdk.ExecutionSample from a JFR file (`jfr view hot-methods` on JDK 21+, else `jfr summary`)."""
    if not os.path.exists(jfr_file):
        return "(no JFR file)"
    tool = jdk_tool(jfr_pid, "jfr") if pid_alive(jfr_pid) else (shutil.which("jfr") or "jfr")
    r = subprocess.run([tool, "view", "--width", "160", "hot-methods", jfr_file], text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        r = subprocess.run([tool, "summary", jfr_file], text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = r.stdout.splitlines()
    return "\n".join(lines[:top + 6])


# ---------------------------------------------------------------- sections

def wait_terminal(ids, timeout):
    deadline = time.time() + timeout
    quoted = ",".join("'" + i + "'" for i in ids)
    while time.time() < deadline:
        n = int(psql(f"select count(*) from tasks where id in ({quoted}) and status in ('succeeded','failed','canceled','expired')"))
        if n >= len(ids):
            return True
        time.sleep(1)
    return False


def section_baseline(st, args, res):
    """6. The same load straight to the simulator's BFL submit."""
    sim_config({"max_concurrent": 1000000, "result_ttl_seconds": 30})
    sim_config({"provider": "bfl", "model": "flux-2-pro", "latency_ms": 0})
    rows = []
    wrk("sim_submit.lua", SIM, None, 5, 16)  # warm-up
    for rate, conns in args.rates:
        with LoadProbe() as lp:
            r = wrk("sim_submit.lua", SIM, rate, args.duration, conns)
        r["load"] = lp.as_dict()
        rows.append(r)
        log(f"baseline sim submit @{rate}/s: {r['rps']} req/s p50 {r['p50_us']/1000:.1f} ms p99 {r['p99_us']/1000:.1f} ms errors {r['errors']}")
    with LoadProbe() as lp:
        r = wrk("sim_submit.lua", SIM, None, args.duration, 64)
    r["load"] = lp.as_dict()
    rows.append(r)
    log(f"baseline sim submit closed loop 64 conns: {r['rps']} req/s p99 {r['p99_us']/1000:.1f} ms")
    sim_clear_calls()
    sim_config({"result_ttl_seconds": 600})
    res["baseline"] = rows


def dispatch_probe(args, submit, provider, sim_model, label):
    """Submits tasks one at a time and splits each one's life with the database and the simulator's call log."""
    lat = args.dispatch_latency_ms
    sim_config({"provider": provider, "model": sim_model, "latency_ms": lat})
    # warm-up (JIT, connections, topic)
    for i in range(5):
        wait_terminal([submit(f"warm-up {label} {i}")], 60)
    sim_clear_calls()
    rows = []
    with LoadProbe() as lp:
        for i in range(args.dispatch_n):
            t = submit(f"dispatch probe {label} {i} {time.time()}")
            wait_terminal([t], 60 + lat / 1000)
            rows.append(t)
            time.sleep(0.2)
    calls = sim_calls()
    gens = sorted([c for c in calls if c["kind"] == "generate" and c["model"] == sim_model], key=lambda c: c["at_ms"])
    polls = sorted([c for c in calls if c["kind"] == "poll"], key=lambda c: c["at_ms"])
    downloads = sorted([c for c in calls if c["kind"] == "download"], key=lambda c: c["at_ms"])
    q = ",".join("'" + i + "'" for i in rows)
    db = psql("select id, status, extract(epoch from created_at)*1000, extract(epoch from started_at)*1000, "
              f"extract(epoch from completed_at)*1000 from tasks where id in ({q}) order by created_at")
    samples = []
    for line in db.splitlines():
        tid, status, c, s, e = line.split("|")
        c, s, e = float(c), float(s or 0), float(e or 0)
        g = next((x for x in gens if c <= x["at_ms"] <= e), None)
        ready = None
        dl = None
        if g and polls:
            ready = next((p for p in polls if p["at_ms"] >= g["at_ms"] + lat), None)
            dl = next((d for d in downloads if d["at_ms"] >= g["at_ms"]), None)
        answered = (g["at_ms"] + g["duration_ms"]) if g and g.get("duration_ms") is not None else None
        samples.append({"id": tid, "status": status, "dispatch_ms": s - c, "e2e_ms": e - c, "overhead_ms": e - c - lat,
                        "to_provider_ms": (g["at_ms"] - c) if g else None,
                        "poll_lag_ms": (ready["at_ms"] - g["at_ms"] - lat) if ready else None,
                        "after_ready_ms": (e - ready["at_ms"]) if ready else ((e - answered) if answered and not polls else None),
                        "download_ms": dl["duration_ms"] if dl else None})
    ok = [x for x in samples if x["status"] == "succeeded"]

    def summ(key):
        v = [x[key] for x in ok if x[key] is not None]
        return {"p50": round(pct(v, 50), 1) if v else None, "p95": round(pct(v, 95), 1) if v else None,
                "max": round(max(v), 1) if v else None, "n": len(v)}
    d = {"n": len(samples), "succeeded": len(ok), "sim_latency_ms": lat, "load": lp.as_dict(), "model": sim_model,
         "polled": bool(polls),
         "dispatch_ms": summ("dispatch_ms"), "e2e_ms": summ("e2e_ms"), "overhead_ms": summ("overhead_ms"),
         "to_provider_ms": summ("to_provider_ms"), "poll_lag_ms": summ("poll_lag_ms"),
         "after_ready_ms": summ("after_ready_ms"), "download_ms": summ("download_ms"),
         "succeeded_ids": [x["id"] for x in ok]}
    log(f"dispatch ({sim_model}) p50/p95 {d['dispatch_ms']['p50']}/{d['dispatch_ms']['p95']} ms; overhead p50/p95 "
        f"{d['overhead_ms']['p50']}/{d['overhead_ms']['p95']} ms (poll lag p50 {d['poll_lag_ms']['p50']}, after-ready p50 {d['after_ready_ms']['p50']})")
    return d


def section_dispatch(st, args, res):
    """2. Submit-to-start and end-to-end overhead, one task at a time (light load), 1024x1024 PNG:
    once through BFL's submit-and-poll protocol (FLUX.2 [pro]) and once through OpenAI's one-call
    protocol (gpt-image-1.5), where no poll interval hides in the overhead."""
    cli = ApiClient(st.key)
    res["dispatch"] = dispatch_probe(args, lambda p: cli.submit_flux(p), "bfl", "flux-2-pro", "flux")
    res["dispatch_sync"] = dispatch_probe(args, lambda p: cli.submit_model(GPT_IMAGE, p, "1024x1024"),
                                          "openai", GPT_IMAGE_UPSTREAM, "gpt-image")
    sim_config({"provider": "openai", "model": GPT_IMAGE_UPSTREAM, "latency_ms": None})
    # failed tasks for the poll section: input moderation fails at once, without retry
    failed = submit_many(lambda i: cli.submit_flux(f"poll probe {i} [sim:moderate-input]", 256, 256, "jpeg"), args.poll_failed_n, 8)
    wait_terminal(failed, 120)
    res["failed_ids"] = failed


def section_slow(st, args, res):
    """4. One worker, simulator latency 60 s: tasks held in flight, heap and RSS."""
    sim_config({"provider": "bfl", "model": "flux-2-pro", "latency_ms": args.slow_latency_ms})
    cli = ApiClient(st.key)
    pid = st.worker_pid(1)
    jcmd = jdk_tool(pid, "jcmd")
    stop = threading.Event()

    def clear_log():  # the worker polls each task every 0.5 s: keep the simulator's call log from growing
        while not stop.wait(3):
            try:
                sim_clear_calls()
            except Exception:
                pass
    # The polls go on until every task ends, so the log is cleared until then, and the thread stops
    # even when the section fails: left running, it would wipe the call log under the next sections.
    threading.Thread(target=clear_log, daemon=True).start()
    try:
        rows = []
        ids = []
        t_start = time.time()
        for target in args.slow_steps:
            row, step_ids = slow_step(cli, pid, jcmd, target, len(ids), t_start)
            ids += step_ids
            rows.append(row)
            log(f"slow: target {target}: in flight {row['in_flight']}, heap used {row['heap_used_mb']} MB, "
                f"live {row['heap_live_after_full_gc_mb']} MB, RSS {row['rss_mb']} MB")
        res["slow"] = {"latency_ms": args.slow_latency_ms, "rows": rows,
                       "worker_xmx": "256m (deploy/local/up.sh APP_JVM)"}
        # let them finish before the next section (64x64 JPEG: cheap)
        sim_config({"provider": "bfl", "model": "flux-2-pro", "latency_ms": 0})
        wait_terminal(ids, args.slow_latency_ms / 1000 + 240)
    finally:
        stop.set()
    sim_clear_calls()


def slow_step(cli, pid, jcmd, target, submitted, t_start):
    """Tops the slow tasks up to target, waits (at most 45 s) until that many run, and reads the worker's memory."""
    def running():
        return int(psql(f"select count(*) from tasks where model = '{FLUX2}' and status = 'running'"))
    with LoadProbe() as lp:
        ids = submit_many(lambda i: cli.submit_flux(f"slow {target} {i} {time.time()}", 64, 64, "jpeg"),
                          target - submitted, 16)
        deadline = time.time() + 45
        while time.time() < deadline and running() < target:
            time.sleep(0.5)
        time.sleep(2)
        in_flight = running()
        heap = sh([jcmd, str(pid), "GC.heap_info"], check=False)
        rss = int(sh(["ps", "-o", "rss=", "-p", str(pid)]).strip())
        sh([jcmd, str(pid), "GC.run"], check=False)
        heap_after = sh([jcmd, str(pid), "GC.heap_info"], check=False)
    used = _heap_used_kb(heap)
    live = _heap_used_kb(heap_after)
    row = {"target": target, "in_flight": in_flight, "secs_since_first_submit": round(time.time() - t_start, 1),
           "heap_used_mb": round(used / 1024, 1) if used else None,
           "heap_live_after_full_gc_mb": round(live / 1024, 1) if live else None,
           "heap_committed_mb": _heap_committed_mb(heap_after),
           "rss_mb": round(rss / 1024, 1), "load": lp.as_dict(), "heap_info": heap_after.strip()[-600:]}
    return row, ids


def _heap_used_kb(text):
    # SerialGC: "def new generation total 9792K, used 3453K" / "tenured generation total 21612K, used 15402K"
    used = [int(x) for x in re.findall(r"(?:DefNew|Tenured|generation)\s+total \d+K, used (\d+)K", text)]
    if not used:
        used = [int(x) for x in re.findall(r"used (\d+)K", text)[:1]]
    return sum(used) if used else None


def _heap_committed_mb(text):
    tot = [int(x) for x in re.findall(r"(?:DefNew|Tenured|generation)\s+total (\d+)K", text)]
    return round(sum(tot) / 1024, 1) if tot else None


def section_rate(st, args, res, workers):
    """5. Achieved vs configured rate, from the simulator's call log."""
    rpm = args.rate_rpm
    n = args.rate_tasks
    sim_config({"provider": "bfl", "model": RATE_MODEL, "latency_ms": 1000, "rate_limit_per_minute": rpm})
    cli = ApiClient(st.key)
    sim_clear_calls()
    t0 = time.time()
    with LoadProbe() as lp:
        ids = submit_many(lambda i: cli.submit_model(RATE_MODEL, f"rate {workers}w {i} {t0}"), n, 8)
        done = wait_terminal(ids, n * 60.0 / rpm + 120)
    calls = [c for c in sim_calls(kind="generate", model=RATE_MODEL)]
    sim_config({"provider": "bfl", "model": RATE_MODEL, "rate_limit_per_minute": None})
    ok = sorted(c["at_ms"] for c in calls if c["status"] == 200)
    refused = sum(1 for c in calls if c["status"] == 429)
    # Every call that reached the provider counts against its limit, the refused ones too: the simulator
    # enforces the same limit, so counting only its 200s would hide an excess behind its 429s.
    arrived = sorted(c["at_ms"] for c in calls)
    busiest = 0
    j = 0
    for i in range(len(arrived)):
        while arrived[i] - arrived[j] >= 60000:
            j += 1
        busiest = max(busiest, i - j + 1)
    span = (ok[-1] - ok[0]) / 1000 if len(ok) > 1 else 0
    # achieved = calls per consecutive full minute from the first call (the last, partial minute is left out)
    minutes = [sum(1 for t in ok if ok[0] + k * 60000 <= t < ok[0] + (k + 1) * 60000) for k in range(int(span // 60))]
    achieved = sum(minutes) / len(minutes) if minutes else None
    # steady rate without the first window (a full bucket may allow a burst at the start)
    steady = [t for t in ok if t >= ok[0] + 60000] if ok else []
    steady_rate = ((len(steady) - 1) / ((steady[-1] - steady[0]) / 1000) * 60) if len(steady) > 1 and steady[-1] > steady[0] else None
    states = psql(f"select status, count(*) from tasks where id in ({','.join(chr(39) + i + chr(39) for i in ids)}) group by 1")
    row = {"workers": workers, "configured_rpm": rpm, "tasks": n, "all_terminal": done, "calls_ok": len(ok),
           "calls_429": refused, "span_s": round(span, 1), "achieved_rpm": round(achieved, 2) if achieved else None,
           "steady_rpm_after_first_minute": round(steady_rate, 2) if steady_rate else None,
           "busiest_60s_window": busiest, "busiest_pct_of_limit": round(100.0 * busiest / rpm, 1),
           "achieved_pct_of_limit": round(100.0 * achieved / rpm, 1) if achieved else None,
           "task_states": states.replace("\n", ", "), "load": lp.as_dict(),
           "per_minute": minutes, "first_call_after_submit_s": round(ok[0] / 1000 - t0, 2) if ok else None}
    res.setdefault("rate", []).append(row)
    log(f"rate {workers} worker(s): {row}")


def table_stats():
    out = {}
    for line in psql("select relname, n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables "
                     "where relname in ('tasks', 'task_outbox', 'rate_limit_calls', 'api_key_usage', 'tenants', 'credit_ledger')").splitlines():
        n, i, u, d = line.split("|")
        out[n] = {"ins": int(i), "upd": int(u), "del": int(d)}
    return out


def section_submit(st, args, res):
    """1. Async submit at fixed offered loads, then closed loop, JFR on the API at the top."""
    stats0 = table_stats()
    rows = []
    env = {"BENCH_API_KEY": st.key}
    wrk("submit.lua", API, None, 10, 16, extra_env=env)  # JIT warm-up
    api_pid = read_pid("api")
    for rate, conns in args.rates:
        with LoadProbe() as lp:
            r = wrk("submit.lua", API, rate, args.duration, conns, extra_env=env)
        r["load"] = lp.as_dict()
        rows.append(r)
        log(f"submit @{rate}/s: {r['rps']} req/s p50 {r['p50_us']/1000:.1f} p95 {r['p95_us']/1000:.1f} p99 {r['p99_us']/1000:.1f} ms, non-202/errors {r['errors']}, box busy {lp.box_busy_pct}%")
        if r["errors"] > 0.01 * max(1, r["requests"]) or r["rps"] < 0.8 * rate:
            log("submit: saturated or erroring: stopping the fixed-rate ladder")
            break
    jfr_file = os.path.join(args.out, "api-submit.jfr")
    waits = {}
    stop = threading.Event()

    def sample_waits():  # what PostgreSQL's busy backends wait on, sampled every 0.25 s
        while not stop.wait(0.25):
            try:
                for line in psql("select coalesce(wait_event_type, 'CPU'), coalesce(wait_event, '-'), count(*) "
                                 "from pg_stat_activity where state = 'active' and backend_type = 'client backend' "
                                 "and query not like '%pg_stat_activity%' group by 1, 2").splitlines():
                    t, e, n = line.split("|")
                    waits[t + ":" + e] = waits.get(t + ":" + e, 0) + int(n)
            except Exception:
                pass
    sampler = threading.Thread(target=sample_waits, daemon=True)
    sampler.start()
    with LoadProbe() as lp:
        r = wrk("submit.lua", API, None, args.duration, 64, extra_env=env, jfr_pid=api_pid, jfr_file=jfr_file)
    stop.set()
    sampler.join()
    total = max(1, sum(waits.values()))
    res["submit_pg_waits"] = {k: round(100.0 * v / total, 1) for k, v in sorted(waits.items(), key=lambda kv: -kv[1])}
    r["load"] = lp.as_dict()
    rows.append(r)
    log(f"submit closed loop 64 conns: {r['rps']} req/s p99 {r['p99_us']/1000:.1f} ms errors {r['errors']}")
    res["submit"] = rows
    res["submit_hot_methods"] = hot_methods(api_pid, jfr_file)
    res["submit_cpu"] = cpu_split(lambda: wrk("submit.lua", API, None, 10, 64, extra_env=env))
    time.sleep(2)
    stats1 = table_stats()
    # row operations per table during the section (deferrals show as task updates and extra outbox rows)
    res["submit_row_ops"] = {t: {k: stats1[t][k] - stats0.get(t, {}).get(k, 0) for k in stats1[t]} for t in stats1}


def cpu_split(fn):
    """% of one core used by each stack process while fn runs."""
    names = {}
    for f in glob.glob(os.path.join(RUN, "*.pid")):
        n = os.path.basename(f)[:-4]
        p = read_pid(n)
        if pid_alive(p):
            names[p] = n

    def ticks():
        t = {}
        pg = read_pid("postgres")
        for p in glob.glob("/proc/[0-9]*/stat"):
            try:
                pid = int(p.split("/")[2])
                s = open(p).read()
                f = s.rsplit(")", 1)[1].split()
                name = names.get(pid) or ("postgres" if int(f[1]) == pg else None)
                if s[s.index("(") + 1:s.rindex(")")] == "wrk":
                    name = "wrk"
                if name:
                    t[name] = t.get(name, 0) + int(f[11]) + int(f[12])
            except (OSError, ValueError, IndexError):
                pass
        return t
    t0, a = time.time(), ticks()
    fn()
    dt, b = time.time() - t0, ticks()
    hz = os.sysconf("SC_CLK_TCK")
    return {k: round(100.0 * (b.get(k, 0) - a.get(k, 0)) / hz / dt, 1) for k in sorted(set(a) | set(b))}


def section_poll(st, args, res):
    """3. GET /v2/tasks/{id} cycling over queued, failed and succeeded (1024x1024 PNG, base64) tasks."""
    env = {"BENCH_API_KEY": st.key}
    sets = {
        "queued": psql(f"select id from tasks where status = 'queued' limit {args.poll_ids}").split(),
        "failed": res.get("failed_ids") or psql(f"select id from tasks where status = 'failed' limit {args.poll_ids}").split(),
        "succeeded (1024x1024 PNG, base64 in the body)": res.get("dispatch", {}).get("succeeded_ids") or
        psql(f"select id from tasks where status = 'succeeded' limit 50").split(),
    }
    rows = []
    for label, ids in sets.items():
        if not ids:
            continue
        f = os.path.join(args.out, "ids-" + label.split()[0] + ".txt")
        open(f, "w").write("\n".join(ids) + "\n")
        e = dict(env, BENCH_IDS_FILE=f)
        wrk("poll.lua", API, None, 5, 32, extra_env=e)
        with LoadProbe() as lp:
            r = wrk("poll.lua", API, None, args.duration, 32, extra_env=e)
        r["load"] = lp.as_dict()
        r["label"] = label
        r["ids"] = len(ids)
        r["body_bytes"] = round(r["bytes"] / max(1, r["requests"]))
        rows.append(r)
        log(f"poll {label}: {r['rps']} req/s p50 {r['p50_us']/1000:.1f} p99 {r['p99_us']/1000:.1f} ms, ~{r['body_bytes']} B/response, errors {r['errors']}")
    res["poll"] = rows


# ---------------------------------------------------------------- report

def machine():
    mem = open("/proc/meminfo").readline().split()[1]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    api = read_pid("api")
    jv = "?"
    if pid_alive(api):
        jv = sh([os.readlink(f"/proc/{api}/exe"), "-version"], check=False).splitlines()
        jv = " / ".join(jv[:2])
    commit = sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], check=False).strip()
    dirty = len([l for l in sh(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], check=False).splitlines() if l.strip()])
    return {"code": f"{commit} ({dirty} tracked files modified in the work tree)" if dirty else commit,
            "cores": os.cpu_count(), "cpu": cpu, "mem_gib": round(int(mem) / 1024 / 1024, 1), "jdk": jv,
            "kernel": platform.release(), "os": sh("grep PRETTY_NAME /etc/os-release | cut -d= -f2", check=False).strip().strip('"')}


def ms(us):
    return f"{us / 1000:.1f}"


def noise(ld):
    return (f"load {ld['loadavg1_before']}, busy {ld['box_busy_pct']} %, others {ld['others_pct_of_core']} % core"
            + (" **NOISY**" if ld["noisy"] else ""))


def report(res, path):
    L = []
    m = res["machine"]
    L.append("# imagequeue benchmarks (issue 6)\n")
    L.append(f"- **Date:** {res['started']} to {res['finished']} (UTC)")
    L.append(f"- **Machine:** {m['cores']} cores ({m['cpu']}), {m['mem_gib']} GiB RAM, {m['os']}, kernel {m['kernel']}")
    L.append(f"- **JDK (services):** {m['jdk']}; services run with up.sh's `-Xms64m -Xmx256m -XX:+UseSerialGC`")
    cmd = res["command"]
    L.append(f"- **Command:** {cmd}" if "`" in cmd else f"- **Command:** `{cmd}`")
    L.append(f"- **Code:** {m.get('code', '?')}; applications copied from the work tree at the start of the run: "
             + ("; ".join(f"{v}" for v in m.get("apps", {}).values()) or "(not recorded)"))
    L.append(f"- **Everything co-located** on 127.0.0.1: PostgreSQL, Kafka, s3proxy, simulator, API, worker(s) and wrk share the cores.")
    L.append("- **Noise:** every row carries the 1-min load average before it, how busy the box was during it, and the CPU "
             "used meanwhile by processes that are not the stack, the harness or wrk (`others`, % of one core). "
             "Rows where others used > 15 % of a core are marked **NOISY**.\n")
    L.append("## Summary against the targets\n")
    L.append("| measurement | target | result | baseline (simulator alone) | verdict |")
    L.append("|---|---|---|---|---|")
    for line in res.get("summary_rows", []):
        L.append(line)
    L.append("")
    if "submit" in res:
        L.append("## 1. Async submit (`POST /v2/image/flux/generate`, `async: true`)\n")
        L.append("wrk 4.1 (Debian packages no wrk2), paced by `bench/lua/common.lua`: each wrk thread keeps a schedule "
                 "(monotonic clock through LuaJIT ffi) and `delay()` holds every request until its slot, so the offered load is "
                 "the rate while the connections keep up; a late thread catches up with its free connections (at most 1 s of "
                 "backlog). Latency is measured from the actual send, so coordinated omission is bounded by the connection count, "
                 "not corrected as in wrk2: when achieved < offered, the tails are optimistic. The ladder stops at the first rate "
                 "with > 1 % errors or < 80 % achieved. The last row is an unpaced closed loop with 64 connections (saturation). "
                 "Errors = answers other than 202 plus socket errors.\n")
        L.append(res.get("submit_note", ""))
        L.append("| offered req/s | conns | achieved req/s | p50 ms | p95 ms | p99 ms | max ms | errors | simulator alone req/s / p99 ms | ratio (req/s) | load |")
        L.append("|---|---|---|---|---|---|---|---|---|---|---|")
        base = {b["offered"]: b for b in res.get("baseline", [])}
        for r in res["submit"]:
            b = base.get(r["offered"])
            bs = f"{b['rps']} / {ms(b['p99_us'])}" if b else "-"
            ratio = f"{r['rps'] / b['rps']:.2f}" if b and b["rps"] else "-"
            L.append(f"| {r['offered'] or 'closed loop'} | {r['connections']} | {r['rps']} | {ms(r['p50_us'])} | {ms(r['p95_us'])} | "
                     f"{ms(r['p99_us'])} | {ms(r['max_us'])} | {r['errors']} | {bs} | {ratio} | {noise(r['load'])} |")
        if res.get("submit_bounded"):
            L.append("\nThe same ladder with one **bounded worker running** (" + res.get("submit_bounded_note", "").strip() + "):\n")
            L.append("| offered req/s | conns | achieved req/s | p50 ms | p95 ms | p99 ms | max ms | errors | load |")
            L.append("|---|---|---|---|---|---|---|---|---|")
            for r in res["submit_bounded"]:
                L.append(f"| {r['offered'] or 'closed loop'} | {r['connections']} | {r['rps']} | {ms(r['p50_us'])} | {ms(r['p95_us'])} | "
                         f"{ms(r['p99_us'])} | {ms(r['max_us'])} | {r['errors']} | {noise(r['load'])} |")
            if res.get("submit_bounded_cpu"):
                L.append("\nCPU per process, closed loop with the bounded worker (% of one core): " +
                         ", ".join(f"{k} {v}" for k, v in res["submit_bounded_cpu"].items()))
            if res.get("submit_bounded_row_ops"):
                L.append("\nPostgreSQL row operations during that section (inserted/updated/deleted): " +
                         "; ".join(f"{t} {v['ins']}/{v['upd']}/{v['del']}" for t, v in sorted(res["submit_bounded_row_ops"].items())))
            if res.get("submit_bounded_pg_waits"):
                L.append("\nPostgreSQL active backends during its closed loop (% of samples; CPU = not waiting): " +
                         ", ".join(f"{k} {v}" for k, v in list(res["submit_bounded_pg_waits"].items())[:8]))
        if res.get("submit_cpu"):
            L.append("\nCPU per process during a further 10-s closed-loop run (% of one core; the box is 200 %): " +
                     ", ".join(f"{k} {v}" for k, v in res["submit_cpu"].items()))
        if res.get("submit_row_ops"):
            L.append("\nPostgreSQL row operations during the submit section (`pg_stat_user_tables`, inserted/updated/deleted): " +
                     "; ".join(f"{t} {v['ins']}/{v['upd']}/{v['del']}" for t, v in sorted(res["submit_row_ops"].items())))
        if res.get("submit_pg_waits"):
            L.append("\nWhat PostgreSQL's active backends were doing during the closed loop (`pg_stat_activity` sampled every 0.25 s, "
                     "% of samples; CPU = not waiting): " + ", ".join(f"{k} {v}" for k, v in list(res["submit_pg_waits"].items())[:8]))
        L.append("\nHot methods of the API during the closed-loop run (JFR `settings=profile`, `jfr view hot-methods`):\n")
        L.append("```\n" + res.get("submit_hot_methods", "") + "\n```\n")
    if "dispatch" in res:
        L.append("## 2. Dispatch and overhead (light load: one task at a time, 1024x1024 PNG)\n")
        for key, title in [("dispatch", "FLUX.2 [pro], BFL's protocol: submit, then poll every 0.5 s, then download"),
                           ("dispatch_sync", "gpt-image-1.5, OpenAI's protocol: one call answers the image (base64)")]:
            if key not in res:
                continue
            d = res[key]
            L.append(f"### {title}\n")
            L.append(f"{d['n']} tasks submitted one after the other ({d['succeeded']} succeeded), simulator latency "
                     f"{d['sim_latency_ms']} ms for {d.get('model', 'flux-2-pro')}. Times from PostgreSQL (`created_at`, `started_at`, `completed_at`, "
                     f"microseconds) and the simulator's call log (same clock). {noise(d['load'])}\n")
            L.append("| interval | p50 ms | p95 ms | max ms |")
            L.append("|---|---|---|---|")
            labels = [("dispatch_ms", "submit → started (claim), `started_at - created_at`"),
                      ("to_provider_ms", "submit → provider receives the generate call")]
            if d.get("polled", True):
                labels += [("poll_lag_ms", "provider ready → the worker's poll that sees it (poll interval 0.5 s)"),
                           ("after_ready_ms", "that poll → completed (download, S3 put, finish)"),
                           ("download_ms", "simulator's time to render + send the PNG")]
            else:
                labels += [("after_ready_ms", "provider's answer sent → completed (decode, S3 put, finish)")]
            labels += [("e2e_ms", "submit → completed"),
                       ("overhead_ms", f"**overhead** = submit → completed − {d['sim_latency_ms']} ms")]
            for k, label in labels:
                st_ = d[k]
                L.append(f"| {label} | {st_['p50']} | {st_['p95']} | {st_['max']} |")
            L.append("")
    if "poll" in res:
        L.append("## 3. Poll (`GET /v2/tasks/{id}`, closed loop, 32 connections)\n")
        L.append("| tasks polled | ids | req/s | p50 ms | p99 ms | bytes/response | errors | load |")
        L.append("|---|---|---|---|---|---|---|---|")
        for r in res["poll"]:
            L.append(f"| {r['label']} | {r['ids']} | {r['rps']} | {ms(r['p50_us'])} | {ms(r['p99_us'])} | {r['body_bytes']} | {r['errors']} | {noise(r['load'])} |")
        L.append("")
    if "slow" in res:
        s = res["slow"]
        L.append(f"## 4. Slow provider (simulator latency {s['latency_ms'] / 1000:.0f} s, one worker, heap cap {s['worker_xmx']})\n")
        L.append("Tasks submitted in steps (64x64 JPEG so that finishing them later costs little); in flight = tasks `running` in "
                 "PostgreSQL. Heap from `jcmd GC.heap_info` before and after a `jcmd GC.run` (live set); RSS from `ps -o rss`.\n")
        L.append("| target in flight | reached | s since first submit | heap used MB | live after full GC MB | heap committed MB | RSS MB | load |")
        L.append("|---|---|---|---|---|---|---|---|")
        for r in s["rows"]:
            L.append(f"| {r['target']} | {r['in_flight']} | {r['secs_since_first_submit']} | {r['heap_used_mb']} | {r['heap_live_after_full_gc_mb']} | "
                     f"{r['heap_committed_mb']} | {r['rss_mb']} | {noise(r['load'])} |")
        L.append("")
    if "rate" in res:
        L.append("## 5. Rate exactness (simulator call log, `generate` calls of flux-dev)\n")
        L.append("The simulator also enforces the same per-minute limit, so a worker going over it shows as 429s. "
                 "Achieved = mean count of generate calls per consecutive full minute from the first call; busiest = most calls "
                 "(200s and 429s alike) arriving in any sliding 60-s window. All tasks are submitted at once, so the queue is never empty.\n")
        for r in res["rate"]:
            L.append(f"- {r['workers']} worker(s): calls per minute {r.get('per_minute')}")
        L.append("")
        L.append("| workers | limit /min | tasks | calls 200 | calls 429 | span s | achieved /min (mean of full minutes) | achieved % | busiest 60-s window | busiest % | all done | load |")
        L.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in res["rate"]:
            L.append(f"| {r['workers']} | {r['configured_rpm']} | {r['tasks']} | {r['calls_ok']} | {r['calls_429']} | {r['span_s']} | "
                     f"{r['achieved_rpm']} | {r['achieved_pct_of_limit']} | {r['busiest_60s_window']} | "
                     f"{r['busiest_pct_of_limit']} | {r['all_terminal']} | {noise(r['load'])} |")
        L.append("")
    if "baseline" in res:
        L.append("## 6. Baseline: the same load straight to the simulator (`POST /v1/flux-2-pro`, `x-key`)\n")
        L.append("| offered req/s | conns | achieved req/s | p50 ms | p95 ms | p99 ms | errors | load |")
        L.append("|---|---|---|---|---|---|---|---|")
        for r in res["baseline"]:
            L.append(f"| {r['offered'] or 'closed loop'} | {r['connections']} | {r['rps']} | {ms(r['p50_us'])} | {ms(r['p95_us'])} | {ms(r['p99_us'])} | {r['errors']} | {noise(r['load'])} |")
        L.append("")
    L.append("## Raw data\n")
    L.append(f"`{os.path.relpath(res['out'], ROOT)}/results.json` (per-run wrk command lines, status counts, heap info; the "
             "API's JFR recording `api-submit.jfr` sits next to it). `bench/results/` is git-ignored; a copy of the results "
             "behind this page may be kept in `docs/` (see below).\n")
    notes = os.path.join(BENCH, "analysis.md")
    if os.path.exists(notes):
        L.append(open(notes).read())
    open(path, "w").write("\n".join(L) + "\n")


def nz(row):
    return " (NOISY)" if row.get("load", {}).get("noisy") else ""


def summary_rows(res):
    rows = []
    sub = [r for r in res.get("submit", []) if r["offered"]]
    base = {b["offered"]: b for b in res.get("baseline", [])}
    if sub:
        best = None
        for r in sub:
            if r["errors"] == 0 and r["rps"] >= 0.95 * r["offered"] and r["p99_us"] < 50000:
                best = r
        r1000 = next((r for r in sub if r["offered"] == 1000), None)
        got = (f"{r1000['rps']} req/s, p99 {ms(r1000['p99_us'])} ms at 1,000 offered{nz(r1000)}" if r1000 else "ladder stopped below 1,000")
        b = base.get(1000)
        verdict = "met" if r1000 and r1000["rps"] >= 950 and r1000["p99_us"] < 50000 and r1000["errors"] == 0 else "missed"
        rows.append(f"| async submit | ≥ 1,000 req/s, p99 < 50 ms | {got}; highest rate meeting p99 < 50 ms: "
                    f"{best['offered'] if best else 'none'} | {b['rps'] if b else '-'} req/s, p99 {ms(b['p99_us']) if b else '-'} ms | {verdict} |")
        cl = [r for r in res["submit"] if not r["offered"]]
        if cl:
            bcl = [b for b in res.get("baseline", []) if not b["offered"]]
            rows.append(f"| submit, saturation (64 conns) | - | {cl[0]['rps']} req/s, p99 {ms(cl[0]['p99_us'])} ms | "
                        f"{bcl[0]['rps'] if bcl else '-'} req/s | ratio {cl[0]['rps'] / bcl[0]['rps']:.2f} |" if bcl else
                        f"| submit, saturation (64 conns) | - | {cl[0]['rps']} req/s | - | - |")
    if "dispatch" in res:
        d = res["dispatch"]
        rows.append(f"| dispatch (submit → started) | p95 < 30 ms | p50 {d['dispatch_ms']['p50']} / p95 {d['dispatch_ms']['p95']} ms{nz(d)} | - | "
                    f"{'met' if (d['dispatch_ms']['p95'] or 1e9) < 30 else 'missed'} |")
        rows.append(f"| overhead (1024² PNG), FLUX.2 [pro] (polled every 0.5 s) | p50 < 30 ms | p50 {d['overhead_ms']['p50']} / p95 {d['overhead_ms']['p95']} ms{nz(d)} | - | "
                    f"{'met' if (d['overhead_ms']['p50'] or 1e9) < 30 else 'missed'} |")
    if "dispatch_sync" in res:
        d = res["dispatch_sync"]
        rows.append(f"| dispatch (submit → started), gpt-image-1.5 | p95 < 30 ms | p50 {d['dispatch_ms']['p50']} / p95 {d['dispatch_ms']['p95']} ms{nz(d)} | - | "
                    f"{'met' if (d['dispatch_ms']['p95'] or 1e9) < 30 else 'missed'} |")
        rows.append(f"| overhead (1024² PNG), gpt-image-1.5 (one call) | p50 < 30 ms | p50 {d['overhead_ms']['p50']} / p95 {d['overhead_ms']['p95']} ms{nz(d)} | - | "
                    f"{'met' if (d['overhead_ms']['p50'] or 1e9) < 30 else 'missed'} |")
    for r in res.get("poll", []):
        rows.append(f"| poll, {r['label']} | ≥ 3,000 req/s | {r['rps']} req/s, p99 {ms(r['p99_us'])} ms{nz(r)} | - | {'met' if r['rps'] >= 3000 else 'missed'} |")
    if "slow" in res:
        r1000 = next((r for r in res["slow"]["rows"] if r["target"] == 1000), None)
        if r1000:
            ok = r1000["in_flight"] >= 1000 and (r1000["heap_live_after_full_gc_mb"] or 1e9) < 512
            top = res["slow"]["rows"][-1]
            more = (f"; {top['target']:,} step: {top['in_flight']} reached, live {top['heap_live_after_full_gc_mb']} MB, RSS {top['rss_mb']} MB"
                    if top is not r1000 else "")
            rows.append(f"| 1,000 slow calls in flight | < 512 MB heap | {r1000['in_flight']} in flight, live heap {r1000['heap_live_after_full_gc_mb']} MB, "
                        f"RSS {r1000['rss_mb']} MB{nz(r1000)}{more} (heap cap 256 MB) | - | {'met' if ok else 'missed'} |")
    for r in res.get("rate", []):
        ok = bool(r["achieved_pct_of_limit"] and 98 <= r["achieved_pct_of_limit"] <= 100 and r["busiest_60s_window"] <= r["configured_rpm"] and r["calls_429"] == 0)
        rows.append(f"| rate, {r['workers']} worker(s), {r['configured_rpm']}/min | within 2 %, never over | achieved {r['achieved_pct_of_limit']} %, "
                    f"busiest 60 s {r['busiest_60s_window']} ({r['busiest_pct_of_limit']} %), 429s {r['calls_429']}{nz(r)} | - | {'met' if ok else 'missed'} |")
    return rows


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sections", default="baseline,dispatch,rate1,rate3,slow,submit,poll",
                    help="comma-separated, run in this order (default: all)")
    ap.add_argument("--duration", type=int, default=30, help="seconds per wrk run (default 30)")
    ap.add_argument("--rates", default="100:4,500:16,1000:32,2000:64",
                    help="offered req/s and connections, e.g. 100:4,500:16 (default 100:4,500:16,1000:32,2000:64)")
    ap.add_argument("--dispatch-n", type=int, default=30)
    ap.add_argument("--dispatch-latency-ms", type=int, default=1000)
    ap.add_argument("--slow-latency-ms", type=int, default=60000)
    ap.add_argument("--slow-steps", default="100,1000,5000")
    ap.add_argument("--rate-rpm", type=int, default=60)
    ap.add_argument("--rate-tasks", type=int, default=300)
    ap.add_argument("--poll-ids", type=int, default=1000)
    ap.add_argument("--poll-failed-n", type=int, default=200)
    ap.add_argument("--submit-workers", type=int, default=0,
                    help="workers running during the submit/poll runs: 0 (default) stops them, N restarts N bounded ones")
    ap.add_argument("--submit-max-in-flight", type=int, default=64,
                    help="worker max in flight during the submit/poll runs (bounds the worker's CPU)")
    ap.add_argument("--keep-stack", action="store_true", help="do not purge the stack first nor stop it at the end")
    ap.add_argument("--no-build", action="store_true",
                    help="do not build: measure the applications as they are in */target (by default they are built first)")
    ap.add_argument("--report", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--report-only", metavar="RESULTS_JSON",
                    help="only rewrite the report from a results.json of an earlier run (no stack, no load)")
    args = ap.parse_args()
    if args.report_only:
        res = json.load(open(args.report_only))
        res["summary_rows"] = summary_rows(res)
        report(res, args.report)
        print(open(args.report).read().split("## 1.")[0])
        return
    args.rates = [tuple(int(x) for x in p.split(":")) for p in args.rates.split(",") if p]
    args.slow_steps = [int(x) for x in args.slow_steps.split(",")]
    args.slow_max = max(args.slow_steps)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    args.out = args.out or os.path.join(BENCH, "results", stamp)
    os.makedirs(args.out, exist_ok=True)
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    res = {"started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
           "command": os.environ.get("BENCH_COMMAND", " ".join(shlex.quote(a) for a in sys.argv)),
           "out": args.out, "args": {k: v for k, v in vars(args).items()}}
    st = Stack(args)
    st.up(workers=1, max_in_flight=max(512, args.slow_max + 100), purge=not args.keep_stack)
    sim_config({"max_concurrent": 1000000})
    res["machine"] = machine()
    res["machine"]["apps"] = st.app_info
    log(f"machine: {res['machine']}")

    def save():
        res["finished"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
        res["summary_rows"] = summary_rows(res)
        json.dump(res, open(os.path.join(args.out, "results.json"), "w"), indent=1, default=str)
        report(res, args.report)
    workers = 1
    try:
        for s in sections:
            log(f"=== section {s}")
            t0 = time.time()
            try:
                if s == "baseline":
                    section_baseline(st, args, res)
                elif s == "dispatch":
                    section_dispatch(st, args, res)
                elif s == "slow":
                    if workers != 1:
                        st.restart_workers(1, max(512, args.slow_max + 100))
                        workers = 1
                    section_slow(st, args, res)
                elif s == "rate1":
                    section_rate(st, args, res, 1)
                elif s == "rate3":
                    if workers != 3:
                        st.up(workers=3, max_in_flight=max(512, args.slow_max + 100))
                        workers = 3
                    section_rate(st, args, res, 3)
                elif s == "submit":
                    sim_config({"provider": "bfl", "model": "flux-2-pro", "latency_ms": 60000})
                    if args.submit_workers == 0:
                        # the API path alone: the jobs wait in Kafka, the tasks stay queued
                        st.stop_workers()
                        res["submit_note"] = ("Workers **stopped** during the submit and poll runs (`--submit-workers 0`): the "
                                              "figures are the API path alone (HTTP, one PostgreSQL statement, Kafka produce, outbox "
                                              "delete); the jobs wait in Kafka. `--submit-workers 1` runs the same ladder with one "
                                              "bounded worker as well.\n")
                    else:
                        # bound the workers: the provider answers after 60 s and each worker holds at most N tasks
                        st.restart_workers(args.submit_workers, args.submit_max_in_flight)
                        res["submit_note"] = (f"{args.submit_workers} worker(s) bounded with `IMAGEQUEUE_DISPATCH_MAX_IN_FLIGHT={args.submit_max_in_flight}` "
                                              "and simulator latency 60 s for flux-2-pro, so each holds at most that many tasks; "
                                              f"FLUX-2-pro's worker rate limit is 1,000,000/min (`IMAGEQUEUE_RATE_LIMIT_OVERRIDES`). "
                                              "Jobs past the lane's 64 waiting places are deferred through the outbox (see the analysis).\n")
                    workers = args.submit_workers
                    section_submit(st, args, res)
                elif s == "poll":
                    section_poll(st, args, res)
                else:
                    log(f"unknown section {s}")
            except Exception as e:  # keep going: a failed section is reported, the others still run
                log(f"section {s} failed: {e!r}")
                res.setdefault("failures", {})[s] = repr(e)
            log(f"=== section {s} took {time.time() - t0:.0f}s")
            save()
    finally:
        save()
        if not args.keep_stack:
            sh([os.path.join(ROOT, "deploy/local/down.sh")], check=False)
    print(open(args.report).read().split("## 1.")[0])
    log(f"report: {args.report}; raw: {args.out}/results.json")


if __name__ == "__main__":
    main()
