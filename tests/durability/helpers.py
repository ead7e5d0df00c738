"""Real servers, articles, signed webhooks and database checks for the durability tests."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from standardwebhooks.webhooks import Webhook

from app.core.db import normalize_url
from tests.e2e.conftest import ROOT, TOKEN, Server, _free_port, stop_server

ADMIN_TOKEN = "durability-admin-token"
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"sitrep-durability-webhook-secret").decode()
# Real servers here take far more requests per token than the default rate limit.
SERVER_ENV = {
    "SITREP_ADMIN_TOKENS": ADMIN_TOKEN,
    "SITREP_WEBHOOK_SECRET": WEBHOOK_SECRET,
    "SITREP_RATE_LIMIT": "1000000/minute",
}
READY_TIMEOUT = 120.0
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MARKDOWN = {**AUTH, "Content-Type": "text/markdown"}
# What a server log must never show: a lock failure or an unhandled exception.
LOG_ALARMS = ("database is locked", "Traceback", "OperationalError", "IntegrityError")

_PARAGRAPHS = (
    "Russian drones struck a thermal power plant and two high-voltage substations in "
    "the {city} region overnight, cutting electricity to {n} households, the grid "
    "operator Ukrenergo said.",
    "Air defence units shot down {m} of the drones and three cruise missiles, the air "
    "force said; debris fell on a residential district and damaged a school.",
    "Repair crews restored power to part of the city by the afternoon, but rolling "
    "blackouts of up to {h} hours a day will continue, the energy ministry said.",
    "Humanitarian groups opened heated shelters where residents can charge phones and "
    "get hot meals; {k} people were evacuated from damaged apartment blocks.",
    "Ukraine's foreign minister asked partners for more Patriot interceptors at a "
    "meeting in Brussels, where ministers discussed new sanctions on Russian oil.",
)


def article(tag: str, version: int = 0, *, host: str = "example.org") -> bytes:
    """A whole article with its own URL; `version` changes its body (a new revision)."""
    seed = sum(map(ord, tag)) + 7 * version
    body = "\n\n".join(
        p.format(city="Kharkiv", n=1000 + seed, m=10 + seed % 50, h=4 + seed % 9, k=seed)
        for p in _PARAGRAPHS
    )
    return (
        "---\n"
        f'title: "Grid hit overnight ({tag}, v{version})"\n'
        f"source: https://{host}/2026/02/04/{tag}\n"
        "date: 2026-02-04\n"
        "description: Drones hit power plants.\n"
        "---\n\n"
        f"{body}\n\nUpdate {version} of story {tag}.\n"
    ).encode()


def unique_tag(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def webhook_body(markdown: bytes) -> bytes:
    import orjson

    return orjson.dumps({"type": "article.scraped", "data": {"markdown": markdown.decode()}})


def signed_headers(body: bytes, msg_id: str | None = None, secret: str = WEBHOOK_SECRET) -> dict:
    """The Standard Webhooks headers for `body`, signed now with `secret`."""
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    now = dt.datetime.now(dt.UTC)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, now, body.decode()),
        "Content-Type": "application/json",
    }


def start(database_url: str, log: Path, **env: str) -> Server:
    """A real uvicorn process (as tests/e2e starts one), given longer to come up: on a
    2-core machine shared with other work, importing the app can take half a minute."""
    port = _free_port()
    environ = {
        **os.environ,
        "SITREP_DATABASE_URL": database_url,
        "SITREP_INGEST_TOKENS": TOKEN,
        "SITREP_AUTO_MIGRATE": "true",
        **SERVER_ENV,
        **env,
    }
    command = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--no-access-log"],
        cwd=ROOT,
        env=environ,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_ready(server.url, alive=lambda: process.poll() is None)
    except BaseException:
        process.kill()
        process.wait(10)
        raise
    return server


def wait_ready(url: str, alive: Callable[[], bool], timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=url, timeout=5) as http:  # one client: cheap polls
        while time.monotonic() < deadline:
            if not alive():
                raise RuntimeError(f"the server at {url} exited while starting")
            try:
                if http.get("/readyz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.02)
    raise RuntimeError(f"the server at {url} was not ready within {timeout} s")


@contextmanager
def running(database_url: str, log: Path, **env: str) -> Iterator[Server]:
    server = start(database_url, log, **env)
    try:
        yield server
    finally:
        stop_server(server)


def kill(server: Server) -> None:
    """SIGKILL: no shutdown, no flush, no rollback; the process is gone when this returns."""
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait(10)


def client(server: Server, **kwargs: object) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=60, **kwargs)  # type: ignore[arg-type]


def log_alarms(log: Path) -> list[str]:
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if any(alarm in line for alarm in LOG_ALARMS)
    ]


def engine_for(database_url: str) -> Engine:
    return create_engine(normalize_url(database_url))


def half_written(engine: Engine) -> dict[str, list]:
    """Rows that only a torn write could leave: each query must return nothing."""
    queries = {
        # an article whose current revision (or any before it) is missing
        "article without its revisions": """
            SELECT a.id, a.revision FROM article a
            WHERE (SELECT count(*) FROM article_revision r WHERE r.article_id = a.id)
                  <> a.revision
               OR NOT EXISTS (SELECT 1 FROM article_revision r
                              WHERE r.article_id = a.id AND r.revision = a.revision)""",
        # the current revision's hash is not the article's
        "article not its latest revision": """
            SELECT a.id FROM article a JOIN article_revision r
              ON r.article_id = a.id AND r.revision = a.revision
            WHERE r.raw_sha256 <> a.raw_sha256""",
        # every test article has a body: an article without passages was cut short
        "article without passages": """
            SELECT a.id FROM article a
            WHERE NOT EXISTS (SELECT 1 FROM passage p WHERE p.article_id = a.id)""",
        # passages of two parses mixed, or positions missing
        "passages not one parse": """
            SELECT p.article_id FROM passage p GROUP BY p.article_id
            HAVING count(DISTINCT p.parser_version) > 1
                OR count(*) <> max(p.position) - min(p.position) + 1""",
        "theme rows of another article": """
            SELECT t.passage_id FROM passage_theme t JOIN passage p ON p.id = t.passage_id
            WHERE p.article_id <> t.article_id""",
        "theme rows of a live article without a date": """
            SELECT t.passage_id FROM passage_theme t JOIN article a ON a.id = t.article_id
            WHERE t.date <> a.date""",
        # a webhook delivery claimed but its article never stored
        "webhook delivery without its article": """
            SELECT w.webhook_id FROM webhook_delivery w
            WHERE w.article_id IS NULL
               OR NOT EXISTS (SELECT 1 FROM article a WHERE a.id = w.article_id)""",
    }
    found = {}
    with engine.connect() as conn:
        for name, sql in queries.items():
            rows = conn.execute(text(sql)).all()
            if rows:
                found[name] = [tuple(r) for r in rows[:10]]
    return found


def integrity_problems(engine: Engine) -> list[str]:
    """SQLite: PRAGMA integrity_check and foreign_key_check. PostgreSQL: amcheck over
    every B-tree index and heap of the schema (or, without amcheck, a full read of
    every table and index through sequential and index scans)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
            problems = [] if result == ["ok"] else result
            problems += [
                repr(tuple(r)) for r in conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            ]
            return problems
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
        conn.commit()
        indexes = (
            conn.execute(
                text("""
            SELECT c.oid::regclass::text FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_am am ON am.oid = c.relam
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE am.amname = 'btree' AND n.nspname = 'public' AND c.relpersistence <> 't'
        """)
            )
            .scalars()
            .all()
        )
        for index in indexes:
            # heapallindexed: every heap tuple is found in the index
            conn.execute(text("SELECT bt_index_check(CAST(:i AS regclass), true)"), {"i": index})
        tables = (
            conn.execute(
                text(
                    "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n "
                    "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
                )
            )
            .scalars()
            .all()
        )
        problems = []
        for table in tables:
            rows = conn.execute(
                text("SELECT blkno, offnum, msg FROM verify_heapam(CAST(:t AS regclass))"),
                {"t": table},
            ).all()
            problems += [f"{table}: {tuple(r)}" for r in rows]
        # foreign keys hold (they are enforced, but check what the crash left)
        for sql in (
            "SELECT id FROM article_revision r WHERE NOT EXISTS "
            "(SELECT 1 FROM article a WHERE a.id = r.article_id)",
            "SELECT id FROM passage p WHERE NOT EXISTS "
            "(SELECT 1 FROM article a WHERE a.id = p.article_id)",
            "SELECT passage_id FROM passage_theme t WHERE NOT EXISTS "
            "(SELECT 1 FROM passage p WHERE p.id = t.passage_id)",
        ):
            problems += [f"orphan: {tuple(r)}" for r in conn.execute(text(sql)).all()]
        return problems


