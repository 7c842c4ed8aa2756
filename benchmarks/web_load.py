"""Web load benchmark: concurrent simulated users against the real server on loopback.

    python benchmarks/web_load.py [--users 50] [--seconds 60] [--acos 500] [--workers 2] [--threads 4]

Seeds a throw-away SQLite database (a temporary DATA_DIR): the demo (people, cycles, applications,
participant lists), then more ACOs up to --acos, each with an ACO Executive who can log in. Starts
gunicorn on 127.0.0.1 (a free port) with that DATA_DIR, and runs --users simulated users for
--seconds: four in five are ACO executives of different ACOs (ACO home, participant list,
applications, API reads, a dry-run participant upload through the API), one in five CMS staff
(CMS home over every ACO, review queue, cycle dashboard, change queue, audit log). Each user logs
in through the log-in page, then waits 0.5-1.5 s (seeded) between requests, like a person.

Prints p50/p95/p99 latency per page type and the error count (any status other than the page's
expected one, or a failed connection). Targets (issue 9): p95 < 150 ms on dashboard and list
pages, zero errors.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(SRC))
PASSWORD = "bench-load-passphrase-2026"
DASHBOARD_AND_LIST = {
    "aco_home",
    "participant_list",
    "aco_applications",
    "cms_home",
    "review_queue",
    "cycle_dashboard",
    "change_queue",
    "audit_log",
}


def seed(data_dir: str, acos: int) -> tuple[list[str], list[str]]:
    """The demo plus ACOs up to `acos`; returns (ACO executives' user names, their ACO IDs)."""
    os.environ["DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acoms.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings

    from acoms import demo
    from acoms.accounts import actions
    from acoms.accounts.models import Organization, User
    from acoms.accounts.roles import SYSTEM, Role

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
        demo.seed()
    hashed = make_password(PASSWORD)  # one Argon2 hash for every bench user: seeding stays fast
    User.objects.update(password=hashed)
    with transaction.atomic():
        for n in range(Organization.objects.filter(kind="aco").count(), acos):
            aco_id = actions.next_aco_id()
            org = actions.create_organization(
                by=SYSTEM,
                kind="aco",
                name=f"Bench ACO {n:03d}",
                aco_id=aco_id,
                tin=f"9{n:08d}",
                legal_name=f"Bench ACO {n:03d}, LLC",
                address="1 Load Street\nColumbus, OH 43215",
            )
            user = User.objects.create(
                username=f"bench-{aco_id.lower()}",
                email=f"bench-{aco_id}@example.org",
                first_name="Bench",
                last_name=aco_id,
                password=hashed,
            )
            actions.grant_role(by=SYSTEM, user=user, organization=org, role=Role.ACO_EXECUTIVE)
    executives = list(
        User.objects.filter(username__startswith="bench-a").order_by("username").values_list("username", flat=True)
    )
    executives = ["aco-executive", "other-aco", *executives]
    aco_ids = ["A1001", "A1002", *[name.removeprefix("bench-").upper() for name in executives[2:]]]
    return executives, aco_ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "DATA_DIR": data_dir, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "acoms.settings"}
    env.pop("DATABASE_URL", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "acoms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start: " + (server.stderr.read().decode() if server.stderr else ""))


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []

    def add(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.examples) < 10:
                    self.examples.append(f"{kind}: {detail}")


def upload_csv() -> bytes:
    from acoms.participants.layouts import LAYOUTS

    headers = LAYOUTS["participants"].headers
    rows = [",".join(headers)]
    for i in range(20):
        values = {"Participant TIN": f"8{i:08d}", "Participant Legal Business Name": f"Load Practice {i}"}
        rows.append(",".join(values.get(h, "") for h in headers))
    return ("\n".join(rows) + "\n").encode()


LOGINS_AT_ONCE = threading.Semaphore(2)  # Argon2 takes ~100 MB and a core per check: people arrive spread out


def user_loop(
    base: str,
    username: str,
    pages: list[tuple[str, str, str, int]],
    clock: dict,
    ready: threading.Barrier,
    results: Results,
    rng: random.Random,
    csv_body: bytes,
) -> None:
    """Log in (timed as `login`, before the measured window), wait for every user, then browse."""
    import requests

    session = requests.Session()
    token = None
    LOGINS_AT_ONCE.acquire()
    started = time.perf_counter()
    try:
        session.get(base + "/accounts/login/", timeout=120)
        response = session.post(
            base + "/accounts/login/",
            timeout=120,
            allow_redirects=False,
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
            },
            headers={"Referer": base + "/accounts/login/"},
        )
        results.add(
            "login", time.perf_counter() - started, response.status_code == 302, f"{username}: {response.status_code}"
        )
        token = None
        if any(kind.startswith("api") for kind, *_ in pages):
            page = session.post(
                base + "/account/api-tokens/",
                data={"name": "load", "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")},
                headers={"Referer": base + "/"},
                timeout=120,
            )
            marker = page.text.find("acoms_")
            token = page.text[marker : marker + 49].split("<")[0].split('"')[0].strip() if marker >= 0 else None
    except requests.RequestException as error:
        results.add("login", time.perf_counter() - started, False, f"{username}: {error}")
    finally:
        LOGINS_AT_ONCE.release()
    ready.wait()
    stop = clock["stop"]
    while time.time() < stop:
        time.sleep(rng.uniform(0.5, 1.5))
        if time.time() >= stop:
            break
        kind, method, path, expected = rng.choice(pages)
        headers = {"Authorization": f"Bearer {token}"} if kind.startswith("api") else {}
        started = time.perf_counter()
        try:
            if method == "upload":
                response = session.post(
                    base + path,
                    headers=headers,
                    timeout=30,
                    files={"file": ("load.csv", csv_body, "text/csv")},
                    data={"dry_run": "true"},
                )
            else:
                response = session.get(base + path, headers=headers, timeout=30, allow_redirects=False)
            ok, detail = response.status_code == expected, f"{path}: {response.status_code} {response.text[:160]}"
        except requests.RequestException as error:
            ok, detail = False, f"{path}: {error}"
        results.add(kind, time.perf_counter() - started, ok, detail)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--acos", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    data_dir = tempfile.mkdtemp(prefix="acoms-web-load-")
    server = None
    try:
        t0 = time.perf_counter()
        executives, aco_ids = seed(data_dir, args.acos)
        from acoms.accounts.models import Organization

        print(f"seeded {Organization.objects.filter(kind='aco').count()} ACOs in {time.perf_counter() - t0:.1f}s")
        port = free_port()
        server = start_server(data_dir, port, args.workers, args.threads)
        base = f"http://127.0.0.1:{port}"
        csv_body = upload_csv()
        cms_logins = ["cms-admin", "cms-reviewer", "cms-approver", "cms-analyst"]
        rng = random.Random(args.seed)
        results = Results()
        threads = []
        clock: dict = {}
        ready = threading.Barrier(args.users + 1, action=lambda: clock.update(stop=time.time() + args.seconds))
        for n in range(args.users):
            if n % 5 == 4:
                username = cms_logins[(n // 5) % len(cms_logins)]
                pages = [
                    ("cms_home", "get", "/cms/", 200),
                    ("review_queue", "get", "/cms/applications/", 200),
                    ("cycle_dashboard", "get", "/cms/dashboard/", 200),
                    ("change_queue", "get", "/cms/participant-changes/", 200),
                    ("api_acos", "get", "/api/v1/acos", 200),
                ]
                if username == "cms-admin":
                    pages.append(("audit_log", "get", "/cms/audit/", 200))
            else:
                index = (n - n // 5) % len(aco_ids)
                username, aco = executives[index], aco_ids[index]
                pages = [
                    ("aco_home", "get", f"/aco/{aco}/", 200),
                    ("participant_list", "get", f"/aco/{aco}/participants/", 200),
                    ("aco_applications", "get", f"/aco/{aco}/applications/", 200),
                    ("api_me", "get", "/api/v1/me", 200),
                    ("api_list", "get", f"/api/v1/participants/{aco}/lists/participants", 200),
                    ("api_upload", "upload", f"/api/v1/participants/{aco}/upload", 200),
                ]
            thread = threading.Thread(
                target=user_loop,
                args=(base, username, pages, clock, ready, results, random.Random(rng.random()), csv_body),
                daemon=True,
            )
            threads.append(thread)
            thread.start()
        t1 = time.perf_counter()
        ready.wait()  # the measured window starts when every user is logged in
        print(f"{args.users} users logged in in {time.perf_counter() - t1:.1f}s; measuring {args.seconds}s")
        for thread in threads:
            thread.join(timeout=args.seconds + 60 * args.users)

        total = sum(len(v) for v in results.times.values())
        errors = sum(results.errors.values())
        print(
            f"\n{args.users} users, {args.seconds}s, gunicorn {args.workers} workers x {args.threads} threads: "
            f"{total} requests ({total / args.seconds:.1f}/s), {errors} errors"
        )
        print(f"{'page type':<18}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'mean':>8}{'errors':>8}  target")
        slow = []
        for kind in sorted(results.times):
            values = results.times[kind]
            p95 = percentile(values, 95) * 1000
            target = "p95<150" if kind in DASHBOARD_AND_LIST else ""
            if target and p95 >= 150:
                slow.append(kind)
            print(
                f"{kind:<18}{len(values):>6}{percentile(values, 50) * 1000:>9.0f}{p95:>9.0f}"
                f"{percentile(values, 99) * 1000:>9.0f}{statistics.mean(values) * 1000:>8.0f}"
                f"{results.errors.get(kind, 0):>8}  {target}"
            )
        for example in results.examples:
            print("  error:", example)
        met = not slow and errors == 0
        print("\ntargets met" if met else f"\ntargets missed: slow {slow or '-'}, errors {errors}")
        return 0 if met else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
