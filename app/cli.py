"""The `sitrep` command: serve, ingest files, database upgrades, evaluation."""

from __future__ import annotations

import glob
import os
import secrets
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from app.core.db import make_engine, transaction
from app.core.errors import SitrepError
from app.core.migrations import upgrade_to_head
from app.core.settings import Settings

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


def _expand(paths: list[str]) -> list[Path]:
    """Files, folders (their *.md, recursively) and globs, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        matches = [Path(m) for m in sorted(glob.glob(raw, recursive=True))] or [Path(raw)]
        for path in matches:
            if path.is_dir():
                found += sorted(p for p in path.rglob("*.md") if p.is_file())
            elif path.is_file():
                found.append(path)
            else:
                raise typer.BadParameter(f"{raw}: no such file, folder or match", param_hint="PATH")
    return list(dict.fromkeys(found))


def ingest_files(
    settings: Settings, files: list[Path], *, show_progress: bool = True
) -> Counter[str]:
    """Ingest each file in its own transaction; one bad file does not stop the rest."""
    from app.ingest.service import ingest_article

    engine = make_engine(settings)
    if settings.should_auto_migrate:
        upgrade_to_head(engine)
    outcome: Counter[str] = Counter()
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, disable=not show_progress) as progress:
        task = progress.add_task("ingesting", total=len(files), rate="")
        for path in files:
            try:
                with transaction(engine, write=True) as session:
                    receipt = ingest_article(session, path.read_bytes())
                outcome[receipt.status] += 1
            except (SitrepError, OSError) as exc:
                outcome["failed"] += 1
                console.print(f"[red]failed[/red] {path}: {getattr(exc, 'detail', exc)}")
            speed = progress.tasks[0].speed
            progress.update(task, advance=1, rate=f"{speed:,.0f}/s" if speed else "")
    engine.dispose()
    return outcome


@cli.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders or globs of article .md files.")
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest article files straight into the database (no server needed)."""
    files = _expand(paths)
    if not files:
        console.print("[yellow]no .md files found[/yellow]")
        raise typer.Exit(1)
    outcome = ingest_files(Settings(), files, show_progress=not quiet)
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
    outcome = ingest_files(settings, _expand([str(samples)]), show_progress=False)
    console.print(
        f"Loaded samples into {settings.database_url}: "
        f"{outcome['created']} created, {outcome['unchanged']} already there.\n"
        f"Ingest token: [bold]{token.split(',')[0]}[/bold]\n"
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


@cli.command("eval")
def eval_command(
    corpus: Annotated[
        Path,
        typer.Option(
            help="Folder with articles/*.md and labels/*.jsonl.", exists=True, file_okay=False
        ),
    ],
    worst: Annotated[int, typer.Option(help="Worst misses shown per theme.")] = 5,
    strict: Annotated[bool, typer.Option(help="Exit 1 when a target is missed.")] = False,
) -> None:
    """Score the classifier against line-labelled articles: P/R/F1 per theme, macro-F1."""
    from app.evaluation import evaluate, render_report

    report = evaluate(corpus)
    typer.echo(render_report(report, worst=worst))
    raise typer.Exit(1 if strict and not report.passed() else 0)


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
