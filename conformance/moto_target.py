"""moto as a peer: the ``moto`` target, and the README's moto conformance table from its profile.

``--target moto`` starts moto's own server (``moto.server.ThreadedMotoServer``) on a free loopback port and
points Rekognition and S3 at it, so the suite judges a backend that nobody on this project wrote, over real
HTTP with real SigV4 signing. The run creates its fixture bucket there as on any target; the server stops
when the session ends.

moto's expected results per rule and per family are recorded in ``conformance/profiles/moto.yaml``
(tests/test_moto_profile.py holds moto to them). ``python -m rekognition_conformance.moto_target --table`` prints the
Markdown table the README carries; ``--from-report PATH`` builds it from a ``--conformance-json`` report
instead of the profile.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from rekognition_conformance.backend import Target, region_or_default

PROFILE = Path(__file__).parent / "profiles" / "moto.yaml"
# moto accepts any credentials; fixed ones keep its state under one account.
CREDENTIALS = ("testing", "testing")
# What a rule or family can be on moto; "not checked" only for rules, "blocked" only for families.
RESULTS = ("pass", "fail", "warn", "not implemented")


class _MotoServer:
    """moto's threaded server on 127.0.0.1, port chosen by the OS; ``stop()`` is what Target.close calls."""

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        # Port 0: the OS picks a free port, read back once the server is listening.
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)

    def start(self) -> str:
        self._server.start()
        host, port = self._server.get_host_and_port()
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._server.stop()


def moto_version() -> str:
    from importlib.metadata import version

    return version("moto")


def moto_target(*, region: str | None = None) -> Target:
    server = _MotoServer()
    url = server.start()
    return Target(
        name="moto",
        region=region_or_default(region),
        endpoints={"rekognition": url, "s3": url},
        credentials=CREDENTIALS,
        description=f"moto {moto_version()} server mode at {url}",
        _server=server,
    )


# ---- the profile and the README table ---------------------------------------------------------------


