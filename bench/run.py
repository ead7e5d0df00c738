"""Sitrep's benchmarks (issue 6), with one command, each figure beside a reference.

    .venv/bin/python bench/run.py                      # 10k, 100k and 1M passages
    .venv/bin/python bench/run.py --quick              # 10k passages, short runs
    .venv/bin/python bench/run.py --sizes 10k,100k --skip pg,bulk
    make bench-all

Steps (each can be skipped with --skip NAME[,NAME]):
  pipeline  bench/bench_pipeline.py on the real corpus and on generated articles
  reads     per size: /sitreps, /sitreps/{date}, /timeline under wrk -c32, many URLs
            and one URL, beside a bare FastAPI app answering the same bytes
  pg        the same reads on PostgreSQL (the SQLite database copied row for row)
  ingest    POST /articles one per request and /articles/batch (100 per batch), on
            SQLite and PostgreSQL, beside the bare app answering the same receipts
  bulk      `sitrep ingest DIR` of generated files: articles/s and RSS (time-bounded),
            beside the files stored raw and the pipeline alone in the same pool
  profile   py-spy on the server under /sitreps and /timeline load at the largest size

Writes bench/results/<timestamp>.json and the tables of bench/README.md. Databases
and generated corpora are cached under bench/.cache/, keyed by the generator, the
pipeline, the models and the migrations: they are rebuilt when any of these changes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
# bytecode of everything imported from here on is kept under bench/.cache, not in the
# tree (PYTHONDONTWRITEBYTECODE may be set): the app's imports compile once, not per run
sys.pycache_prefix = str(Path(__file__).resolve().parent / ".cache" / "pycache")
sys.dont_write_bytecode = False

import generate  # noqa: E402
import harness  # noqa: E402
import pgcopy  # noqa: E402
import report  # noqa: E402
from harness import BENCH, CACHE, ROOT, TOKEN, app_env, running, wrk  # noqa: E402

PG_ADMIN_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"
THEMES = generate.THEMES
ENDPOINTS = ("sitreps", "daily", "timeline", "search")
# `q=` of the search reads (as bench/lua/get_random.lua has them): words of the generated
# corpus from common (`said`: 41% of passages at 1M) to rare (`substation`: 0.5%), a
# phrase and an OR; none a stop word, so SQLite and PostgreSQL find the same passages
SEARCH_WORDS = (
    "said",
    "ukraine",
    "russian",
    "talks",
    "drone",
    "kyiv",
    "ceasefire",
    "nato",
    "power",
    "kharkiv",
    "bakhmut",
    "substation",
    '"power plant"',
    "gas OR oil",
)
STEPS = ("pipeline", "reads", "pg", "ingest", "bulk", "profile")


RUN_STARTED = time.monotonic()


def remaining_s(args: argparse.Namespace) -> float:
    """Seconds left of --budget-minutes (infinite without a budget)."""
    if not args.budget_minutes:
        return float("inf")
    return args.budget_minutes * 60 - (time.monotonic() - RUN_STARTED)


def log(message: str) -> None:
    stamp = dt.datetime.now(dt.UTC).strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def code_key(args: argparse.Namespace) -> str:
    """Changes when anything that shapes the stored rows changes."""
    digest = hashlib.sha256()
    digest.update(f"{generate.GENERATOR_VERSION}|{args.seed}|{args.templates}".encode())
    for folder in ("app/pipeline", "app/models", "migrations/versions"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".json", ".txt", ".yaml", ".tsv"):
                digest.update(path.read_bytes())
    for name in ("app/ingest/service.py", "app/repository/articles.py", "bench/generate.py"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:12]


# ---------------------------------------------------------------------------------
# pipeline
# ---------------------------------------------------------------------------------

_PIPE_ROW = re.compile(r"^\s+(.+?)\s+([\d.]+) ms/article\s+([\d.]+) ms/14 KB", re.MULTILINE)


def bench_pipeline(corpus: Path | None, repeat: int) -> dict[str, Any]:
    cmd = [sys.executable, str(BENCH / "bench_pipeline.py"), "--repeat", str(repeat)]
    if corpus:
        cmd += ["--corpus", str(corpus)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    rows = {label: (float(a), float(b)) for label, a, b in _PIPE_ROW.findall(done.stdout)}

    def pick(prefix: str) -> float | None:
        return next((v[0] for k, v in rows.items() if k.startswith(prefix)), None)

    return {
        "corpus": str(corpus) if corpus else "default (../shared/corpus/articles)",
        "ms_per_article": pick("pipeline, steady"),
        "ms_per_article_cold": pick("pipeline, first") or pick("pipeline, rest of the first"),
        "reference_lines_regex_ms": pick("reference: splitlines"),
        "reference_yaml_ms": pick("reference: YAML"),
        "rows": {k: {"ms_per_article": a, "ms_per_14kb": b} for k, (a, b) in rows.items()},
        "output": done.stdout.strip(),
        "returncode": done.returncode,
    }


def step_pipeline(args: argparse.Namespace, results: dict[str, Any]) -> None:
    log("pipeline: bench/bench_pipeline.py on the real corpus and on generated articles")
    out: dict[str, Any] = {"real": bench_pipeline(None, args.pipeline_repeat)}
    gen_dir = CACHE / f"pipeline-gen-{args.seed}-{generate.GENERATOR_VERSION}"
    if not gen_dir.is_dir() or len(list(gen_dir.glob("*.md"))) < 200:
        generate.write_files(gen_dir, 200, seed=args.seed + 7, templates=args.templates)
    out["generated"] = bench_pipeline(gen_dir, args.pipeline_repeat)
    results["pipeline"] = out


# ---------------------------------------------------------------------------------
# databases
# ---------------------------------------------------------------------------------


def database_for(passages: int, args: argparse.Namespace) -> tuple[Path, dict[str, Any]]:
    """A SQLite database with `passages` passages (cached), and how it was filled."""
    CACHE.mkdir(parents=True, exist_ok=True)
    method = fill_method(passages, args)
    path = CACHE / f"reads-{size_label(passages)}-{method}-{args.key}.db"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists() and not args.rebuild:
        meta = json.loads(meta_path.read_text())
        meta["cached"] = True
        return path, meta
    for old in CACHE.glob(f"reads-{size_label(passages)}-*"):
        if old.is_file():  # an older code key's database
            old.unlink()
    log(f"fill: {size_label(passages)} passages into {path.name}")
    # leave time for the reads at this size (and PostgreSQL's) within the budget
    max_seconds = None
    if remaining_s(args) != float("inf"):
        max_seconds = max(60.0, remaining_s(args) - 60 * args.reserve_minutes)
        log(f"fill: at most {max_seconds:.0f} s (budget)")
    meta = generate.fill_database(
        f"sqlite:///{path}",
        passages,
        seed=args.seed,
        templates=args.templates,
        unique_bodies=args.unique_bodies,
        method=method,
        max_seconds=max_seconds,
    )
    meta["db_mb"] = round(sum(p.stat().st_size for p in CACHE.glob(path.name + "*")) / 2**20, 1)
    meta_path.write_text(json.dumps(meta, indent=1, default=str))
    meta["cached"] = False
    return path, meta


def fill_method(passages: int, args: argparse.Namespace) -> str:
    """The smallest database goes through `ingest_article` itself (and times it); larger
    ones get the same rows by executemany, which takes minutes instead of hours."""
    if args.fill_method != "auto":
        return str(args.fill_method)
    return "service" if passages <= 10_000 else "bulk"


def db_stats(path: Path) -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    one = conn.execute
    stats = {
        "articles": one("SELECT count(*) FROM article").fetchone()[0],
        "passages": one("SELECT count(*) FROM passage").fetchone()[0],
        "passage_theme_rows": one("SELECT count(*) FROM passage_theme").fetchone()[0],
        "themed_passages": one("SELECT count(DISTINCT passage_id) FROM passage_theme").fetchone()[
            0
        ],
        "first_day": one("SELECT min(date) FROM passage_theme").fetchone()[0],
        "last_day": one("SELECT max(date) FROM passage_theme").fetchone()[0],
        "days": one("SELECT count(DISTINCT date) FROM article").fetchone()[0],
        "sources": one("SELECT count(DISTINCT source) FROM article").fetchone()[0],
        "per_theme": dict(one("SELECT theme, count(*) FROM passage_theme GROUP BY theme")),
        "db_mb": round(path.stat().st_size / 2**20, 1),
    }
    conn.close()
    return stats


def url_sets(stats: dict[str, Any], count: int, seed: int) -> dict[str, list[str]]:
    """Paths per endpoint: many, varying theme and dates over the data's span."""
    rng = random.Random(seed)
    first = dt.date.fromisoformat(stats["first_day"])
    last = dt.date.fromisoformat(stats["last_day"])
    span = max(0, (last - first).days)

    def day(margin: int = 0) -> dt.date:
        return first + dt.timedelta(days=rng.randint(0, max(0, span - margin)))

    sitreps, daily, timeline, search = [], [], [], []
    for _ in range(count):
        width = rng.choice((7, 30, 30, 90, 365))
        start = day(width)
        end = min(last, start + dt.timedelta(days=width - 1))
        theme = rng.choice(THEMES)
        sitreps.append(f"/sitreps?theme={theme}&from={start}&to={end}&limit=50")
        daily.append(f"/sitreps/{day()}")
        year_start = day(364)
        timeline.append(
            f"/timeline?from={year_start}&to={year_start + dt.timedelta(days=364)}&interval=day"
        )
        # a search: one theme or all, in a window or over all dates
        q = quote(rng.choice(SEARCH_WORDS))
        themes = f"&theme={rng.choice(THEMES)}" if rng.random() < 0.5 else ""
        window = f"&from={start}&to={end}" if rng.random() < 0.5 else ""
        search.append(f"/sitreps?q={q}{themes}{window}&limit=50")
    return {"sitreps": sitreps, "daily": daily, "timeline": timeline, "search": search}


