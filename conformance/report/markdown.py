"""The conformance report as Markdown, for a GitHub job summary or a pull-request comment.

Rendered from the run's document (rekognition_conformance.summary.build_document) like the HTML report: the CI gate's
verdict and reasons, the MUST summary and pair counts, the operations x categories matrix as a table, the
failing rules with their sources, the inconclusive MUST pairs, one line per warned SHOULD rule and the
families the run did not judge. Long lists are cut with a count, and the whole text is kept under GitHub's
job-summary limit (1 MiB per step). ``python -m rekognition_conformance.report.markdown RUN.json [REPORT.md]`` renders
a saved run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rekognition_conformance.report.baseline import summary_lines
from rekognition_conformance.report.html import SYMBOLS
from rekognition_conformance.report.model import FAIL, INCONCLUSIVE, LABELS, Matrix, build_matrix
from rekognition_conformance.report.outcomes import Outcomes, gate_failures, pair_outcomes
from rekognition_conformance.report.should import should_lines

LIST_ITEMS = 50  # entries shown per list (gate reasons, failing pairs, inconclusive pairs, SHOULD rules)
TEXT_CHARS = 300  # a message or an offending value is cut to this many characters
LIMIT_BYTES = 1024 * 1024 - 16 * 1024  # GitHub refuses a step summary over 1 MiB; keep a margin for the runner


def _inline(value: Any, limit: int = TEXT_CHARS) -> str:
    """One line of text safe in a table cell or list item: no newlines, no pipes, no raw HTML."""
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit] + "..."
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _code(value: Any, limit: int = TEXT_CHARS) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit] + "..."
    # A code span cannot hold its own delimiter; a pipe would still split a table row.
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def _capped(lines: list[str], what: str) -> list[str]:
    if len(lines) <= LIST_ITEMS:
        return lines
    return [*lines[:LIST_ITEMS], f"- ... and {len(lines) - LIST_ITEMS} more {what} (see the JSON report)"]


def _verdict(document: dict[str, Any], matrix: Matrix, reasons: list[str]) -> list[str]:
    head = "**CI gate: passes**" if not reasons else f"**CI gate: fails** ({len(reasons)} reason(s))"
    lines = [head, "", matrix.must.line() + ".", "", matrix.pairs_line() + "."]
    if reasons:
        lines += ["", *_capped([f"- {_inline(r)}" for r in reasons], "reasons")]
    if accepted := summary_lines(document):
        lines += ["", *_capped([f"- {_inline(line)}" for line in accepted], "baseline lines")]
    return lines


def _matrix(matrix: Matrix) -> list[str]:
    lines = ["| operation | " + " | ".join(matrix.categories) + " |",
             "|---|" + "---|" * len(matrix.categories)]
    for family, operations in matrix.families.items():
        if family in matrix.excused:
            # One row for the whole family: every cell of it carries the same excuse.
            lines.append(f"| **{family}** ({_inline(matrix.family_note(family), 120)}) |"
                         + " |" * len(matrix.categories))
            continue
        lines.append(f"| **{family}** |" + " |" * len(matrix.categories))
        for op in operations:
            cells = []
            for category in matrix.categories:
                cell = matrix.cell(op, category)
                symbol = SYMBOLS[cell.outcome]
                cells.append(f"**{symbol}**" if cell.outcome in (FAIL, INCONCLUSIVE) else symbol)
            lines.append(f"| {op} | " + " | ".join(cells) + " |")
    legend = ", ".join(f"{SYMBOLS[o]} = {LABELS[o]}" for o in SYMBOLS if SYMBOLS[o])
    return [*lines, "", f"Cells: {legend}; blank = no rule of the category applies."]


def _failing(document: dict[str, Any]) -> list[str]:
    """One entry per failing (rule, operation): level, count, the first violation and the rule's source."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for v in document.get("violations", []):
        # A baselined violation is an accepted failure: the baseline lines above count it.
        if v.get("fails") and not v.get("baselined"):
            grouped.setdefault((v["rule_id"], v["operation"]), []).append(v)
    entries = []
    for (rule_id, operation), violations in grouped.items():
        first = violations[0]
        rule = document["rules"].get(rule_id, {})
        source = rule.get("source", {})
        text = (f"- **{_inline(first.get('level', rule.get('level', '')))} `{rule_id}`** on `{operation}` "
                f"({len(violations)} violation(s)): {_inline(first.get('message', ''))}")
        if first.get("pointer") or first.get("offending") is not None:
            text += f"\n  - offending {_code(first.get('pointer') or 'response', 120)}: {_code(first.get('offending'))}"
        if source.get("url"):
            quote = f" \"{_inline(source['quote'], 200)}\"" if source.get("quote") else ""
            text += f"\n  - source: {source['url']}{quote}"
        text += f"\n  - test: `{_inline(first.get('test', ''), 200)}`"
        entries.append(text)
    return _capped(entries, "failing (rule, operation) pairs")


