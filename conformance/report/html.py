"""The self-contained HTML conformance report: one file, inline CSS, no scripts, no external assets.

It shows the backend's identity and the time of the run, the summary line (``N of M MUST rules pass``),
the matrix of operations x rule categories, and for every cell with violations a section listing them
with rule id, request, offending part of the response and the documented source. Each such cell links
to its section. ``python -m rekognition_conformance.report.html RUN.json REPORT.html`` renders a saved run.
"""

from __future__ import annotations

import argparse
import json
from html import escape
from pathlib import Path
from typing import Any

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
    Cell,
    Matrix,
    build_matrix,
)
from rekognition_conformance.report.outcomes import Outcomes, gate_failures, pair_outcomes

PER_CELL = 20  # violations shown per cell and kind (failures, warnings)
SYMBOLS = {PASS: "pass", FAIL: "FAIL", WARNING: "warn", INCONCLUSIVE: "inc", NOT_IMPLEMENTED: "n/i",
           NOT_OFFERED: "n/o", NOT_SELECTED: "n/s", NOT_CHECKED: "?", NONE: ""}
SHOWN = (PASS, FAIL, WARNING, INCONCLUSIVE, NOT_IMPLEMENTED, NOT_OFFERED, NOT_SELECTED, NOT_CHECKED, NONE)

CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1f23; }
h1 { font-size: 1.4em; margin: 0 0 .3em; }
.meta { color: #57606a; margin: .1em 0; }
.summary { font-size: 1.15em; font-weight: 600; margin: .8em 0; }
.summary.bad { color: #b42318; } .summary.good { color: #1a7f37; }
table.matrix { border-collapse: collapse; margin: 1em 0; }
table.matrix th, table.matrix td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: center; }
table.matrix th.op { text-align: left; font-weight: normal; font-family: ui-monospace, monospace; }
table.matrix tr.family th { text-align: left; background: #eaeef2; }
td.pass { background: #dafbe1; } td.fail { background: #ffc1c0; font-weight: 700; }
td.warning { background: #fff1b8; } td.not_implemented { background: #d8dee4; color: #57606a; }
td.not_checked { background: #fff; color: #8c959f; } td.none { background: #f6f8fa; }
td.inconclusive { background: #ffd8a8; font-weight: 700; }
td.not_offered, td.not_selected { background: #eaeef2; color: #57606a; }
td a { color: inherit; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border: 1px solid #d0d7de; }
.legend .pass { background: #dafbe1; } .legend .fail { background: #ffc1c0; }
.legend .warning { background: #fff1b8; } .legend .not_implemented { background: #d8dee4; }
.legend .not_checked { background: #fff; } .legend .none { background: #f6f8fa; }
.legend .inconclusive { background: #ffd8a8; } .legend .not_offered, .legend .not_selected { background: #eaeef2; }
section.cell { border-top: 2px solid #d0d7de; margin-top: 1.2em; }
.violation { margin: .6em 0 .6em 1em; padding: .4em .8em; border-left: 4px solid #b42318; background: #fff8f8; }
.violation.warn { border-left-color: #bf8700; background: #fffdf0; }
.violation pre { white-space: pre-wrap; word-break: break-all; margin: .2em 0; font-size: 12px; }
.baselined { font-size: 12px; padding: 0 .4em; border: 1px solid #888; border-radius: 3px; color: #555; }
dt { font-weight: 600; } dd { margin: 0 0 .3em 1em; }
"""


def _json(value: Any, limit: int = 2000) -> str:
    text = value if isinstance(value, str) else json.dumps(value, indent=1, sort_keys=True, default=str)
    return text if len(text) <= limit else text[:limit] + " ..."


def _violation(v: dict[str, Any], rule: dict[str, Any], fails: bool) -> str:
    source = rule.get("source", {})
    url = source.get("url", "")
    offending = ""
    if v.get("pointer") or v.get("offending") is not None:
        offending = (f"<dt>offending</dt><dd><code>{escape(v.get('pointer') or 'response')}</code>"
                     f"<pre>{escape(_json(v.get('offending')))}</pre></dd>")
    request = ""
    if v.get("request") is not None:
        request = f"<dt>request</dt><dd><pre>{escape(_json(v['request']))}</pre></dd>"
    reproduce = ""
    if v.get("reproduce"):
        reproduce = f'<dt>reproduce</dt><dd><pre class="reproduce">{escape(v["reproduce"])}</pre></dd>'
    baselined = ' <span class="baselined">baselined</span>' if v.get("baselined") else ""
    return (
        f'<div class="violation{"" if fails else " warn"}">'
        f"<p><strong>[{escape(v.get('level', rule.get('level', '')))} {escape(v['rule_id'])}]</strong> "
        f"{escape(v['operation'])}: {escape(v['message'])}{baselined}</p><dl>"
        f"<dt>test</dt><dd><code>{escape(v.get('test', ''))}</code></dd>{request}{offending}{reproduce}"
        f"<dt>rule</dt><dd>{escape(rule.get('statement', ''))}</dd>"
        f'<dt>source</dt><dd><a href="{escape(url, quote=True)}">{escape(url)}</a> '
        f"&ldquo;{escape(source.get('quote', ''))}&rdquo;</dd></dl></div>"
    )


def _cell(cell: Cell) -> str:
    title = f"{cell.operation} x {cell.category}: {LABELS[cell.outcome]}"
    if cell.rules:
        title += f"; {len(cell.checked)} of {len(cell.rules)} rules checked ({', '.join(cell.rules)})"
    if cell.reason:
        title += f"; {cell.reason}"
    text = escape(SYMBOLS[cell.outcome])
    if cell.failures or cell.warnings:
        count = len(cell.failures) or len(cell.warnings)
        text = f'<a href="#{cell.anchor}">{text} ({count})</a>'
    return (f'<td class="{cell.outcome}" data-outcome="{cell.outcome}" data-operation="{escape(cell.operation)}" '
            f'data-category="{cell.category}" title="{escape(title, quote=True)}">{text}</td>')


def _matrix(matrix: Matrix) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in matrix.categories)
    rows = [f'<table class="matrix" id="matrix"><thead><tr><th>operation</th>{head}</tr></thead><tbody>']
    for family, operations in matrix.families.items():
        note = f" ({escape(matrix.family_note(family))})" if family in matrix.excused else ""
        rows.append(f'<tr class="family"><th colspan="{len(matrix.categories) + 1}">{escape(family)}{note}</th></tr>')
        for op in operations:
            cells = "".join(_cell(matrix.cell(op, c)) for c in matrix.categories)
            rows.append(f'<tr><th class="op">{escape(op)}</th>{cells}</tr>')
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _details(matrix: Matrix, rules: dict[str, dict[str, Any]]) -> str:
    parts = []
    for cell in matrix.cells.values():
        if not (cell.failures or cell.warnings):
            continue
        items = [_violation(v, rules.get(v["rule_id"], {}), True) for v in cell.failures[:PER_CELL]]
        items += [_violation(v, rules.get(v["rule_id"], {}), False) for v in cell.warnings[:PER_CELL]]
        hidden = max(0, len(cell.failures) - PER_CELL) + max(0, len(cell.warnings) - PER_CELL)
        if hidden:
            # The JSON report keeps every violation; the page stays readable.
            items.append(f'<p class="more">and {hidden} more violation(s) in this cell (see the JSON report)</p>')
        parts.append(f'<section class="cell" id="{cell.anchor}"><h3>{escape(cell.operation)} &times; '
                     f"{escape(cell.category)}: {LABELS[cell.outcome]}</h3>{''.join(items)}</section>")
    if matrix.stray:
        items = "".join(_violation(v, rules.get(v["rule_id"], {}), bool(v.get("fails"))) for v in matrix.stray)
        parts.append(f'<section class="cell" id="stray"><h3>violations naming no covered operation</h3>'
                     f"{items}</section>")
    return "\n".join(parts) or "<p>No violations.</p>"


def _gate(document: dict[str, Any], reasons: list[str]) -> str:
    from rekognition_conformance.report.baseline import fixed_lines

    fixed = "".join(f'<p class="meta fixed">{escape(line)}</p>' for line in fixed_lines(document))
    if not reasons:
        return f'{fixed}<p class="meta" id="gate">CI gate: passes</p>'
    items = "".join(f"<li>{escape(r)}</li>" for r in reasons[:PER_CELL * 5])
    more = f"<li>and {len(reasons) - PER_CELL * 5} more</li>" if len(reasons) > PER_CELL * 5 else ""
    return (f'{fixed}<div id="gate"><p class="summary bad">CI gate fails ({len(reasons)}):</p>'
            f"<ul>{items}{more}</ul></div>")


def _should_rules(document: dict[str, Any]) -> str:
    """Each SHOULD rule violated, with its count: every instance is listed under its cell below."""
    from rekognition_conformance.report.should import should_summary

    rows = "".join(f"<tr><td><code>{escape(s.rule_id)}</code></td><td>{s.count}</td><td>{escape(s.example)}</td></tr>"
                   for s in should_summary(document))
    if not rows:
        return ""
    return ('<h2>SHOULD rules violated</h2><table class="matrix" id="should"><thead><tr><th>rule</th>'
            f"<th>violations</th><th>first example</th></tr></thead><tbody>{rows}</tbody></table>")


def render(document: dict[str, Any], outcomes: Outcomes | None = None) -> str:
    """The report of ``document``; ``outcomes`` are its pair outcomes when the caller has them already."""
    outcomes = pair_outcomes(document) if outcomes is None else outcomes
    matrix = build_matrix(document, outcomes)
    reasons = gate_failures(document, outcomes)
    bad = bool(matrix.must.failing) or matrix.count(FAIL) > 0 or bool(reasons)
    legend = "".join(f'<span class="{o}">{escape(SYMBOLS[o]) or "&nbsp;"}</span> {LABELS[o]} &nbsp; '
                     for o in SHOWN)
    flags = "strict" if document.get("strict") else "default"
    finished = document.get("finished") or "unknown"
    started = document.get("started")
    when = f"{started} to {finished}" if started else finished
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Rekognition Video conformance report</title>
<style>{CSS}</style></head>
<body>
<h1>Rekognition Video conformance report</h1>
<p class="meta" id="target">Backend: <strong>{escape(str(document.get('target') or 'unknown'))}</strong></p>
<p class="meta" id="time">Run: {escape(when)} (UTC) · run id {escape(str(document.get('run_id', '')))}
 · mode: {escape(flags)} · pytest exit status {escape(str(document.get('exitstatus', '')))}</p>
<p class="summary {'bad' if bad else 'good'}" id="summary">{escape(matrix.must.line())}</p>
<p class="meta" id="pairs">{escape(matrix.pairs_line())}</p>
{_gate(document, reasons)}
<p class="legend">{legend}</p>
{_matrix(matrix)}
{_should_rules(document)}
<h2>Violations by cell</h2>
{_details(matrix, document['rules'])}
</body></html>
"""


def write_html(path: str | Path, document: dict[str, Any], outcomes: Outcomes | None = None) -> None:
    Path(path).write_text(render(document, outcomes), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render a saved run (--conformance-json) as the HTML report.")
    parser.add_argument("json", type=Path, help="the run's JSON document")
    parser.add_argument("html", type=Path, help="where to write the HTML report")
    args = parser.parse_args(argv)
    write_html(args.html, json.loads(args.json.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
