"""What every benchmark shares: real uvicorn servers on 127.0.0.1, wrk, memory sampling,
the machine's description."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CACHE = BENCH / ".cache"
LUA = BENCH / "lua"
TOKEN = "bench-token"
# The same uvicorn settings for the app and the reference: one worker, loopback, no
# uvicorn access log (the app writes its own access line per request, as deployed).
UVICORN_ARGS = ("--host", "127.0.0.1", "--workers", "1", "--no-access-log")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MemorySampler:
    """Samples a process's RSS (with its children) every `interval` s in a thread."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.process = psutil.Process(pid)
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        total = 0
        with contextlib.suppress(psutil.Error):
            total = self.process.memory_info().rss
            for child in self.process.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
        return total

    def _run(self) -> None:
        start = time.monotonic()
        while not self._stop.is_set():
            rss = self._rss()
            if rss:
                self.samples.append((time.monotonic() - start, rss))
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    @property
    def peak_mb(self) -> float:
        return round(max((r for _, r in self.samples), default=0) / 2**20, 1)

    @property
    def last_mb(self) -> float:
        return round(self.samples[-1][1] / 2**20, 1) if self.samples else 0.0


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_mb(self) -> float:
        try:
            return round(psutil.Process(self.pid).memory_info().rss / 2**20, 1)
        except psutil.Error:
            return 0.0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_server(
    name: str, module: str, env: dict[str, str], log_dir: Path, ready_path: str = "/healthz"
) -> Server:
    log_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = log_dir / f"{name}-{port}.log"
    environ = {**os.environ, **python_env(), **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", module, "--port", str(port), *UVICORN_ARGS],
        cwd=ROOT,
        env=environ,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    server = Server(name, f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 120  # imports compile from source here: slow to start
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text()[-3000:]}")
        try:
            if httpx.get(server.url + ready_path, timeout=2).status_code < 500:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} did not start within 120 s: {log.read_text()[-3000:]}")


@contextlib.contextmanager
def running(*args: Any, **kwargs: Any) -> Iterator[Server]:
    server = start_server(*args, **kwargs)
    try:
        yield server
    finally:
        server.stop()


def python_env() -> dict[str, str]:
    """Child interpreters keep their bytecode under bench/.cache (not in the tree), so
    each server start does not compile every module again."""
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(CACHE / "pycache")}


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **python_env(),
        "SITREP_DATABASE_URL": database_url,
        "SITREP_INGEST_TOKENS": TOKEN,
        "SITREP_RATE_LIMIT": "1000000/second",  # the benchmark is one token at full speed
        "SITREP_AUTO_MIGRATE": "true",
        **extra,
    }


_WRK_JSON = re.compile(r"^WRK_JSON (\{.*\})$", re.MULTILINE)


def wrk(
    url: str,
    script: str,
    script_args: list[str],
    *,
    connections: int,
    threads: int = 2,
    seconds: float,
    timeout_s: int = 30,
    sample_pid: int | None = None,
) -> dict[str, Any]:
    """Run wrk with a Lua script; its done() prints WRK_JSON {...}. Adds rps and ms."""
    threads = min(threads, connections)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={timeout_s}s",
        "--latency",
        "-s",
        str(LUA / script),
        url,
        "--",
        *script_args,
    ]
    sampler = MemorySampler(sample_pid) if sample_pid else contextlib.nullcontext()
    load_before = os.getloadavg()[0]
    with sampler:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
    match = _WRK_JSON.search(done.stdout)
    if not match:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    out: dict[str, Any] = json.loads(match.group(1))
    secs = out["duration_us"] / 1e6
    lat = out["latency_us"]
    out["rps"] = round(out["requests"] / secs, 1)
    out["p50_ms"] = round(lat["p50"] / 1000, 2)
    out["p90_ms"] = round(lat["p90"] / 1000, 2)
    out["p99_ms"] = round(lat["p99"] / 1000, 2)
    out["connections"] = connections
    out["threads"] = threads
    out["loadavg_before"] = round(load_before, 2)
    if isinstance(sampler, MemorySampler):
        out["server_rss_peak_mb"] = sampler.peak_mb
    return out


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    pg = None
    if shutil.which("psql"):
        with contextlib.suppress(Exception):
            pg = subprocess.run(
                ["psql", "--version"], capture_output=True, text=True, timeout=10
            ).stdout.strip()
    wrk_version = None
    with contextlib.suppress(Exception):
        wrk_version = (
            subprocess.run(["wrk", "-v"], capture_output=True, text=True, timeout=10)
            .stdout.splitlines()[0]
            .strip()
        )
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql_client": pg,
        "wrk": wrk_version,
        "os": platform.platform(),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


def postgres_server_version(admin_url: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(admin_url, connect_timeout=5) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else None
    except Exception:
        return None
