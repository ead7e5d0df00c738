"""Score the pipeline's themes against labelled articles (`sitrep eval`).

Labels: DIR/labels/<stem>.jsonl, one object per non-empty body line
({"n": 1, "themes": [...], "boiler": bool}); articles: DIR/articles/<stem>.md.
Scoring is per line per theme: a dropped line has no themes, a passage's themes
are its ThemeTags.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from app.pipeline import PARSER_VERSION, process_article
from app.pipeline.types import THEMES, Theme

DEFAULT_RECEIVED = dt.date(2026, 3, 1)


@dataclass(frozen=True, slots=True)
class Miss:
    file: str
    line_no: int
    text: str
    gold: tuple[str, ...]
    predicted: tuple[str, ...]
    kind: str  # "false negative" or "false positive"


@dataclass(slots=True)
class Tally:
    """True and false positives and false negatives, and the scores they give.
    Nothing predicted scores a precision of 1; nothing to find, a recall of 1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True, kw_only=True)
class ThemeScore(Tally):
    theme: Theme
    misses: list[Miss] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Targets:
    macro_f1: float = 0.92
    theme_f1: float = 0.85
    boiler_leak_rate: float = 0.03


@dataclass(slots=True)
class EvalReport:
    corpus: str
    files: int
    lines: int
    themes: dict[Theme, ThemeScore]
    boiler_lines: int
    boiler_leaked: int
    parser_version: str = PARSER_VERSION
    problems: list[str] = field(default_factory=list)  # files that could not be scored

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.themes.values()) / len(self.themes)

    @property
    def boiler_leak_rate(self) -> float:
        return self.boiler_leaked / self.boiler_lines if self.boiler_lines else 0.0

    def failures(self, targets: Targets | None = None) -> list[str]:
        """What misses the targets, in words; empty when every target is met."""
        t = targets or Targets()
        out = []
        if self.macro_f1 < t.macro_f1:
            out.append(f"macro-F1 {self.macro_f1:.3f} < {t.macro_f1:.2f}")
        for s in self.themes.values():
            if s.f1 < t.theme_f1:
                out.append(f"{s.theme} F1 {s.f1:.3f} < {t.theme_f1:.2f}")
        if self.boiler_leak_rate > t.boiler_leak_rate:
            out.append(f"boilerplate leak {self.boiler_leak_rate:.1%} > {t.boiler_leak_rate:.0%}")
        return out

    def passed(self, targets: Targets | None = None) -> bool:
        return not self.failures(targets)


def _read_labels(path: Path) -> list[dict[str, object]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def evaluate(corpus_dir: Path, received: dt.date = DEFAULT_RECEIVED) -> EvalReport:
    """Run the pipeline over every labelled article of `corpus_dir` and score it."""
    corpus_dir = Path(corpus_dir)
    scores: dict[Theme, ThemeScore] = {t: ThemeScore(theme=t) for t in THEMES}
    report = EvalReport(str(corpus_dir), 0, 0, scores, 0, 0)
    for label_path in sorted((corpus_dir / "labels").glob("*.jsonl")):
        article_path = corpus_dir / "articles" / f"{label_path.stem}.md"
        if not article_path.exists():
            report.problems.append(f"{label_path.name}: no article {article_path.name}")
            continue
        labels = _read_labels(label_path)
        art = process_article(article_path.read_text(encoding="utf-8"), received)
        predicted: dict[int, tuple[str, ...]] = {
            p.line_no: tuple(t.theme for t in p.themes) for p in art.passages
        }
        texts = {p.line_no: p.text for p in art.passages}
        texts.update({d.line_no: d.text for d in art.dropped})
        report.files += 1
        for row in labels:
            n = int(str(row["n"]))
            raw_themes = row.get("themes") or []
            gold = tuple(str(t) for t in raw_themes) if isinstance(raw_themes, list) else ()
            pred = predicted.get(n, ())
            report.lines += 1
            if row.get("boiler"):
                report.boiler_lines += 1
                if pred:
                    report.boiler_leaked += 1
            for theme in THEMES:
                s = scores[theme]
                g, p = theme in gold, theme in pred
                if g and p:
                    s.tp += 1
                elif p:
                    s.fp += 1
                elif g:
                    s.fn += 1
                if g != p:
                    s.misses.append(
                        Miss(
                            label_path.stem,
                            n,
                            texts.get(n, ""),
                            gold,
                            pred,
                            "false negative" if g else "false positive",
                        )
                    )
    return report


def render_report(report: EvalReport, worst: int = 5, targets: Targets | None = None) -> str:
    """The report as plain text: a table per theme, totals, then the worst misses."""
    t = targets or Targets()
    lines = [
        f"corpus {report.corpus}: {report.files} labelled files, {report.lines} lines "
        f"(parser {report.parser_version})",
        "",
        f"{'theme':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}",
    ]
    for s in report.themes.values():
        lines.append(
            f"{s.theme:<14}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
            f"{s.tp:>6}{s.fp:>5}{s.fn:>5}"
        )
    lines += [
        "",
        f"macro-F1: {report.macro_f1:.3f} (target {t.macro_f1:.2f})",
        f"boilerplate lines with a theme: {report.boiler_leaked} of {report.boiler_lines} "
        f"({report.boiler_leak_rate:.1%}, target <= {t.boiler_leak_rate:.0%})",
    ]
    failures = report.failures(t)
    lines.append("targets: met" if not failures else "targets missed: " + "; ".join(failures))
    for problem in report.problems:
        lines.append(f"problem: {problem}")
    if worst > 0:
        for s in report.themes.values():
            if not s.misses:
                continue
            lines += ["", f"worst misses for {s.theme} ({len(s.misses)}):"]
            # False negatives first (what an analyst would not see), longest text first.
            ranked = sorted(s.misses, key=lambda m: (m.kind != "false negative", -len(m.text)))
            for m in ranked[:worst]:
                excerpt = m.text if len(m.text) <= 100 else m.text[:97] + "..."
                lines.append(
                    f"  {m.kind}: {m.file}:{m.line_no} gold={','.join(m.gold) or '-'} "
                    f"predicted={','.join(m.predicted) or '-'} | {excerpt}"
                )
    return "\n".join(lines)
