"""``python -m rekognition_conformance.judge PATH``: judge recorded Rekognition answers offline.

PATH is a corpus folder (``<Operation>/*.json`` response bodies, optional ``requests.yaml``) or a cassette
recorded by this harness. Prints what each file was judged on, the rule table and the operations x
categories matrix; ``--conformance-json`` and ``--conformance-html`` write the same reports as a live run.
Exit status: 0 when no MUST rule failed (no rule at all under ``--strict``), 1 when one did, 2 when PATH
cannot be read.
"""

from __future__ import annotations

import argparse
import os
import sys

from rekognition_conformance.judge.run import judge
from rekognition_conformance.judge.sources import SourceError, load
from rekognition_conformance.report.model import build_matrix
from rekognition_conformance.report.terminal import matrix_lines
from rekognition_conformance.summary import rule_table, write_document


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m rekognition_conformance.judge", description=__doc__.split("\n\n")[0])
    p.add_argument("path", help="a corpus folder (<Operation>/*.json, optional requests.yaml) or a cassette file")
    p.add_argument("--strict", action="store_true", help="SHOULD violations fail too")
    p.add_argument("--conformance-json", metavar="PATH", help="write the run's JSON document to PATH")
    p.add_argument("--conformance-html", metavar="PATH", help="write the HTML conformance report to PATH")
    p.add_argument("--quiet", action="store_true", help="list only the files with violations")
    p.add_argument("--verbose", "-v", action="store_true", help="name every rule each file was judged on")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        recording = load(args.path)
    except SourceError as exc:
        print(f"judge: {exc}", file=sys.stderr)
        return 2
    results, document, _ = judge(recording, strict=args.strict)
    print(f"judged {len(results)} listing(s) and pair(s) from {recording.description}")
    for judged in results:
        if not args.quiet or judged.failing or judged.warning:
            print(judged.line())
            if args.verbose:
                print(f"    judged: {', '.join(judged.rules)}")
    print()
    for line in rule_table(document):
        print(line)
    print()
    for line in matrix_lines(build_matrix(document)):
        print(line)
    if args.conformance_json:
        write_document(args.conformance_json, document)
    if args.conformance_html:
        from rekognition_conformance.report.html import write_html

        write_html(args.conformance_html, document)
    return int(document["exitstatus"])


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the output was piped into a reader that stopped early (`| head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
