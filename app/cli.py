"""The `sitrep` command: serve, ingest files, export, database upgrades, evaluation."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import signal
import threading
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from app.core.db import make_engine
from app.core.migrations import upgrade_to_head
from app.core.settings import Settings
from app.ingest.files import ArticleFiles, NoSuchPath
from app.pipeline.types import THEMES

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles"

cli = typer.Typer(
    help="Sitrep: per-theme situation reports from scraped war news.",
    no_args_is_help=True,
    add_completion=False,
)
db_cli = typer.Typer(help="Database schema commands.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
console = Console(stderr=True)


def _article_files(paths: list[str]) -> ArticleFiles:
    try:
        return ArticleFiles.of(paths)
    except NoSuchPath as exc:
        raise typer.BadParameter(str(exc), param_hint="PATH") from None


def ingest_files(
    settings: Settings, files: ArticleFiles, count: int, *, show_progress: bool = True
) -> Counter[str]:
    """Ingest the `count` files in order, as many to a transaction, the pipeline in
    worker processes (SITREP_PIPELINE_WORKERS); one bad file does not stop the rest."""
    from app.ingest.bulk import import_files, tune_for_import
    from app.ingest.prepare import collecting_less_often, pipeline_pool

    engine = make_engine(settings)
    tune_for_import(engine)
    if settings.should_auto_migrate:
        upgrade_to_head(engine)
    workers = (
        (os.cpu_count() or 1) if settings.pipeline_workers is None else settings.pipeline_workers
    )
    # a pool takes a second to start: for a handful of files the pipeline runs here
    pool = pipeline_pool(workers) if count >= POOL_FROM_FILES else None
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    # SIGTERM (a deadline, a supervisor) ends the import as Ctrl-C does: the open
    # transaction rolls back, the pool's workers are told to stop
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm) if in_main_thread else None
    try:
        with (
            Progress(*columns, console=console, disable=not show_progress) as progress,
            collecting_less_often(),
        ):
            task = progress.add_task("ingesting", total=count, rate="")

            def advance(n: int) -> None:
                speed = progress.tasks[0].speed
                progress.update(task, advance=n, rate=f"{speed:,.0f}/s" if speed else "")

            def failed(path: Path, reason: str) -> None:
                console.print(f"[red]failed[/red] {path}: {reason}")

            return import_files(
                engine,
                files,
                pool=pool,
                workers=max(1, workers),
                on_failure=failed,
                on_progress=advance,
            )
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        engine.dispose()


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    raise SystemExit(128 + signal.SIGTERM)


POOL_FROM_FILES = 64


@cli.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders or globs of article .md files.")
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest article files straight into the database (no server needed)."""
    files = _article_files(paths)
    count = files.count()
    if not count:
        console.print("[yellow]no .md files found[/yellow]")
        raise typer.Exit(1)
    outcome = ingest_files(Settings(), files, count, show_progress=not quiet)
    summary = ", ".join(f"{outcome[k]} {k}" for k in ("created", "updated", "unchanged", "failed"))
    typer.echo(summary)
    raise typer.Exit(1 if outcome["failed"] else 0)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    reload: Annotated[bool, typer.Option(help="Reload on code changes.")] = False,
) -> None:
    """Serve the API with uvicorn."""
    import uvicorn

    uvicorn.run("app.main:app", host=host, port=port, reload=reload)


@cli.command()
def quickstart(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    samples: Annotated[Path, typer.Option(help="Folder of articles to load.")] = SAMPLES,
) -> None:
    """Load the sample articles into the SQLite database and serve the API."""
    token = os.environ.get("SITREP_INGEST_TOKENS") or f"dev-{secrets.token_urlsafe(16)}"
    os.environ["SITREP_INGEST_TOKENS"] = token
    settings = Settings()
    files = _article_files([str(samples)])
    outcome = ingest_files(settings, files, files.count(), show_progress=False)
    console.print(
        f"Loaded samples into {settings.database_url}: "
        f"{outcome['created']} created, {outcome['unchanged']} already there.\n"
        f"Ingest token: [bold]{token.split(',')[0]}[/bold]\n"
        f"Dashboard: http://127.0.0.1:{port}/\n"
        f"Try: curl 'http://127.0.0.1:{port}/sitreps?theme=energy'"
    )
    serve(host="127.0.0.1", port=port, reload=False)


@cli.command()
def reparse(
    force: Annotated[
        bool, typer.Option(help="Reprocess every article, not only older parser versions'.")
    ] = False,
    batch_size: Annotated[
        int, typer.Option(min=1, max=1000, help="Articles per transaction.")
    ] = 100,
) -> None:
    """Re-run the current pipeline over the stored raw markdown; report changes per theme."""
    from app.ingest.reparse import reparse as run_reparse

    settings = Settings()
    engine = make_engine(settings)
    if settings.should_auto_migrate:
        upgrade_to_head(engine)
    report = run_reparse(engine, force=force, batch_size=batch_size)
    engine.dispose()
    typer.echo(
        f"parser {report.parser_version}: {report.articles} articles reprocessed, "
        f"{report.changed} changed, {report.failed} failed, in {report.seconds:.1f} s"
    )
    for theme, change in report.theme_changes().items():
        typer.echo(
            f"  {theme:<13} {change['before']:>7} -> {change['after']:>7} ({change['delta']:+d})"
        )
    raise typer.Exit(1 if report.failed else 0)