def capture(base: str, paths: list[str], deadline_s: float) -> tuple[dict[str, Any], list[str]]:
    """GET each path once: the bodies the reference will answer, and a warm-up."""
    bodies: dict[str, Any] = {}
    kept: list[str] = []
    stop = time.monotonic() + deadline_s
    with httpx.Client(base_url=base, timeout=120) as client:
        for path in paths:
            r = client.get(path)
            if r.status_code != 200:
                raise RuntimeError(f"GET {path}: {r.status_code} {r.text[:500]}")
            bodies[f"GET {path}"] = {
                "status": 200,
                "type": r.headers.get("content-type", "application/json"),
                "body": r.text,
            }
            kept.append(path)
            if time.monotonic() > stop and len(kept) >= 10:
                break
    return bodies, kept


def _write_paths(paths: list[str], name: str, workdir: Path) -> Path:
    path = workdir / name
    path.write_text("\n".join(paths) + "\n")
    return path


CASES = ("fresh", "many", "one")


def load_endpoint(
    server: harness.Server, source: Path | list[str], args: argparse.Namespace
) -> dict[str, Any]:
    """wrk over a file of paths, or (a list: the args of get_random.lua) new URLs."""
    script, script_args = (
        ("get_random.lua", source) if isinstance(source, list) else ("get_urls.lua", [str(source)])
    )
    return wrk(
        server.url,
        script,
        script_args,
        connections=args.connections,
        threads=2,
        seconds=args.duration,
        sample_pid=server.pid,
    )


