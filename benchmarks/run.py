"""Performance-run benchmark: a whole run as CMS starts it (the performance app's runner: stages, heartbeats,
the PY assignment detail, results in the database, publication and the Data Hub files) against the same
stages run as the `acoms finance run` command on the same data, and the Data Hub's response times.

    python benchmarks/run.py --sizes 100000 [1000000] [--acos 50] [--data-dir DIR] [--hub-acos 500]

For each size: generate the `--finance` synthetic dataset (seed 1), then in fresh processes (a) the
system run — `actions.create_run` + `runner.execute` on a throw-away SQLite database, wall time per stage
from the stage rows, then `publish_run` (every deliverable of every ACO) — and (b) `acoms finance run`
on the same inputs; prints each wall time, the peak memory of each process and the ratio (a) / (b)
(target ≤ 1.10; the publication is reported apart). Then the Data Hub: 500 ACOs × 3 published years of
the six deliverables, p50/p95 of the list page as the ACO and as CMS, and of the start of a download
(response headers; target p95 < 150 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(SRC))
PY = 2026


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _django(data_dir: Path) -> None:
    os.environ["DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acoms.settings")
    import django  # noqa: PLC0415 (the parent process never loads Django)
    from django.core.management import call_command  # noqa: PLC0415

    django.setup()
    call_command("migrate", verbosity=0)


def child_system(data: str) -> None:
    """(a): the run as the system runs it, in a private DATA_DIR with its own database."""
    _django(Path(tempfile.mkdtemp(prefix="acoms-bench-run-")))
    from acoms import demo  # noqa: PLC0415
    from acoms.accounts.roles import SYSTEM  # noqa: PLC0415
    from acoms.performance import actions  # noqa: PLC0415
    from acoms.performance.runner import execute  # noqa: PLC0415

    demo.seed_people()  # A1001 and A1002 have organizations: their deliverables are written
    run = actions.create_run(
        by=SYSTEM, data_dir=data, py=PY, agreements=str(Path(data) / "agreements.csv"), enqueue=False
    )
    t0 = time.perf_counter()
    execute(run.pk)
    wall = time.perf_counter() - t0
    run.refresh_from_db()
    if run.status != "done":
        raise SystemExit(run.log[-2000:])
    stages = {s.name: (s.finished_at - s.started_at).total_seconds() for s in run.stages.all()}
    t1 = time.perf_counter()
    actions.publish_run(by=SYSTEM, run=run)
    publish = time.perf_counter() - t1
    print(json.dumps({"wall": wall, "stages": stages, "publish": publish, "peak_rss_mb": _peak_rss_mb()}))


def child_cli(data: str) -> None:
    """(b): the same stages as one `acoms finance run` command."""
    from acoms.cli import main  # noqa: PLC0415

    out = tempfile.mkdtemp(prefix="acoms-bench-cli-")
    args = ["finance", "run", "--data", data, "--participants", str(Path(data) / "participants.csv")]
    args += ["--agreements", str(Path(data) / "agreements.csv"), "--py", str(PY), "--out", out]
    t0 = time.perf_counter()
    code = main(args)
    print(json.dumps({"wall": time.perf_counter() - t0, "code": code, "peak_rss_mb": _peak_rss_mb()}))


def child_hub(acos: int, years: int, requests: int) -> None:
    """The Data Hub list and download start with `acos` ACOs × `years` published years of deliverables."""
    import datetime as dt  # noqa: PLC0415

    root = Path(tempfile.mkdtemp(prefix="acoms-bench-hub-"))
    _django(root)
    from django.test import Client  # noqa: PLC0415

    from acoms import demo  # noqa: PLC0415
    from acoms.accounts.models import Organization  # noqa: PLC0415
    from acoms.performance.deliverables import KINDS, file_name, path_of  # noqa: PLC0415
    from acoms.performance.models import Deliverable, Run  # noqa: PLC0415

    orgs = demo.seed_people()
    existing = {o.aco_id for o in Organization.objects.filter(kind="aco")}
    Organization.objects.bulk_create(
        [
            Organization(kind="aco", aco_id=f"A{n:04d}", name=f"Benchmark ACO {n}")
            for n in range(3000, 3000 + acos)
            if f"A{n:04d}" not in existing
        ]
    )
    demo_acos = [orgs["aco_x"], orgs["aco_y"]]
    others = Organization.objects.filter(kind="aco").exclude(pk__in=[o.pk for o in demo_acos])
    every = [*demo_acos, *others.order_by("aco_id")[: acos - 2]]
    when = dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
    rows = []
    for y in range(years):
        run = Run.objects.create(py=PY - y, data_dir="d", agreements="a", status="done", publication="published")
        for org in every:
            for kind, (code, title, bene) in KINDS.items():
                rows.append(
                    Deliverable(
                        run=run,
                        organization=org,
                        type_code=code,
                        kind=kind,
                        title=title,
                        file_name=file_name(org.aco_id, kind, run.py, when),
                        size=1024,
                        sha256="0" * 64,
                        beneficiary_level=bene,
                        created_at=when,
                    )
                )
    Deliverable.objects.bulk_create(rows, batch_size=2000)
    target = Deliverable.objects.filter(organization=orgs["aco_x"], kind="FRP").select_related("run", "organization")[0]
    path_of(target).parent.mkdir(parents=True, exist_ok=True)
    path_of(target).write_bytes(b"x" * 200_000)

    from acoms.accounts.models import User  # noqa: PLC0415

    def timed(user: str, url: str) -> list[float]:
        client = Client()
        client.force_login(User.objects.get(username=user))
        client.get(url)  # warm
        out = []
        for _ in range(requests):
            t0 = time.perf_counter()
            response = client.get(url)
            out.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            if hasattr(response, "close"):
                response.close()  # a streamed file: headers only, as a download starts
        return out

    def p(values, q):
        return statistics.quantiles(values, n=100)[q - 1]

    aco = orgs["aco_x"].aco_id
    result = {"deliverables": Deliverable.objects.count()}
    for label, user, url in (
        ("list as the ACO", "aco-data", f"/aco/{aco}/datahub/"),
        ("list as CMS", "cms-analyst", f"/aco/{aco}/datahub/"),
        ("download start", "aco-data", f"/aco/{aco}/datahub/{target.pk}/"),
    ):
        t = timed(user, url)
        result[label] = {"p50": p(t, 50), "p95": p(t, 95)}
    print(json.dumps(result))


def _child(*args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    res = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env)
    if res.returncode:
        raise SystemExit(res.stderr[-4000:])
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    ap.add_argument("--acos", type=int, default=50)
    ap.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "acoms-bench-finance"))
    ap.add_argument("--hub-acos", type=int, default=500)
    ap.add_argument("--hub-years", type=int, default=3)
    ap.add_argument("--hub-requests", type=int, default=100)
    ap.add_argument("--skip-runs", action="store_true", help="measure the Data Hub only")
    ap.add_argument("--child", choices=["system", "cli", "hub"])
    ap.add_argument("--data")
    args = ap.parse_args()
    if args.child == "system":
        return child_system(args.data)
    if args.child == "cli":
        return child_cli(args.data)
    if args.child == "hub":
        return child_hub(args.hub_acos, args.hub_years, args.hub_requests)
    if not args.skip_runs:
        from acoms.analytics.loaders.synthetic import generate  # noqa: PLC0415

        for n in args.sizes:
            data = Path(args.data_dir) / f"finance_{n}"
            if not (data / "agreements.csv").exists():
                print(f"generating {n:,} beneficiaries ...", file=sys.stderr, flush=True)
                generate(data, n, args.acos, PY, seed=1, progress=True, finance=True)
            system = _child("--child", "system", "--data", str(data))
            cli = _child("--child", "cli", "--data", str(data))
            stages = ", ".join(f"{k} {v:.1f}s" for k, v in system["stages"].items())
            print(
                f"{n:>9,} benes | system run {system['wall']:7.1f}s (peak {system['peak_rss_mb']:.0f} MB) | "
                f"acoms finance run {cli['wall']:7.1f}s (peak {cli['peak_rss_mb']:.0f} MB) | "
                f"ratio {system['wall'] / cli['wall']:.2f} | publish {system['publish']:.1f}s",
                flush=True,
            )
            print(f"          stages: {stages}", flush=True)
    hub = _child(
        "--child",
        "hub",
        "--hub-acos",
        str(args.hub_acos),
        "--hub-years",
        str(args.hub_years),
        "--hub-requests",
        str(args.hub_requests),
    )
    print(f"Data Hub: {hub.pop('deliverables'):,} deliverables")
    for label, t in hub.items():
        print(f"  {label:16} p50 {t['p50']:6.1f} ms  p95 {t['p95']:6.1f} ms")


if __name__ == "__main__":
    main()
