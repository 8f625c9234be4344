"""An OpenAPI 3.1 description of the covered operations, generated from the committed schemas.

Rekognition speaks AWS's JSON 1.1 protocol: every operation is ``POST /`` with the operation named in
the ``X-Amz-Target`` header. OpenAPI keys operations by path and method, so each operation gets a path
of its own, ``/#X-Amz-Target=RekognitionService.<Op>``: HTTP clients drop the fragment and send
``POST /``, while the path stays unique. Each path declares the header (one fixed value), the request
body (``application/x-amz-json-1.1``, the operation's input schema), the 200 response (its output
schema) and one response per HTTP status its documented errors are sent with (``spec/errors.yaml``;
the model's fault class for an error the table does not list).

Everything comes from :mod:`rekognition_conformance.spec.schemas`; nothing is read from botocore here. The shape
definitions of every operation share one namespace (``components/schemas``), which holds because the deriver names each
definition after its botocore shape. ``python -m rekognition_conformance.spec.openapi`` writes ``spec/openapi.json``;
``--check`` exits 1 when the committed file differs from what the schemas produce, naming each operation (with its
path), shape or top-level member that differs; ``tests/unit/test_openapi.py`` runs the same check.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rekognition_conformance.spec.operations import ALL_OPERATIONS, family_of
from rekognition_conformance.spec.rules import error_statuses
from rekognition_conformance.spec.schemas import (
    botocore_version,
    documented_errors,
    is_server_fault,
    operation_document,
)

Document = dict[str, Any]

OPENAPI_VERSION = "3.1.0"
MEDIA_TYPE = "application/x-amz-json-1.1"
TARGET_HEADER = "X-Amz-Target"
TARGET_PREFIX = "RekognitionService"
API_VERSION = "2016-06-27"
OUTPUT = Path(__file__).resolve().parent / "openapi.json"
_DEFS_PREFIX = "#/$defs/"
_COMPONENTS_PREFIX = "#/components/schemas/"
REGENERATE = "python -m rekognition_conformance.spec.openapi"


def target_value(operation: str) -> str:
    """The ``X-Amz-Target`` header value that selects ``operation``."""
    return f"{TARGET_PREFIX}.{operation}"


def path_of(operation: str) -> str:
    """The OpenAPI path of ``operation`` (the fragment is never sent: every request is ``POST /``)."""
    return f"/#{TARGET_HEADER}={target_value(operation)}"


def operation_of_path(path: str) -> str:
    """The operation a path of this document stands for; ValueError for any other path."""
    prefix = f"/#{TARGET_HEADER}={TARGET_PREFIX}."
    if not path.startswith(prefix):
        raise ValueError(f"{path!r} is not a path of the Rekognition OpenAPI document")
    return path[len(prefix) :]


def _relocate(schema: Any) -> Any:
    """``schema`` with its ``#/$defs/`` references pointing into ``components/schemas``."""
    if isinstance(schema, dict):
        out = {key: _relocate(value) for key, value in schema.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith(_DEFS_PREFIX):
            out["$ref"] = _COMPONENTS_PREFIX + ref[len(_DEFS_PREFIX) :]
        return out
    if isinstance(schema, list):
        return [_relocate(value) for value in schema]
    return schema


def _ref(schema: Document) -> Document:
    return _relocate({"$ref": schema["$ref"]})


def error_status_table(operation: str) -> dict[int, tuple[str, ...]]:
    """The operation's documented errors grouped by every HTTP status each may be sent with."""
    documented_statuses = error_statuses()
    by_status: dict[int, list[str]] = {}
    for name in documented_errors(operation):
        statuses = documented_statuses.get(name) or ((500,) if is_server_fault(operation, name) else (400,))
        for status in statuses:
            by_status.setdefault(status, []).append(name)
    return {status: tuple(sorted(names)) for status, names in sorted(by_status.items())}


def _error_response(operation: str, status: int, names: tuple[str, ...]) -> Document:
    errors = operation_document(operation)["errors"]
    refs = [_ref(errors[name]) for name in names]
    return {
        "description": f"Documented error(s): {', '.join(names)}.",
        "content": {MEDIA_TYPE: {"schema": refs[0] if len(refs) == 1 else {"anyOf": refs}}},
    }


def _operation(operation: str) -> Document:
    document = operation_document(operation)
    responses: Document = {
        "200": {"description": "Success.", "content": {MEDIA_TYPE: {"schema": _ref(document["output"])}}},
    }
    for status, names in error_status_table(operation).items():
        responses[str(status)] = _error_response(operation, status, names)
    return {
        "operationId": operation,
        "tags": [family_of(operation)],
        "parameters": [
            {
                "name": TARGET_HEADER,
                "in": "header",
                "required": True,
                "description": "Names the operation (AWS JSON 1.1 protocol).",
                "schema": {"type": "string", "enum": [target_value(operation)]},
            }
        ],
        "requestBody": {"required": True, "content": {MEDIA_TYPE: {"schema": _ref(document["input"])}}},
        "responses": responses,
        "x-idempotent": bool(document.get("idempotent", False)),
    }


def build() -> Document:
    """The OpenAPI 3.1 document of every covered operation, from the committed schemas."""
    components: Document = {}
    paths: Document = {}
    for operation in ALL_OPERATIONS:
        for name, definition in operation_document(operation)["$defs"].items():
            relocated = _relocate(definition)
            if components.setdefault(name, relocated) != relocated:
                raise ValueError(f"shape {name!r} is defined differently by {operation} and an earlier operation")
        paths[path_of(operation)] = {"post": _operation(operation)}
    return {
        "openapi": OPENAPI_VERSION,
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Amazon Rekognition Video (covered operations)",
            "version": API_VERSION,
            "description": (
                f"Generated by `python -m rekognition_conformance.spec.openapi` from spec/schemas "
                "(derived from botocore "
                f"{botocore_version()}). Every operation is POST / with its X-Amz-Target header; the path "
                "fragment only keeps the operations apart."
            ),
            "x-botocore-version": botocore_version(),
        },
        "paths": paths,
        "components": {"schemas": dict(sorted(components.items()))},
    }


