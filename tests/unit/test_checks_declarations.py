"""The check library as a whole: every check declares its rules, and those rules exist in the contract."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import conformance.checks
from conformance.checks import rule_ids_of
from spec.rules import rules

MODULES = [
    importlib.import_module(f"conformance.checks.{info.name}")
    for info in pkgutil.iter_modules(conformance.checks.__path__)
]
CHECKS = [
    fn
    for module in MODULES
    for name, fn in inspect.getmembers(module, inspect.isfunction)
    if name.startswith("check_") and fn.__module__ == module.__name__
]


def test_the_library_has_checks():
    assert CHECKS


@pytest.mark.parametrize("fn", CHECKS, ids=lambda fn: f"{fn.__module__}.{fn.__name__}")
def test_every_check_declares_rules_known_to_the_contract(fn):
    declared = rule_ids_of(fn)
    assert declared, f"{fn.__name__} declares no rule id"
    unknown = set(declared) - set(rules())
    assert not unknown


def test_every_rule_of_the_contract_is_evaluated_by_some_check():
    declared = {rule_id for fn in CHECKS for rule_id in rule_ids_of(fn)}
    assert set(rules()) - declared == set()


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_module_says_what_it_is_for(module):
    assert module.__doc__ and module.__doc__.strip()
