"""The article files `sitrep ingest` reads: files, folders (their *.md, recursively) and
globs, in a stable order, listed while they are read rather than held.

A folder of 100,000 articles listed as Path objects takes some 60 MB, more than all the
rest a bulk import keeps: a folder is walked one directory at a time instead, each
directory's names sorted, which yields the order `sorted(folder.rglob("*.md"))` gives.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class NoSuchPath(ValueError):
    """An argument that names no file, no folder and matches nothing."""


def markdown_under(folder: str) -> Iterator[str]:
    """The *.md files under `folder`, recursively, ordered as their paths' parts are
    (each directory's entries by name, a subfolder where its name falls). Symbolic links
    to folders are not followed (a link back up would never end); links to files are."""
    # scandir: the kinds come with the names (no stat a file); only names are kept, as
    # a folder may hold 100,000 of them.
    files: list[str] = []
    folders: set[str] = set()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.add(entry.name)
                elif entry.name.endswith(".md") and entry.is_file():
                    files.append(entry.name)
    except OSError:  # unreadable, or gone since: nothing to read there
        return
    for name in sorted([*files, *folders]):
        path = os.path.join(folder, name)
        if name in folders:
            yield from markdown_under(path)
        else:
            yield path


@dataclass(frozen=True, slots=True)
class ArticleFiles:
    """What the command line named; iterating lists the files, each once."""

    arguments: tuple[str, ...]

    @classmethod
    def of(cls, arguments: list[str]) -> ArticleFiles:
        """Raises NoSuchPath for an argument that names nothing: before any import."""
        for raw in arguments:
            # the first match suffices (a "**" glob may match many)
            if next(glob.iglob(raw, recursive=True), None) is None and not os.path.exists(raw):
                raise NoSuchPath(f"{raw}: no such file, folder or match")
        return cls(tuple(arguments))

    def __iter__(self) -> Iterator[Path]:
        # One folder yields each file once; anything more may name a file twice (a
        # folder and a file in it, a glob matching both): only then are paths kept.
        single_folder = len(self.arguments) == 1 and os.path.isdir(self.arguments[0])
        seen: set[str] | None = None if single_folder else set()
        for path in self._listed():
            if seen is not None:
                key = os.path.normpath(path)  # "./a.md" is "a.md", as Path has it
                if key in seen:
                    continue
                seen.add(key)
            yield Path(path)

    def count(self) -> int:
        """How many files iterating gives (a walk of the listing, nothing read)."""
        return sum(1 for _ in self)

    def _listed(self) -> Iterator[str]:
        for raw in self.arguments:
            for match in sorted(glob.glob(raw, recursive=True)) or [raw]:
                if os.path.isdir(match):
                    yield from markdown_under(match)
                elif os.path.isfile(match):
                    yield match
