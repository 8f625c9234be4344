"""The check library as a whole: every check declares its rules or is generic (bound to a rule where it is
used), those rules exist in the contract, and every rule is judged by some check."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import rekognition_conformance.checks
from rekognition_conformance.checks import Violation, bind, generic, is_generic, rule_ids_of
from rekognition_conformance.spec.rules import rules

MODULES = [
    importlib.import_module(f"rekognition_conformance.checks.{info.name}")
    for info in pkgutil.iter_modules(rekognition_conformance.checks.__path__)
]
CHECKS = [
    fn
    for module in MODULES
    for name, fn in inspect.getmembers(module, inspect.isfunction)
    if name.startswith("check_") and fn.__module__ == module.__name__
]

CHECKS_BY_NAME = {fn.__name__: fn for fn in CHECKS}


def test_the_library_has_checks():
    assert CHECKS


PACKAGE = Path(rekognition_conformance.checks.__file__).resolve().parents[1]


def rule_ids_named_in_code() -> set[str]:
    """Every rule id the harness's code names: a generic check is bound to its rule by the rule's id (directly
    in ``bind(check, "RULE.ID")`` or through a table of such ids), so a rule no check declares is judged only
    if its id appears somewhere in the code."""
    known = set(rules())
    return {
        node.value
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value in known
    }


@pytest.mark.parametrize("fn", CHECKS, ids=lambda fn: f"{fn.__module__}.{fn.__name__}")
def test_every_check_declares_rules_known_to_the_contract_or_is_generic(fn):
    declared = rule_ids_of(fn)
    if is_generic(fn):
        assert not declared, f"generic {fn.__name__} also declares {declared}"
        assert "rule_id" in inspect.signature(fn).parameters
        return
    assert declared, f"{fn.__name__} declares no rule id"
    unknown = set(declared) - set(rules())
    assert not unknown


def test_every_rule_of_the_contract_is_evaluated_by_some_check():
    declared = {rule_id for fn in CHECKS for rule_id in rule_ids_of(fn)}
    assert set(rules()) - declared - rule_ids_named_in_code() == set()


def test_a_bound_check_judges_the_rule_it_is_bound_to_and_only_that():
    @generic()
    def check_refused_always(operation: str, *, rule_id: str) -> list[Violation]:
        return [Violation(rule_id, operation, "refused")]

    bound = bind(check_refused_always, "ERRORS.UNKNOWN_JOB")
    assert rule_ids_of(check_refused_always) == ()
    assert rule_ids_of(bound) == ("ERRORS.UNKNOWN_JOB",)
    assert [v.rule_id for v in bound("GetLabelDetection")] == ["ERRORS.UNKNOWN_JOB"]


def test_binding_needs_a_known_rule_and_a_generic_check():
    with pytest.raises(KeyError, match=r"NO\.SUCH\.RULE"):
        bind(CHECKS_BY_NAME["check_rejected"], "NO.SUCH.RULE")
    declared = next(fn for fn in CHECKS if not is_generic(fn))
    with pytest.raises(TypeError, match="not a generic check"):
        bind(declared, "ERRORS.UNKNOWN_JOB")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_module_says_what_it_is_for(module):
    assert module.__doc__ and module.__doc__.strip()