def random_args(endpoint: str, stats: dict[str, Any]) -> list[str]:
    epoch = dt.date(1970, 1, 1)
    first = (dt.date.fromisoformat(stats["first_day"]) - epoch).days
    last = (dt.date.fromisoformat(stats["last_day"]) - epoch).days
    words = ",".join(quote(w) for w in SEARCH_WORDS)  # quoted: no comma in a word
    return [endpoint, str(first), str(last), ",".join(THEMES), words]


def measure_reads(
    label: str,
    server: harness.Server,
    reference: harness.Server | None,
    files: dict[str, dict[str, Any]],
    args: argparse.Namespace,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for endpoint in ENDPOINTS:
        for case in CASES:
            key = f"{endpoint}/{case}"
            log(f"reads {label}: {key} on {server.name}")
            if case != "fresh":
                # steady state: dashboards poll these URLs all day, so the first pass
                # over them (and, for the app, its answer cache filling) is not measured
                urls = Path(files[endpoint][case]).read_text().split()
                with httpx.Client(base_url=server.url, timeout=120) as client:
                    for url_path in urls:
                        client.get(url_path)
                for warmed in (server, reference):
                    if warmed is not None:
                        wrk(
                            warmed.url,
                            "get_urls.lua",
                            [str(files[endpoint][case])],
                            connections=args.connections,
                            seconds=1,
                        )
            row: dict[str, Any] = {"app": load_endpoint(server, files[endpoint][case], args)}
            if reference is not None:
                row["reference"] = load_endpoint(reference, files[endpoint][case], args)
                row["ratio"] = round(row["app"]["rps"] / max(row["reference"]["rps"], 0.1), 3)
            out[key] = row
    return out


def step_reads(args: argparse.Namespace, results: dict[str, Any]) -> None:
    results.setdefault("reads", {})
    results.setdefault("pg_reads", {})
    for size in args.sizes:
        label = size_label(size)
        if remaining_s(args) < 120:
            log(f"reads {label}: skipped, out of the time budget")
            results.setdefault("skipped", []).append(f"reads {label} (time budget)")
            continue
        path, fill = database_for(size, args)
        if fill.get("stopped_early"):
            log(f"reads {label}: the fill stopped at {fill['passages']:,} passages (budget)")
        stats = db_stats(path)
        log(f"reads {label}: {stats['articles']:,} articles, {stats['passages']:,} passages")
        paths = url_sets(stats, args.urls, args.seed + size)
        fresh_paths = {
            k: [p for p in v if p not in paths[k]][:20]
            for k, v in url_sets(stats, 40, args.seed + size + 99_991).items()
        }
        work = Path(tempfile.mkdtemp(prefix=f"work-reads-{label}-", dir=CACHE))
        entry: dict[str, Any] = {"fill": fill, "db": stats}
        with running("app-sqlite", "app.main:app", app_env(f"sqlite:///{path}"), work) as app:
            entry["server_rss_start_mb"] = app.rss_mb()
            bodies: dict[str, Any] = {}
            files: dict[str, dict[str, Any]] = {}
            timings: dict[str, Any] = {}
            for endpoint in ENDPOINTS:
                t0 = time.perf_counter()
                got, kept = capture(app.url, paths[endpoint], args.capture_seconds)
                timings[endpoint] = {
                    "urls": len(kept),
                    "mean_ms_sequential": round((time.perf_counter() - t0) * 1000 / len(kept), 2),
                    "mean_body_bytes": round(
                        sum(len(b["body"].encode()) for b in got.values()) / len(got)
                    ),
                }
                # one request at a time, on URLs not asked before (no answer cache
                # helps; the database pages are warm): median and worst
                warm = []
                with httpx.Client(base_url=app.url, timeout=120) as client:
                    for url_path in fresh_paths[endpoint]:
                        t1 = time.perf_counter()
                        client.get(url_path)
                        warm.append((time.perf_counter() - t1) * 1000)
                warm.sort()
                timings[endpoint]["warm_ms_p50_alone"] = round(warm[len(warm) // 2], 2)
                timings[endpoint]["warm_ms_max_alone"] = round(warm[-1], 2)
                bodies.update(got)
                files[endpoint] = {
                    "many": _write_paths(kept, f"{endpoint}-many.txt", work),
                    "one": _write_paths(kept[:1], f"{endpoint}-one.txt", work),
                }
            entry["capture"] = timings
            for endpoint in ENDPOINTS:
                files[endpoint]["fresh"] = random_args(endpoint, stats)
            body_file = work / "bodies.json"
            body_file.write_bytes(orjson.dumps(bodies))
            env = {"SITREP_BENCH_BODIES": str(body_file)}
            with running("reference", "bench.reference_app:app", env, work, "/healthz") as ref:
                # warm both (first requests pay imports and caches)
                for server in (app, ref):
                    wrk(
                        server.url,
                        "get_urls.lua",
                        [str(files["sitreps"]["many"])],
                        connections=args.connections,
                        seconds=1,
                    )
                entry["endpoints"] = measure_reads(label, app, ref, files, args)
                entry["reference_rss_mb"] = ref.rss_mb()
            entry["server_rss_end_mb"] = app.rss_mb()
            entry["server_rss_peak_mb"] = max(
                r["app"].get("server_rss_peak_mb", 0) for r in entry["endpoints"].values()
            )
            if "profile" in args.steps and size == max(args.sizes) and remaining_s(args) > 150:
                entry["profile"] = profile_server(app, files, args, work)
        results["reads"][label] = entry
        save(results, args)
        if "pg" in args.steps and size in args.pg_sizes and remaining_s(args) < 240:
            log(f"pg reads {label}: skipped, out of the time budget")
            results.setdefault("skipped", []).append(f"pg reads {label} (time budget)")
        elif "pg" in args.steps and size in args.pg_sizes:
            results["pg_reads"][label] = pg_reads(path, label, files, entry, bodies, args)
            save(results, args)


def pg_reads(
    sqlite_path: Path,
    label: str,
    files: dict[str, dict[str, Any]],
    sqlite_entry: dict[str, Any],
    bodies: dict[str, Any],
    args: argparse.Namespace,
) -> dict[str, Any]:
    log(f"pg reads {label}: copying the SQLite database into a fresh PostgreSQL database")
    url, name = pgcopy.create_database(args.pg_admin)
    entry: dict[str, Any] = {"database": name}
    try:
        entry["copy"] = pgcopy.copy_sqlite_to_postgres(sqlite_path, url)
        work = files["sitreps"]["many"].parent
        with running("app-postgres", "app.main:app", app_env(url), work) as app:
            # same answers as SQLite? (a few per endpoint; also warms the server)
            mismatches = 0
            compared = 0
            with httpx.Client(base_url=app.url, timeout=120) as client:
                for endpoint in ENDPOINTS:
                    for path in files[endpoint]["many"].read_text().split()[:5]:
                        compared += 1
                        got = client.get(path)
                        if orjson.loads(got.content) != orjson.loads(bodies[f"GET {path}"]["body"]):
                            mismatches += 1
            entry["same_answers"] = {"compared": compared, "different": mismatches}
            wrk(
                app.url,
                "get_urls.lua",
                [str(files["sitreps"]["many"])],
                connections=args.connections,
                seconds=1,
            )
            entry["endpoints"] = measure_reads(f"{label} pg", app, None, files, args)
            for key, row in entry["endpoints"].items():
                base = sqlite_entry["endpoints"][key]
                row["reference"] = base.get("reference")
                row["vs_sqlite_rps"] = round(row["app"]["rps"] / max(base["app"]["rps"], 0.1), 3)
                row["ratio"] = round(row["app"]["rps"] / max(base["reference"]["rps"], 0.1), 3)
            entry["server_rss_end_mb"] = app.rss_mb()
    finally:
        pgcopy.drop_database(args.pg_admin, name)
    return entry


# ---------------------------------------------------------------------------------
# profile
# ---------------------------------------------------------------------------------


def profile_server(
    app: harness.Server, files: dict[str, dict[str, Any]], args: argparse.Namespace, work: Path
) -> dict[str, Any]:
    spy = ROOT / ".venv" / "bin" / "py-spy"
    if not spy.exists():
        return {"error": "py-spy not installed (uv add --dev py-spy)"}
    out: dict[str, Any] = {}
    for endpoint in ("sitreps", "timeline", "daily"):
        raw = work / f"profile-{endpoint}.txt"
        seconds = max(3, int(args.duration))
        log(f"profile: py-spy on the app under {endpoint} load ({seconds} s)")
        spy_proc = subprocess.Popen(
            [
                str(spy),
                "record",
                "--pid",
                str(app.pid),
                "--duration",
                str(seconds),
                "--rate",
                "250",
                "--format",
                "raw",
                "--output",
                str(raw),
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        wrk(
            app.url,
            "get_random.lua",
            files[endpoint]["fresh"],
            connections=args.connections,
            seconds=seconds,
        )
        try:
            spy_proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            spy_proc.kill()
        out[endpoint] = summarize_profile(raw) if raw.exists() else {"error": "no samples"}
        out[endpoint]["raw"] = str(raw.relative_to(ROOT))
    return out


IDLE = ("Condition.wait", "Event.wait", "Thread.join", "SimpleQueue.get", "Queue.get")


def summarize_profile(raw: Path, top: int = 15) -> dict[str, Any]:
    """Self and inclusive sample shares per function, from py-spy's collapsed stacks."""
    self_counts: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        count = int(n)
        frames = [f for f in stack.split(";") if f and not f.startswith(("process ", "thread "))]
        if not frames or _frame(frames[-1]).startswith(IDLE):
            continue  # a worker thread waiting for work, not time spent on a request
        total += count
        self_counts[_frame(frames[-1])] += count
        for name in {_frame(f) for f in frames}:
            incl[name] += count

    def share(counter: Counter[str]) -> list[tuple[str, float]]:
        return [(k, round(100 * v / max(total, 1), 1)) for k, v in counter.most_common(top)]

    app_incl = Counter({k: v for k, v in incl.items() if "(app/" in k or "app/" in k})
    return {
        "samples": total,
        "self_top": share(self_counts),
        "inclusive_app_top": share(app_incl),
        "inclusive_top": share(incl),
    }


def _frame(frame: str) -> str:
    # "function (path/to/file.py:123)" -> "function (file path relative)"
    frame = re.sub(r":\d+\)$", ")", frame)
    frame = frame.replace(str(ROOT) + "/", "")
    return re.sub(r"\(.*?site-packages/", "(", frame)


# ---------------------------------------------------------------------------------
# ingest over HTTP
# ---------------------------------------------------------------------------------

RECORD_SEP = "\n@@SITREP-BENCH-RECORD@@\n"


def _marked(text: str) -> str:
    """Put the round marker in the source URL (the article's identity)."""
    return re.sub(r"(?m)^(source: \S+?)(/?)$", r"\1@@R@@\2", text, count=1)


def ingest_pools(args: argparse.Namespace) -> tuple[Path, Path, list[str]]:
    CACHE.mkdir(parents=True, exist_ok=True)
    key = f"{generate.GENERATOR_VERSION}-{args.seed}-{args.ingest_pool}-{args.batch_size}"
    single = CACHE / f"ingest-single-{key}.txt"
    batch = CACHE / f"ingest-batch-{key}.txt"
    gen = generate.CorpusGenerator(args.ingest_pool * 3, seed=args.seed + 1000)
    sample = [_marked(a.text) for a in gen.articles(0, 3)]
    if not single.exists() or not batch.exists():
        log(f"ingest: generating {args.ingest_pool} + {2 * args.ingest_pool} articles")
        texts = [_marked(a.text) for a in gen.articles(0, args.ingest_pool)]
        single.write_text(RECORD_SEP.join(texts))
        batches = []
        rest = [_marked(a.text) for a in gen.articles(args.ingest_pool, 2 * args.ingest_pool)]
        for s in range(0, len(rest), args.batch_size):
            chunk = rest[s : s + args.batch_size]
            batches.append(orjson.dumps([{"markdown": t} for t in chunk]).decode())
        batch.write_text(RECORD_SEP.join(batches))
    return single, batch, sample


def _count_articles(database_url: str) -> int:
    if database_url.startswith("sqlite"):
        conn = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        n = conn.execute("SELECT count(*) FROM article").fetchone()[0]
        conn.close()
        return int(n)
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT count(*) FROM article").fetchone()
        return int(row[0]) if row else 0


def _settle(database_url: str, before: int, t0: float, quiet: float) -> tuple[int, float]:
    """Poll the article count until it has not changed for `quiet` seconds (a batch
    commits all its articles at once, at its end): (articles added, seconds from t0 to
    the last change)."""
    last = _count_articles(database_url)
    last_change = time.monotonic() - t0
    quiet_since = time.monotonic()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and time.monotonic() - quiet_since < quiet:
        time.sleep(0.2)
        n = _count_articles(database_url)
        if n != last:
            last, last_change, quiet_since = n, time.monotonic() - t0, time.monotonic()
    return last - before, last_change


def ingest_on(
    backend: str,
    database_url: str,
    pools: tuple[Path, Path, list[str]],
    args: argparse.Namespace,
    work: Path,
    with_reference: bool,
) -> dict[str, Any]:
    single, batch, sample = pools
    out: dict[str, Any] = {}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with running(f"app-{backend}", "app.main:app", app_env(database_url), work) as app:
        # one real receipt of each kind, for the reference to answer
        with httpx.Client(base_url=app.url, timeout=120, headers=auth) as client:
            one = client.post(
                "/articles",
                content=sample[0].replace("@@R@@", "-warm").encode(),
                headers={"Content-Type": "text/markdown"},
            )
            many = client.post(
                "/articles/batch",
                content=orjson.dumps(
                    [{"markdown": t.replace("@@R@@", "-warm")} for t in sample[1:]]
                ),
                headers={"Content-Type": "application/json"},
            )
        if one.status_code != 201 or many.status_code != 200:
            raise RuntimeError(f"warm-up ingest failed: {one.text[:300]} {many.text[:300]}")
        bodies = {
            "POST /articles": {"status": 201, "type": "application/json", "body": one.text},
            "POST /articles/batch": {
                "status": 200,
                "type": "application/json",
                "body": many.text,
            },
        }
        cases = (
            ("single", single, "text/markdown", 1, args.ingest_connections, "/articles"),
            ("batch", batch, "application/json", args.batch_size, 2, "/articles/batch"),
        )
        single_rate = 10.0  # articles/s, until measured
        for name, pool, ctype, per_request, conns, path in cases:
            before = _count_articles(database_url)
            # a run must hold several requests: one batch takes per_request / rate
            one_request = per_request / max(single_rate, 1.0)
            seconds = min(args.ingest_seconds * 3, max(args.ingest_seconds, 3 * one_request))
            log(f"ingest {backend}: {name} ({per_request}/request, -c{conns}, {seconds:.0f} s)")
            t0 = time.monotonic()
            result = wrk(
                app.url + path,
                "post_bodies.lua",
                [str(pool), ctype, TOKEN, str(min(2, conns))],
                connections=conns,
                threads=2,
                seconds=seconds,
                timeout_s=120,
                sample_pid=app.pid,
            )
            # requests still in flight when wrk stops are finished by the server: the
            # rate is every article stored over the time until the last one was stored
            stored, last_change = _settle(database_url, before, t0, 2.0 + 1.5 * one_request)
            secs = result["duration_us"] / 1e6
            result["articles_per_request"] = per_request
            result["articles_per_s_wrk"] = round(result["ok"] * per_request / secs, 1)
            result["articles_stored"] = stored
            result["seconds_until_last_stored"] = round(last_change, 2)
            result["articles_per_s"] = round(stored / last_change, 1) if last_change else 0.0
            if name == "single":
                single_rate = result["articles_per_s"]
            out[name] = {"app": result}
        out["server_rss_end_mb"] = app.rss_mb()
    if with_reference:
        body_file = work / f"ingest-bodies-{backend}.json"
        body_file.write_bytes(orjson.dumps(bodies))
        env = {"SITREP_BENCH_BODIES": str(body_file)}
        with running("reference", "bench.reference_app:app", env, work, "/healthz") as ref:
            for name, pool, ctype, per_request, conns, path in cases:
                log(f"ingest reference: {name}")
                result = wrk(
                    ref.url + path,
                    "post_bodies.lua",
                    [str(pool), ctype, TOKEN, str(min(2, conns))],
                    connections=conns,
                    threads=2,
                    seconds=args.ingest_seconds,
                    timeout_s=60,
                )
                secs = result["duration_us"] / 1e6
                result["articles_per_s"] = round(result["ok"] * per_request / secs, 1)
                out[name]["reference"] = result
    return out


def step_ingest(args: argparse.Namespace, results: dict[str, Any]) -> None:
    pools = ingest_pools(args)
    work = Path(tempfile.mkdtemp(prefix="work-ingest-", dir=CACHE))
    db = work / "ingest.db"
    results["ingest"] = {"sqlite": ingest_on("sqlite", f"sqlite:///{db}", pools, args, work, True)}
    save(results, args)
    if "pg" in args.steps:
        url, name = pgcopy.create_database(args.pg_admin)
        try:
            pg = ingest_on("postgres", url, pools, args, work, False)
        finally:
            pgcopy.drop_database(args.pg_admin, name)
        for case in ("single", "batch"):
            pg[case]["reference"] = results["ingest"]["sqlite"][case].get("reference")
        results["ingest"]["postgres"] = pg
    for path in work.glob("ingest.db*"):
        path.unlink()
    save(results, args)


# ---------------------------------------------------------------------------------
# bulk import: `sitrep ingest DIR`
# ---------------------------------------------------------------------------------


def bulk_corpus(args: argparse.Namespace) -> tuple[Path, dict[str, Any]]:
    """A folder of the first --bulk-files articles of a corpus of --bulk-articles
    (100k), dated as in the whole corpus, and how it was written: by default all of
    them (the memory target is for 100k, and a shorter import under-counts what grows
    with the number of files). A folder for each count: the import reads all it holds."""
    files = min(args.bulk_files, args.bulk_articles)
    folder = CACHE / (
        f"bulk-{args.bulk_articles}-g{generate.GENERATOR_VERSION}-s{args.seed}"
        + ("-tpl" if args.templates else "")
        + f"-{files}"
    )
    marker = folder / f".complete-{files}"
    if not marker.exists():
        log(f"bulk: generating {files:,} files of a {args.bulk_articles:,}-article corpus")
        info = generate.write_files(
            folder,
            files,
            seed=args.seed + 2000,
            templates=args.templates,
            total=args.bulk_articles,
        )
        marker.write_text(json.dumps(info))
    return folder, json.loads(marker.read_text())


def bulk_import(
    database_url: str, folder: Path, args: argparse.Namespace, seconds: float
) -> dict[str, Any]:
    """Run `sitrep ingest DIR` for at most `seconds`; rate and memory."""
    env = {**os.environ, **app_env(database_url)}
    files = len(list(folder.glob("*.md")))
    cmd = [str(ROOT / ".venv" / "bin" / "sitrep"), "ingest", str(folder), "--quiet"]
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    progress: list[tuple[float, int]] = []
    finished = False
    with harness.MemorySampler(proc.pid, interval=0.5) as memory:
        deadline = started + seconds
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                finished = True
                break
            time.sleep(2.0)
            with contextlib.suppress(Exception):
                progress.append((time.monotonic() - started, _count_articles(database_url)))
        if not finished:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    elapsed = time.monotonic() - started
    output = proc.stdout.read().decode(errors="replace")[-2000:] if proc.stdout else ""
    stored = _count_articles(database_url)
    # steady rate: from the first progress point with articles to the last one
    points = [(t, n) for t, n in progress if n > 0]
    steady = None
    if len(points) >= 2 and points[-1][0] > points[0][0]:
        steady = (points[-1][1] - points[0][1]) / (points[-1][0] - points[0][0])
    samples = memory.samples
    slope_mb_per_1k = None
    projected = None
    if len(samples) > 8 and stored > 0 and points:
        # RSS against articles stored, over the second half of the run
        half = [s for s in samples if s[0] >= samples[-1][0] / 2]
        if len(half) >= 2 and half[-1][0] > half[0][0] and steady:
            per_s = (half[-1][1] - half[0][1]) / (half[-1][0] - half[0][0])
            slope_mb_per_1k = round(per_s / steady * 1000 / 2**20, 2)
            # from the peak: the last sample may come after a stopped import's workers
            # left (the runs before 2026-11-27 14:15 projected from it, too low). An
            # import of every file of the corpus needs no projection: its peak is it.
            left = 0 if finished and files >= args.bulk_articles else args.bulk_articles - stored
            projected = round(memory.peak_mb + max(0.0, slope_mb_per_1k) * max(0, left) / 1000, 1)
    return {
        "files": files,
        "articles_stored": stored,
        "finished": finished,
        "seconds": round(elapsed, 1),
        "articles_per_s_overall": round(stored / elapsed, 1),
        "articles_per_s_steady": round(steady, 1) if steady else None,
        "rss_peak_mb": memory.peak_mb,
        "rss_last_mb": memory.last_mb,
        "rss_growth_mb_per_1k_articles": slope_mb_per_1k,
        "rss_projected_mb_at_target": projected,
        "target_articles": args.bulk_articles,
        "time_limit_s": seconds,
        "output_tail": output,
    }


def bulk_reference(folder: Path, files: int) -> dict[str, Any]:
    """bench/bulk_reference.py over the first `files` files of the import's folder: the
    files stored raw (no pipeline) and the pipeline alone in the import's pool."""
    out = subprocess.run(
        [sys.executable, str(BENCH / "bulk_reference.py"), str(folder), "--files", str(files)],
        cwd=ROOT,
        env={**os.environ, **harness.python_env()},
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def step_bulk(args: argparse.Namespace, results: dict[str, Any]) -> None:
    folder, corpus = bulk_corpus(args)
    work = Path(tempfile.mkdtemp(prefix="work-bulk-", dir=CACHE))
    db = work / "bulk.db"
    log(f"bulk sqlite: sitrep ingest DIR ({args.bulk_seconds:.0f} s at most)")
    results["bulk"] = {"sqlite": bulk_import(f"sqlite:///{db}", folder, args, args.bulk_seconds)}
    results["bulk"]["sqlite"]["corpus"] = corpus
    for path in work.glob("bulk.db*"):
        path.unlink()
    save(results, args)
    log(f"bulk reference: {args.bulk_reference_files:,} of the files stored raw, then piped")
    results["bulk"]["reference"] = bulk_reference(folder, args.bulk_reference_files)
    save(results, args)
    if "pg" in args.steps:
        url, name = pgcopy.create_database(args.pg_admin)
        try:
            log(f"bulk postgres: sitrep ingest (<= {args.bulk_pg_seconds:.0f} s)")
            results["bulk"]["postgres"] = bulk_import(url, folder, args, args.bulk_pg_seconds)
        finally:
            pgcopy.drop_database(args.pg_admin, name)
        save(results, args)


# ---------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------


def save(results: dict[str, Any], args: argparse.Namespace) -> None:
    results["finished_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, default=str) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="passages, e.g. 10k,100k,1m")
    parser.add_argument("--quick", action="store_true", help="10k passages, short runs")
    parser.add_argument("--skip", default="", help=f"steps to skip: {','.join(STEPS)}")
    parser.add_argument("--only", default="", help="run only these steps")
    parser.add_argument("--duration", type=float, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--urls", type=int, default=100, help="distinct URLs per endpoint")
    parser.add_argument("--capture-seconds", type=float, default=15)
    parser.add_argument("--pg-admin", default=os.environ.get("SITREP_BENCH_PG", PG_ADMIN_DEFAULT))
    parser.add_argument(
        "--pg-sizes", default="", help="sizes also read on PostgreSQL (default: the largest)"
    )
    parser.add_argument("--ingest-seconds", type=float, default=8)
    parser.add_argument("--ingest-connections", type=int, default=4)
    parser.add_argument("--ingest-pool", type=int, default=3000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--bulk-articles", type=int, default=100_000, help="corpus size")
    parser.add_argument(
        "--bulk-files",
        type=int,
        default=100_000,
        help="files of that corpus written and offered to `sitrep ingest` (time-bounded)",
    )
    parser.add_argument("--bulk-seconds", type=float, default=400)
    parser.add_argument(
        "--bulk-reference-files",
        type=int,
        default=10_000,
        help="files of the import's folder its references (raw store, pipeline alone) take",
    )
    parser.add_argument(
        "--bulk-pg-seconds",
        type=float,
        default=60,
        help="PostgreSQL's import: long enough for its rate (the 1.5x target)",
    )
    parser.add_argument("--unique-bodies", type=int, default=2000)
    parser.add_argument(
        "--fill-method",
        choices=("auto", "service", "bulk"),
        default="auto",
        help="how read databases are filled (auto: service up to 10k passages, then bulk)",
    )
    parser.add_argument("--pipeline-repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--templates", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true", help="refill cached databases")
    parser.add_argument(
        "--budget-minutes",
        type=float,
        default=0,
        help="stop filling and skip later steps to finish in about this time (0: no limit)",
    )
    parser.add_argument(
        "--reserve-minutes",
        type=float,
        default=7,
        help="with a budget: minutes kept for the reads after the largest fill",
    )
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument(
        "--report-only",
        type=Path,
        default=None,
        help="print the tables of a results JSON and write them to bench/README.md",
    )
    args = parser.parse_args(argv)
    if args.report_only:
        saved = json.loads(args.report_only.read_text())
        print(report.render_text(saved))
        report.write_readme(saved, report.render_markdown(saved), args.report_only.resolve())
        return 0

    if args.quick:
        args.sizes = "10k"
        args.duration = min(args.duration, 3)
        args.ingest_seconds = min(args.ingest_seconds, 4)
        args.ingest_pool = min(args.ingest_pool, 600)
        args.bulk_files = min(args.bulk_files, 2000)
        args.bulk_seconds = min(args.bulk_seconds, 25)
        args.bulk_reference_files = min(args.bulk_reference_files, 1000)
        args.urls = min(args.urls, 30)
        args.capture_seconds = min(args.capture_seconds, 15)
    args.sizes = sorted(parse_size(s) for s in args.sizes.split(",") if s.strip())
    args.pg_sizes = (
        [parse_size(s) for s in args.pg_sizes.split(",") if s.strip()]
        if args.pg_sizes
        else [max(args.sizes)]
    )
    only = {s for s in args.only.split(",") if s}
    skip = {s for s in args.skip.split(",") if s}
    args.steps = [s for s in STEPS if (not only or s in only) and s not in skip]
    args.key = code_key(args)
    for old in CACHE.glob("work-*"):  # logs and profiles of earlier runs
        shutil.rmtree(old, ignore_errors=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    args.out = args.out or BENCH / "results" / f"{stamp}{'-quick' if args.quick else ''}.json"

    results: dict[str, Any] = {
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": {
            **harness.machine(),
            "postgresql_server": harness.postgres_server_version(args.pg_admin),
        },
        "settings": {
            "sizes": args.sizes,
            "pg_sizes": args.pg_sizes if "pg" in args.steps else [],
            "steps": args.steps,
            "wrk_seconds": args.duration,
            "connections": args.connections,
            "urls_per_endpoint": args.urls,
            "ingest_seconds": args.ingest_seconds,
            "batch_size": args.batch_size,
            "bulk_articles": args.bulk_articles,
            "bulk_seconds": args.bulk_seconds,
            "seed": args.seed,
            "templates": str(args.templates) if args.templates else None,
            "uvicorn": " ".join(harness.UVICORN_ARGS),
            "code_key": args.key,
        },
    }
    started = time.monotonic()
    # the largest sizes last: a run cut short still has the other figures
    steps = {
        "pipeline": step_pipeline,
        "ingest": step_ingest,
        "bulk": step_bulk,
        "reads": step_reads,
    }
    for name, fn in steps.items():
        if name in args.steps:
            t0 = time.monotonic()
            try:
                fn(args, results)
            except Exception as exc:  # keep what was measured; say what failed
                log(f"{name} FAILED: {exc!r}")
                results.setdefault("errors", {})[name] = repr(exc)
            results.setdefault("step_seconds", {})[name] = round(time.monotonic() - t0, 1)
            save(results, args)
    results["total_seconds"] = round(time.monotonic() - started, 1)
    save(results, args)
    table = report.render_markdown(results)
    print(report.render_text(results))
    if not args.no_readme:
        report.write_readme(results, table, args.out)
    log(f"results: {args.out}; total {results['total_seconds']:.0f} s")
    return 1 if results.get("errors") else 0


if __name__ == "__main__":
    raise SystemExit(main())
