"""The files `sitrep ingest` reads: the order of a sorted listing, each file once,
listed as the import reaches them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.ingest.files import ArticleFiles, NoSuchPath

# names that sort around each other: "a" < "a-b" < "a.md" < "a_b" < "b"
NAMES = st.sampled_from(["a", "b", "a-b", "a_b", "A", "a.md", "b.md", "z.md", "n.txt"])


def _tree(root: Path, paths: list[tuple[str, ...]]) -> None:
    for parts in paths:
        target = root.joinpath(*parts)
        if any(p.is_file() for p in [*target.parents, target] if p != root and p.exists()):
            continue  # a file already stands where this path needs a folder
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_text("x")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(NAMES, min_size=1, max_size=3).map(tuple), max_size=12))
def test_a_folder_is_listed_as_sorted_rglob_lists_it(paths):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _tree(root, paths)
        expected = sorted(p for p in root.rglob("*.md") if p.is_file())
        assert list(ArticleFiles.of([tmp])) == expected


def test_each_file_once_across_arguments(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.md", "a.md", "sub/c.md", "notes.txt"):
        (tmp_path / name).write_text("x")
    files = ArticleFiles.of(
        [str(tmp_path / "b.md"), str(tmp_path), f"{tmp_path}/*.md", f"{tmp_path}/./a.md"]
    )
    assert list(files) == [tmp_path / "b.md", tmp_path / "a.md", tmp_path / "sub" / "c.md"]
    assert files.count() == 3


def test_a_path_that_names_nothing_is_refused_before_anything_is_read(tmp_path):
    (tmp_path / "a.md").write_text("x")
    with pytest.raises(NoSuchPath, match="missing"):
        ArticleFiles.of([str(tmp_path), str(tmp_path / "missing")])


def test_folders_are_listed_when_reached(tmp_path):
    """The listing is walked as the import goes, not held: a folder is read when the
    import gets to it (which is what keeps a 100k-file import's memory flat)."""
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "later").mkdir()
    listing = iter(ArticleFiles.of([str(tmp_path)]))
    assert next(listing) == tmp_path / "a.md"
    (tmp_path / "later" / "new.md").write_text("x")  # after the walk began
    assert list(listing) == [tmp_path / "later" / "new.md"]


def test_a_link_to_a_folder_above_does_not_loop(tmp_path):
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "up")
    assert list(ArticleFiles.of([str(tmp_path)])) == [tmp_path / "a.md"]
