"""The compiled build of the pipeline (tools/compile_pipeline.py): used only while it
matches the sources, and giving what the .py modules give."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.pipeline import compiled, process_article

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "articles"

# Prints a digest of the pipeline's output over the fixture articles, and whether the
# compiled build was in use.
_DIGEST = """
import datetime as dt, hashlib, pathlib, sys
import app.pipeline as pipeline
digest = hashlib.sha256()
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.md")):
    result = pipeline.process_article(path.read_text(encoding="utf-8"), dt.date(2026, 3, 1))
    digest.update(repr(result).encode())
print(pipeline.IS_COMPILED, digest.hexdigest())
"""


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the pipeline's sources, with compiled.py looking at it."""
    copy = tmp_path / "pipeline"
    copy.mkdir()
    for name in compiled.MODULES:
        shutil.copy2(compiled.PACKAGE / f"{name}.py", copy / f"{name}.py")
    monkeypatch.setattr(compiled, "PACKAGE", copy)
    monkeypatch.setattr(compiled, "FOLDER", copy / "_compiled")
    monkeypatch.setattr(compiled, "MANIFEST", copy / "_compiled" / "manifest.json")
    (copy / "_compiled").mkdir()
    return copy


def test_a_build_of_the_current_sources_is_used(package: Path) -> None:
    compiled.MANIFEST.write_text(json.dumps(compiled.manifest_for_sources()))
    assert compiled.usable()


def test_no_build_no_use(package: Path) -> None:
    assert not compiled.usable()
    compiled.MANIFEST.write_text("{not json")
    assert not compiled.usable()


def test_a_source_edited_after_the_build_leaves_it_unused(package: Path) -> None:
    compiled.MANIFEST.write_text(json.dumps(compiled.manifest_for_sources()))
    gate = package / "gate.py"
    gate.write_text(gate.read_text() + "\n# edited\n")
    assert not compiled.usable()


def test_a_build_for_another_interpreter_is_unused(package: Path) -> None:
    manifest = compiled.manifest_for_sources()
    manifest["interpreter"] = "cpython-399"
    compiled.MANIFEST.write_text(json.dumps(manifest))
    assert not compiled.usable()


def test_the_manifest_hashes_every_compiled_module() -> None:
    sources = compiled.manifest_for_sources()["sources"]
    assert isinstance(sources, dict)
    assert sorted(sources) == sorted(compiled.MODULES)
    gate = (compiled.PACKAGE / "gate.py").read_bytes()
    assert sources["gate"] == hashlib.sha256(gate).hexdigest()


def test_compiled_and_pure_python_give_the_same_output(tmp_path: Path) -> None:
    """The .py modules, run from a copy of the package without the build, against this
    process's pipeline (compiled when `make` could build it)."""
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("_compiled"))
    pure = subprocess.run(
        [sys.executable, "-c", _DIGEST, str(FIXTURES)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert pure[0] == "False"  # the copy has no build: it ran the .py files

    digest = hashlib.sha256()
    for path in sorted(FIXTURES.glob("*.md")):
        result = process_article(path.read_text(encoding="utf-8"), dt.date(2026, 3, 1))
        digest.update(repr(result).encode())
    assert digest.hexdigest() == pure[1]
