"""What every benchmark script shares: a measured child process (fresh interpreter, so peak memory is the run's
own) that prints one JSON line, and that line read back with the process's wall time."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    """High-water resident memory of this process (VmHWM resets at exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(script: str, *args: str) -> dict:
    """Run `script --child ARGS` in a fresh interpreter; its last stdout line (JSON) plus `process_wall`."""
    cmd = [sys.executable, script, "--child", *args]
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode:
        raise SystemExit(res.stderr)
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["process_wall"] = time.perf_counter() - t0
    return out
