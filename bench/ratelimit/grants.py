#!/usr/bin/env python3
"""The per-model limiter alone: grants per second for ONE model from N concurrent workers (pgbench
clients), each grant followed by its call's markSent and release, against a throwaway PostgreSQL
with the real migrations. The statements are read from RateLimitStore.java, so this measures the
code as it is. `--algorithm window` replays the earlier design (a bucket row lock, a count of the
whole 60-s window, a call row insert) for comparison.

    bench/ratelimit/grants.py                       # 3 workers, limit 1,000,000/min, 20 s
    bench/ratelimit/grants.py --algorithm window    # the earlier design, same load
    bench/ratelimit/grants.py --limit 6000 --seconds 90   # a window that fills: grants held to the limit
"""
import argparse, glob, os, re, shutil, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STORE = os.path.join(ROOT, "worker-service/src/main/java/io/imagequeue/worker/ratelimit/RateLimitStore.java")
MIGRATIONS = os.path.join(ROOT, "schema/src/main/resources/db/migration")
MODEL = "bench-model"


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def slots_script(per_grant, window_seconds, lease_seconds):
    source = open(STORE).read()
    grant = re.search(r'static final String GRANT = """\n(.*?)""";', source, re.S).group(1)
    grant = (grant.replace("$1", f"'{MODEL}'").replace("$2", str(per_grant))
             .replace("$3", str(window_seconds)).replace("$4", str(lease_seconds)))
    # pgbench sends one statement per line unless it ends with ';'; keep the statement whole.
    grant = " ".join(line.strip() for line in grant.splitlines())
    return f"""{grant} \\gset g_
update rate_limit_slots set stamp = clock_timestamp() where permit_id = any(cast(:g_array_agg as uuid[]));
update rate_limit_tokens set permit_id = null, expires_at = '-infinity' where permit_id = any(cast(:g_array_agg as uuid[]));
"""


def window_script(per_grant, window_seconds, lease_seconds):
    # The design before V7 (commit c05eea1's RateLimitStore.acquire/markSent/release), as SQL.
    return f"""begin;
select requests_per_minute, max_concurrent from rate_limit_buckets where model = '{MODEL}' for update;
select (select count(*) from rate_limit_calls where model = '{MODEL}' and granted_at > clock_timestamp() - make_interval(secs => {window_seconds})) + (select count(*) from rate_limit_calls c where c.model = '{MODEL}' and not c.sent and c.granted_at <= clock_timestamp() - make_interval(secs => {window_seconds}) and exists (select 1 from rate_limit_inflight i where i.permit_id = c.permit_id and i.expires_at > now())) as in_window, (select count(*) from rate_limit_inflight where model = '{MODEL}' and expires_at > now()) as in_flight \\gset
\\if :in_window < 999999999
with permits as (select gen_random_uuid() as id from generate_series(1, {per_grant})), calls as (insert into rate_limit_calls (permit_id, model, granted_at) select id, '{MODEL}', clock_timestamp() from permits) insert into rate_limit_inflight (permit_id, model, expires_at) select id, '{MODEL}', now() + make_interval(secs => {lease_seconds}) from permits returning permit_id \\gset
\\endif
commit;
update rate_limit_calls set granted_at = clock_timestamp(), sent = true where permit_id = :permit_id;
delete from rate_limit_inflight where permit_id = :permit_id;
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--algorithm", choices=["slots", "window"], default="slots")
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--limit", type=int, default=1_000_000, help="requests per minute")
    ap.add_argument("--concurrency", type=int, default=1000)
    ap.add_argument("--per-grant", type=int, default=1, help="permits asked per grant (a lane asks for its waiting jobs)")
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--synchronous-commit", choices=["on", "off"], default="on",
                    help="off measures the limiter's CPU, not this disk's fsync (a commit each for grant, send and release)")
    ap.add_argument("--margin", type=float, default=2.0)
    args = ap.parse_args()
    if args.algorithm == "window" and args.per_grant != 1:
        sys.exit("--algorithm window replays one permit per grant only")

    data = tempfile.mkdtemp(prefix="grants-pg-")
    # initdb and postgres refuse to run as root: as root, run them as the 'postgres' user (as up.sh does).
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_pg:
        shutil.chown(data, "postgres")
    port = free_port()
    env = dict(os.environ, PGHOST="127.0.0.1", PGPORT=str(port), PGUSER="postgres", PGDATABASE="postgres")
    subprocess.run(as_pg + [pg_bin("initdb"), "-D", data, "-U", "postgres", "-A", "trust"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(as_pg + [pg_bin("pg_ctl"), "-D", data, "-w", "-l", os.path.join(data, "log"),
                    "-o", f"-p {port} -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c synchronous_commit={args.synchronous_commit} -k {data}", "start"], check=True,
                   stdout=subprocess.DEVNULL)
    try:
        psql = [pg_bin("psql"), "-q", "-v", "ON_ERROR_STOP=1"]
        for path in sorted(glob.glob(os.path.join(MIGRATIONS, "V*.sql")),
                           key=lambda p: [int(x) for x in re.match(r"V([\d_]+)__", os.path.basename(p)).group(1).split("_")]):
            subprocess.run(psql + ["-f", path], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(psql + ["-c", f"""
            insert into rate_limit_buckets (model, requests_per_minute, max_concurrent) values ('{MODEL}', {args.limit}, {args.concurrency});
            insert into rate_limit_slots (model, slot) select '{MODEL}', g from generate_series(0, {args.limit} - 1) g;
            insert into rate_limit_tokens (model, token) select '{MODEL}', g from generate_series(0, {args.concurrency} - 1) g;
            """, "-c", "vacuum analyze"], env=env, check=True, stdout=subprocess.DEVNULL)
        window = 60 + args.margin
        script = (slots_script if args.algorithm == "slots" else window_script)(args.per_grant, window, 300)
        path = os.path.join(tempfile.mkdtemp(prefix="grants-script-"), "grant.sql")
        open(path, "w").write(script)
        load_before = os.getloadavg()
        started = time.time()
        out = subprocess.run([pg_bin("pgbench"), "-n", "-M", "prepared", "-c", str(args.workers), "-j", str(args.workers),
                              "-T", str(args.seconds), "-r", "-f", path], env=env, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(out.stdout + out.stderr)
        took = time.time() - started
        grants = int(subprocess.run(psql + ["-At", "-c",
                                            "select count(*) from rate_limit_slots where granted_at is not null and permit_id is not null"
                                            if args.algorithm == "slots" else "select count(*) from rate_limit_calls"],
                                    env=env, check=True, capture_output=True, text=True).stdout)
        print(out.stdout[-1500:]) if os.environ.get("GRANTS_VERBOSE") else None
        tps = re.search(r"tps = ([\d.]+)", out.stdout).group(1)
        lat = re.search(r"latency average = ([\d.]+) ms", out.stdout).group(1)
        print(f"algorithm {args.algorithm}, {args.workers} workers, limit {args.limit}/min, {args.per_grant} per grant, "
              f"synchronous_commit {args.synchronous_commit}, {args.seconds} s: {grants / took:,.0f} permits/s ({tps} grant+send+release cycles/s), "
              f"cycle latency {lat} ms; load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    finally:
        subprocess.run(as_pg + [pg_bin("pg_ctl"), "-D", data, "-m", "fast", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
