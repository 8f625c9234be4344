"""The conformance matrix in the terminal: one row per operation under its family, one character per category."""

from __future__ import annotations

from rekognition_conformance.report.model import (
    FAIL,
    INCONCLUSIVE,
    LABELS,
    NONE,
    NOT_CHECKED,
    NOT_IMPLEMENTED,
    NOT_OFFERED,
    NOT_SELECTED,
    PASS,
    WARNING,
    Matrix,
)

SYMBOLS = {PASS: ".", FAIL: "F", WARNING: "W", INCONCLUSIVE: "I", NOT_IMPLEMENTED: "N", NOT_OFFERED: "O",
           NOT_SELECTED: "-", NOT_CHECKED: "?", NONE: " "}
SHOWN = (PASS, FAIL, WARNING, INCONCLUSIVE, NOT_IMPLEMENTED, NOT_OFFERED, NOT_SELECTED, NOT_CHECKED)
ABBREVIATIONS = {
    "schema": "sch", "defaults": "def", "sorting": "srt", "aggregation": "agg", "pagination": "pag",
    "errors": "err", "idempotency": "idm", "lifecycle": "lif", "echoes": "ech", "filters": "flt",
    "metadata": "met", "content": "con",
}


def legend(matrix: Matrix) -> str:
    symbols = "  ".join(f"{SYMBOLS[o]} {LABELS[o]}" for o in SHOWN)
    names = ", ".join(f"{ABBREVIATIONS.get(c, c[:3])}={c}" for c in matrix.categories)
    return f"legend: {symbols}  (blank: no rule)\ncolumns: {names}"


def matrix_lines(matrix: Matrix) -> list[str]:
    width = max(len(op) for ops in matrix.families.values() for op in ops) + 2
    header = " " * width + " ".join(f"{ABBREVIATIONS.get(c, c[:3]):>3}" for c in matrix.categories)
    lines = [header]
    for family, operations in matrix.families.items():
        note = f"  ({matrix.family_note(family)})" if family in matrix.excused else ""
        lines.append(f"{family}{note}")
        for op in operations:
            cells = " ".join(f"{SYMBOLS[matrix.cell(op, c).outcome]:>2} " for c in matrix.categories)
            lines.append(f"  {op:<{width - 2}}{cells}".rstrip())
    lines += legend(matrix).splitlines()
    counts = ", ".join(f"{matrix.count(o)} {LABELS[o]}" for o in SHOWN)
    lines.append(f"cells: {counts}")
    lines.append(matrix.pairs_line())
    lines.append(matrix.must.line())
    return lines
