"""The benchmark's table: printed as it runs, then written as Markdown."""

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings

from portal.benchmarks.cases import SEARCH_MAX_MS
from portal.benchmarks.measure import TARGET_QUERIES, TARGET_RATIO, Result

COLUMNS = ("case", "median ms", "p95 ms", "queries", "bytes", "bare ms", "ratio")
RESULTS_DIR = Path(settings.BASE_DIR) / "bench" / "results"


def load_average() -> str:
    """The machine's load over 1, 5 and 15 minutes: busy neighbours skew timings."""
    try:
        return " ".join(f"{load:.2f}" for load in os.getloadavg())
    except OSError:  # not every platform has it
        return "unknown"


def default_path(vendor: str, today: date | None = None) -> Path:
    """``bench/results/<YYYY-MM-DD>-<sqlite|postgresql>.md``."""
    return RESULTS_DIR / f"{(today or date.today()).isoformat()}-{vendor}.md"


def cells(result: Result) -> list[str]:
    """The row of a case, without its verdict; an error fills the rest."""
    if result.error:
        return [result.case.name, result.error]
    return [
        result.case.name,
        f"{result.median:.1f}",
        f"{result.p95:.1f}",
        str(result.query_count),
        str(result.size),
        f"{result.bare_median:.1f}",
        f"{result.ratio:.1f}×",
    ]


def verdict(result: Result) -> str:
    if result.error:
        return "error"
    return "ok" if result.on_target else "over"


@dataclass
class Report:
    """What a run measured, and on what."""

    vendor: str
    header: list[str]
    load_start: str
    load_end: str = ""
    results: list[Result] = field(default_factory=list)
    # Extra sections: (title, Markdown lines), e.g. the worker's start-up.
    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def on_target(self) -> str:
        measured = [r for r in self.results if not r.error]
        return f"{sum(r.on_target for r in measured)}/{len(self.results)}"

    def targets(self) -> str:
        return (
            f"Targets: median ≤ {TARGET_RATIO:g}× the bare view, "
            f"≤ {TARGET_QUERIES} queries, searches ≤ {SEARCH_MAX_MS:g} ms. "
            f"{self.on_target} cases on target."
        )

    def markdown(self) -> str:
        lines = [f"# Benchmark, {date.today().isoformat()} ({self.vendor})", ""]
        lines += [f"- {line}" for line in self.header]
        lines += [
            f"- Load average (1, 5, 15 min): {self.load_start} at the start, "
            f"{self.load_end} at the end.",
            "",
            "| " + " | ".join([*COLUMNS, "target"]) + " |",
            "|" + "---|" + "---:|" * (len(COLUMNS) - 1) + "---|",
        ]
        for result in self.results:
            row = cells(result)
            if result.error:
                row = [row[0], f"error: {row[1]}", *[""] * (len(COLUMNS) - 2)]
            lines.append("| " + " | ".join([*row, verdict(result)]) + " |")
        lines += ["", self.targets()]
        for title, body in self.sections:
            lines += ["", f"## {title}", "", *body]
        return "\n".join(lines) + "\n"

    def write(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.markdown(), encoding="utf-8")
        return path