def _inconclusive(matrix: Matrix, document: dict[str, Any]) -> list[str]:
    entries = []
    for rule_id, pairs in matrix.pairs.items():
        if document["rules"][rule_id]["level"] != "MUST":
            continue
        for operation, pair in pairs.items():
            if pair.outcome == INCONCLUSIVE:
                entries.append(f"- `{rule_id}` on `{operation}`: {_inline(pair.reason)}")
    return _capped(entries, "inconclusive MUST pairs")


def _when(document: dict[str, Any]) -> str:
    finished = document.get("finished") or "unknown"
    return f"{document['started']} to {finished}" if document.get("started") else str(finished)


def render(document: dict[str, Any], outcomes: Outcomes | None = None) -> str:
    """The report of ``document``; ``outcomes`` are its pair outcomes when the caller has them already."""
    outcomes = pair_outcomes(document) if outcomes is None else outcomes
    matrix = build_matrix(document, outcomes)
    reasons = gate_failures(document, outcomes)
    mode = "strict" if document.get("strict") else "default"
    lines = ["## Rekognition Video conformance", "",
             f"Backend: {_inline(str(document.get('target') or 'unknown'))}  ",
             f"Run: {_inline(_when(document))} (UTC), run id `{_inline(str(document.get('run_id', '')))}`, "
             f"mode: {mode}, "
             f"exit status {document.get('exitstatus', '')}", "", *_verdict(document, matrix, reasons),
             "", "### Operations x rule categories", "", *_matrix(matrix)]
    if failing := _failing(document):
        lines += ["", "### Failing rules", "", *failing]
    if inconclusive := _inconclusive(matrix, document):
        lines += ["", "### Inconclusive MUST rules", "", *inconclusive]
    if should := should_lines(document):
        lines += ["", "### SHOULD rules violated", "", *_capped([f"- {_inline(s)}" for s in should], "SHOULD rules")]
    if matrix.excused:
        lines += ["", "### Families not judged", "",
                  *[f"- {family}: {_inline(matrix.family_note(family))}" for family in sorted(matrix.excused)]]
    return _within_limit("\n".join(lines) + "\n")


def _within_limit(text: str) -> str:
    data = text.encode("utf-8")
    if len(data) <= LIMIT_BYTES:
        return text
    note = "\n\n... the report was cut to fit GitHub's job-summary limit; the JSON and HTML reports hold all of it.\n"
    cut = data[:LIMIT_BYTES - len(note.encode("utf-8"))].decode("utf-8", errors="ignore")
    return cut[:cut.rfind("\n") + 1] + note


def write_markdown(path: str | Path, document: dict[str, Any], outcomes: Outcomes | None = None) -> None:
    Path(path).write_text(render(document, outcomes), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render a saved run (--conformance-json) as the Markdown report.")
    parser.add_argument("json", type=Path, help="the run's JSON document")
    parser.add_argument("markdown", type=Path, nargs="?", help="where to write it (default: standard output)")
    args = parser.parse_args(argv)
    document = json.loads(args.json.read_text(encoding="utf-8"))
    if args.markdown is None:
        sys.stdout.write(render(document))
    else:
        write_markdown(args.markdown, document)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