# The six theme slugs as a choice of the command line (`--theme energy`).
ThemeChoice = StrEnum("ThemeChoice", [(t, t) for t in THEMES])  # type: ignore[misc]


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: give an ISO date, YYYY-MM-DD") from None


@cli.command()
def export(
    theme: Annotated[
        list[ThemeChoice] | None,
        typer.Option(
            "--theme",
            "-t",
            metavar="THEME",
            help=f"Theme slug ({', '.join(THEMES)}); repeat for several. Default: all six.",
        ),
    ] = None,
    from_: Annotated[
        dt.date | None,
        typer.Option(
            "--from", parser=_iso_date, metavar="YYYY-MM-DD", help="First day, inclusive."
        ),
    ] = None,
    to: Annotated[
        dt.date | None,
        typer.Option("--to", parser=_iso_date, metavar="YYYY-MM-DD", help="Last day, inclusive."),
    ] = None,
    fmt: Annotated[
        Literal["csv", "ndjson"],
        typer.Option(
            "--format",
            "-f",
            help="csv (RFC 4180, header row) or ndjson (one JSON object per line).",
        ),
    ] = "csv",
    source: Annotated[
        list[str] | None,
        typer.Option(help="Only this outlet's articles (its domain); repeat for several."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            help="Write to this file (complete or not at all) instead of stdout.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
) -> None:
    """Export the passages of themes in a date range, newest first, streamed.

    The rows are those of GET /sitreps?format=csv|ndjson. Exit 2 on a bad argument
    (date, range, theme), 1 when the database fails.
    """
    from pydantic import ValidationError
    from sqlalchemy.exc import SQLAlchemyError

    from app import export as exporting
    from app.query.filters import SitrepQuery

    if from_ and to and from_ > to:
        raise typer.BadParameter(
            f"the range is inverted: --from {from_} is after --to {to}; swap them",
            param_hint="'--from' / '--to'",
        )
    if output is not None and not output.parent.is_dir():
        raise typer.BadParameter(f"{output.parent}: no such folder", param_hint="'--output'")
    try:
        query = SitrepQuery.model_validate(
            {
                "theme": [t.value for t in theme or []],
                "from": from_,
                "to": to,
                "source": source or [],
                "limit": exporting.PAGE,
            }
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "source"
        raise typer.BadParameter(
            first["msg"].removeprefix("Value error, "), param_hint=f"'--{name}'"
        ) from None

    settings = Settings()
    engine = make_engine(settings)
    try:
        if settings.should_auto_migrate:
            upgrade_to_head(engine)
        stream = exporting.chunks(engine, query, fmt)
        if output is None:
            result = exporting.write(stream, fmt, typer.get_binary_stream("stdout"))
        else:
            result = exporting.write_file(stream, fmt, output)
    except BrokenPipeError:  # `sitrep export | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        raise typer.Exit(0) from None
    except SQLAlchemyError as exc:
        console.print(
            f"[red]database error[/red]: {exc.__class__.__name__}: {str(exc).splitlines()[0]}\n"
            "Check SITREP_DATABASE_URL, and run `sitrep db upgrade` on a new database."
        )
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    if not quiet:
        where = str(output) if output else "stdout"
        console.print(f"{result.rows} passages ({result.bytes:,} bytes of {fmt}) to {where}")


@cli.command("eval")
def eval_command(
    corpus: Annotated[
        Path | None,
        typer.Option(
            help="Folder with articles/*.md and labels/*.jsonl: scores the themes.",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    facts: Annotated[
        Path | None,
        typer.Option(
            help="Folder of labelled places/figures/claims (*.jsonl): scores the extractors. "
            "Default: the project's fixtures, when they are there.",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    worst: Annotated[int, typer.Option(help="Worst misses shown per theme.")] = 5,
    strict: Annotated[bool, typer.Option(help="Exit 1 when a target is missed.")] = False,
) -> None:
    """Score the pipeline: themes per line (P/R/F1, macro-F1) and the fact extractors."""
    from app.evaluation import evaluate, render_report
    from app.facts_evaluation import DEFAULT_FIXTURES, evaluate_facts, render_facts_report

    facts = facts or (DEFAULT_FIXTURES if DEFAULT_FIXTURES.is_dir() else None)
    if corpus is None and facts is None:
        raise typer.BadParameter("give --corpus DIR, --facts DIR, or both", param_hint="--corpus")
    passed = True
    if corpus is not None:
        report = evaluate(corpus)
        typer.echo(render_report(report, worst=worst))
        passed &= report.passed()
    if facts is not None:
        facts_report = evaluate_facts(facts)
        typer.echo(render_facts_report(facts_report, misses=worst > 0))
        passed &= facts_report.passed
    raise typer.Exit(1 if strict and not passed else 0)


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema to the latest migration."""
    settings = Settings()
    engine = make_engine(settings)
    upgrade_to_head(engine)
    engine.dispose()
    typer.echo(f"schema at head on {engine.url.render_as_string(hide_password=True)}")


def main() -> None:
    cli()