def load_profile(path: Path = PROFILE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def declared_unsupported(path: Path = PROFILE) -> dict[str, str]:
    """The families the profile records as not implemented, with its reasons, declared before the run.

    moto answers what it does not implement with HTTP 500 and an HTML page, which by itself is a failure and
    excuses nothing; the declaration is what keeps moto's table honest. tests/test_moto_profile.py checks that
    moto still answers each declared family that way.
    """
    profile = load_profile(path)
    reasons: dict[str, str] = profile.get("reasons") or {}
    return {
        family: f"declared in {path.name}: {reasons.get(family, 'moto does not serve it')}"
        for family, result in profile["families"].items() if result == "not implemented"
    }


def _judged(report: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The tests that ran to a verdict in a served family, and the families such tests belong to."""
    unsupported = set(report.get("unsupported", {}))
    tests = {
        nodeid for nodeid, test in report.get("tests", {}).items()
        if test.get("family") not in unsupported and test.get("outcome") in ("passed", "failed")
    }
    families = {report["tests"][nodeid].get("family") for nodeid in tests}
    return tests, {f for f in families if f}


def family_results(report: dict[str, Any]) -> dict[str, str]:
    """Each family: not implemented (the backend does not serve it), fail, pass, or blocked (every test
    skipped for another reason, e.g. face search without collections)."""
    from rekognition_conformance.spec.operations import FAMILIES

    unsupported = report.get("unsupported", {})
    outcomes: dict[str, set[str]] = {f: set() for f in FAMILIES}
    for test in report.get("tests", {}).values():
        if test.get("family") in outcomes and test.get("outcome"):
            outcomes[test["family"]].add(test["outcome"])
    results = {}
    for family in FAMILIES:
        if family in unsupported:
            results[family] = "not implemented"
        elif outcomes[family] & {"failed", "error"}:
            results[family] = "fail"
        elif "passed" in outcomes[family]:
            results[family] = "pass"
        else:
            results[family] = "blocked"
    return results


def rule_results(report: dict[str, Any]) -> dict[str, str]:
    """Every rule of the spec, judged only by tests of families the backend serves.

    pass / warn (a SHOULD violated) / fail (a failing violation) for rules checked there; otherwise
    ``not implemented`` when every operation of the rule is in a family the backend does not serve, and
    ``not checked`` when not (a blocked family, or a rule this target cannot reach).
    """
    from rekognition_conformance.spec.operations import family_of
    from rekognition_conformance.spec.rules import rule, rules

    judged, _ = _judged(report)
    unsupported = set(report.get("unsupported", {}))
    violated: dict[str, set[str]] = {}
    for v in report.get("violations", []):
        if v["test"] in judged:
            violated.setdefault(v["rule_id"], set()).add(v["test"])
    results = {}
    for rule_id in rules():
        tally = report.get("rules", {}).get(rule_id, {})
        served_ops = [op for op in tally.get("checked_operations", {}) if family_of(op) not in unsupported]
        checked = bool(served_ops) or bool(set(tally.get("unattributed_tests", ())) & judged)
        if set(tally.get("failed_tests", ())) & judged:
            results[rule_id] = "fail"
        elif rule_id in violated:
            results[rule_id] = "warn"
        elif checked:
            results[rule_id] = "pass"
        elif all(family_of(op) in unsupported for op in rule(rule_id).operations):
            results[rule_id] = "not implemented"
        else:
            results[rule_id] = "not checked"
    return results


def run_suite(report: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The suite against moto, in a child pytest, writing its ``--conformance-json`` report."""
    root = Path(__file__).resolve().parent.parent
    command = [
        sys.executable, "-m", "pytest", "conformance", "--target", "moto", "-q", "-p", "no:cacheprovider",
        "-W", "ignore::UserWarning", f"--conformance-json={report}", *extra,
    ]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600)


def differences(profile: dict[str, Any], report: dict[str, Any]) -> list[str]:
    """Where a run of moto departs from its profile, one line per family or rule, naming it."""
    found = []
    for kind, observed in (("family", family_results(report)), ("rule", rule_results(report))):
        expected: dict[str, str] = profile["families" if kind == "family" else "rules"]
        for name in sorted(set(expected) | set(observed)):
            want, got = expected.get(name, "(not in the profile)"), observed.get(name, "(not in the spec)")
            if want != got:
                found.append(f"{kind} {name}: profile says {want}, moto {moto_version()} gives {got}")
    return found


def updated_profile(profile: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """The profile rewritten from a run; the hand-written reasons are kept."""
    return {
        **profile,
        "moto": moto_version(),
        "families": family_results(report),
        "rules": rule_results(report),
    }


def table(profile: dict[str, Any]) -> str:
    """The README's Markdown: families, then every rule checked on moto that it does not pass, with why."""
    from rekognition_conformance.spec.operations import FAMILIES
    from rekognition_conformance.spec.rules import rule

    families: dict[str, str] = profile["families"]
    rules: dict[str, str] = profile["rules"]
    reasons: dict[str, str] = profile.get("reasons", {})
    lines = [f"moto {profile.get('moto', '?')} (server mode), per operation family:", "",
             "| Family | Operations | Result |", "|---|---|---|"]
    for family in FAMILIES:
        note = reasons.get(family, "")
        result = families.get(family, "?") + (f" ({note})" if note else "")
        lines.append(f"| {family} | {', '.join(FAMILIES[family])} | {result} |")
    counts = {r: sum(1 for v in rules.values() if v == r) for r in (*RESULTS, "not checked")}
    lines += [
        "",
        f"Rules: {counts['pass']} pass, {counts['fail']} fail, {counts['warn']} warn (SHOULD violated), "
        f"{counts['not implemented']} not implemented, {counts['not checked']} not checked. "
        "Rules moto does not pass:",
        "",
        "| Rule | Level | Result | What moto does |",
        "|---|---|---|---|",
    ]
    for rule_id, result in rules.items():
        if result in ("fail", "warn"):
            lines.append(f"| {rule_id} | {rule(rule_id).level} | {result} | {reasons.get(rule_id, '')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rekognition_conformance.moto_target", description=__doc__.split("\n")[0]
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--table", action="store_true", help="print the README's Markdown table for moto")
    action.add_argument("--check", action="store_true", help="run the suite against moto and compare with the profile")
    action.add_argument("--update", action="store_true",
                        help="run the suite against moto and rewrite the profile's results (reasons are kept)")
    parser.add_argument("--profile", type=Path, default=PROFILE, help="the profile (default: the committed one)")
    parser.add_argument("--from-report", type=Path, default=None, metavar="PATH",
                        help="use a saved --conformance-json report of a moto run instead of running the suite")
    args = parser.parse_args(argv)
    profile = load_profile(args.profile)
    if args.table and args.from_report is None:
        print(table(profile))
        return 0
    if args.from_report is not None:
        report = json.loads(args.from_report.read_text(encoding="utf-8"))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "moto.json"
            proc = run_suite(path)
            if not path.exists():
                print(proc.stdout[-3000:] + proc.stderr[-3000:], file=sys.stderr)
                return 2
            report = json.loads(path.read_text(encoding="utf-8"))
    if args.table:
        print(table(updated_profile(profile, report)))
        return 0
    if args.update:
        args.profile.write_text(yaml.safe_dump(updated_profile(profile, report), sort_keys=False, width=120),
                                encoding="utf-8")
        print(f"wrote {args.profile}")
        return 0
    found = differences(profile, report)
    print("\n".join(found) or f"moto {moto_version()} matches {args.profile}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