@dataclass
class Forked:
    url: str
    pid: int
    log: Path


class ForkServer:
    """Client of tests/durability/forkserver.py: real servers that start in a fraction
    of a second, to be killed with SIGKILL and started again many times."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.durability.forkserver"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._answer() == "ready"
        self.children: set[int] = set()

    def _answer(self) -> Any:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the fork server exited")
        return json.loads(line)

    def _ask(self, command: dict[str, object]) -> Any:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def spawn(self, database_url: str, log: Path, **env: str) -> Forked:
        port = _free_port()
        environ = {
            "SITREP_DATABASE_URL": database_url,
            "SITREP_INGEST_TOKENS": TOKEN,
            "SITREP_AUTO_MIGRATE": "true",
            **SERVER_ENV,
            **env,
        }
        pid = int(self._ask({"op": "spawn", "port": port, "log": str(log), "env": environ})["pid"])
        self.children.add(pid)
        server = Forked(f"http://127.0.0.1:{port}", pid, log)
        try:
            wait_ready(server.url, alive=lambda: _alive(pid))
        except BaseException:
            self.kill(server)
            raise
        return server

    def kill(self, server: Forked) -> None:
        """SIGKILL, then wait until the process is gone (its port and locks released)."""
        os.kill(server.pid, signal.SIGKILL)
        self._ask({"op": "reap", "pid": server.pid})
        self.children.discard(server.pid)

    def close(self) -> None:
        for pid in list(self.children):
            self.kill(Forked("", pid, Path()))
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def _alive(pid: int) -> bool:
    """False once the child has exited (a zombie counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False