def render(document: Document) -> str:
    return json.dumps(document, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def load() -> Document:
    """The committed document."""
    return json.loads(OUTPUT.read_text(encoding="utf-8"))


_MISSING = "missing from the committed document"
_STALE = "stale, no longer generated"


def _presence(committed: Any, generated: Any) -> str | None:
    """Why an entry differs when it is on one side only; None when it is on both."""
    if committed is None:
        return _MISSING
    return _STALE if generated is None else None


def _differs(label: str, committed: Any, generated: Any) -> list[str]:
    """``<label> <key>: what`` for each key of two mappings that is added, removed or changed, by key."""
    committed = committed if isinstance(committed, dict) else {}
    generated = generated if isinstance(generated, dict) else {}
    lines = []
    for key in sorted(set(committed) | set(generated)):
        old, new = committed.get(key), generated.get(key)
        if old != new:
            lines.append(f"{label} {key}: {_presence(old, new) or 'differs'}")
    return lines


def _changed_parts(committed: Any, generated: Any) -> str:
    """The members of an operation's ``post`` object that differ (``requestBody``, ``responses 500``...)."""
    old = committed.get("post", {}) if isinstance(committed, dict) else {}
    new = generated.get("post", {}) if isinstance(generated, dict) else {}
    parts = []
    for key in sorted(set(old) | set(new)):
        if key == "responses":
            parts += [line.split(":")[0] for line in _differs("responses", old.get(key), new.get(key))]
        elif old.get(key) != new.get(key):
            parts.append(key)
    return "differs in " + (", ".join(parts) or "its path item")


def drift(path: Path = OUTPUT, generated: Document | None = None) -> list[str]:
    """What differs between the committed document at ``path`` and what the committed schemas produce.

    One line per operation (named with its path), shape or top-level member that differs; a document
    equal in content but not written the way :func:`render` writes it is reported as such. Empty: no drift.
    """
    generated = build() if generated is None else generated
    if not path.exists():
        return [f"{path.name}: not committed"]
    text = path.read_text(encoding="utf-8")
    try:
        committed = json.loads(text)
    except ValueError as exc:
        return [f"{path.name}: not JSON ({exc})"]
    if not isinstance(committed, dict):
        return [f"{path.name}: not a JSON object"]
    lines = [
        line
        for line in _differs("member", committed, generated)
        if line.split(":")[0] not in ("member paths", "member components")
    ]
    committed_paths = committed.get("paths") if isinstance(committed.get("paths"), dict) else {}
    for key in sorted(set(committed_paths) | set(generated["paths"])):
        old, new = committed_paths.get(key), generated["paths"].get(key)
        if old == new:
            continue
        try:
            name = operation_of_path(key)
        except ValueError:
            name = "(not an operation)"
        lines.append(f"operation {name} (path {key}): {_presence(old, new) or _changed_parts(old, new)}")
    components = committed.get("components") if isinstance(committed.get("components"), dict) else {}
    lines += _differs("shape", components.get("schemas"), generated["components"]["schemas"])
    if not lines and text != render(generated):
        lines.append(f"{path.name}: same content, not formatted the way `{REGENERATE}` writes it")
    return lines


def drifted(path: Path = OUTPUT) -> bool:
    """Whether the committed document differs from what the committed schemas produce."""
    return bool(drift(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rekognition_conformance.spec.openapi", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if spec/openapi.json is out of date")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.check:
        lines = drift(args.output)
        if lines:
            print(f"{args.output} differs from what spec/schemas produce:")
            print("\n".join(f"  {line}" for line in lines))
            print(f"Run `{REGENERATE}` and review the diff.")
            return 1
        print(f"{args.output} matches spec/schemas")
        return 0
    document = build()
    args.output.write_text(render(document), encoding="utf-8")
    print(f"wrote {args.output}: {len(document['paths'])} operations, "
          f"{len(document['components']['schemas'])} shapes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
