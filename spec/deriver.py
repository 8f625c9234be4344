"""Derive JSON Schema (Draft 2020-12) documents from botocore's Rekognition service model.

botocore's ``service-2.json`` is the machine-readable contract AWS SDKs are built
from. This module turns the part of it the project covers (``rekognition_conformance.spec.operations``)
into one self-describing schema document per operation, committed under
``spec/schemas/`` so that checks validate against a reviewed, versioned contract
rather than whatever botocore happens to be installed.

    python -m rekognition_conformance.spec.deriver           regenerate spec/schemas/*.json
    python -m rekognition_conformance.spec.deriver --check   report drift against the installed botocore, exit 1 if any
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import botocore
import botocore.loaders

from rekognition_conformance.spec.operations import ALL_OPERATIONS

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:rekognition-conformance:schema:"
INDEX = "index"

Document = dict[str, Any]

# Members every AWS JSON-protocol error body may carry even though the model does
# not declare them: ``__type`` holds the error code (sometimes namespace-prefixed,
# ``com.amazon...#Code``), services differ in whether they spell the message
# ``Message`` or ``message``, and Rekognition also sends ``Code`` and ``Logref``,
# e.g. {"__type":"InvalidS3ObjectException","Code":"InvalidS3ObjectException",
# "Logref":"...","Message":"..."}. Error structures are closed
# (additionalProperties: false) like every other structure, so without these a
# genuine error body would fail validation.
ERROR_BODY_EXTRAS: dict[str, Document] = {
    "__type": {"type": "string", "description": "Error code, optionally prefixed with a namespace and '#'."},
    "Message": {"type": "string", "description": "Human-readable error message."},
    "message": {"type": "string", "description": "Human-readable error message (lower-case spelling)."},
    "Code": {"type": "string", "description": "Error code, repeated by Rekognition in the body."},
    "Logref": {"type": "string", "description": "Service-side log reference for the failed request."},
}


def load_service_model() -> Document:
    """Load the Rekognition ``service-2`` model shipped with the installed botocore."""
    return dict(botocore.loaders.Loader().load_service_model("rekognition", "service-2"))


# --------------------------------------------------------------------------- text


class _TextExtractor(HTMLParser):
    # Block-level tags separate words; inline tags (<code>, <b>, <a>) must not,
    # or "the <code>JobId</code>." would become "the JobId ."
    _BLOCK_TAGS = frozenset({"p", "br", "li", "ul", "ol", "dl", "dt", "dd", "div", "note", "important"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """Strip HTML tags from model documentation and collapse whitespace."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return " ".join("".join(extractor.parts).split())


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used as a JSON Schema ``pattern`` here, or None if it can.

    jsonschema evaluates ``pattern`` with Python's ``re``, so a pattern Python
    rejects (botocore models contain Java/ICU classes such as ``\\p{L}``) would
    make validation raise instead of judging the instance.
    """
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"Python re cannot compile it: {exc}"
    return None


# --------------------------------------------------------------------- derivation


def _ref(shape: str) -> Document:
    return {"$ref": f"#/$defs/{shape}"}


def ref_target(schema: Mapping[str, Any]) -> str | None:
    """The $defs name a ``{"$ref": "#/$defs/X"}`` schema points at, else None."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return ref.removeprefix("#/$defs/")
    return None


def _string_constraints(shape: Mapping[str, Any]) -> Document:
    schema: Document = {"type": "string"}
    if "min" in shape:
        schema["minLength"] = shape["min"]
    if "max" in shape:
        schema["maxLength"] = shape["max"]
    if "enum" in shape:
        schema["enum"] = list(shape["enum"])
    if "pattern" in shape:
        pattern = shape["pattern"]
        # An unusable pattern is kept verbatim under an annotation keyword so it
        # stays visible to reviewers and to rekognition_conformance.spec.deriver's index, but cannot break
        # validation. derive_all lists every such shape in index.json.
        if pattern_problem(pattern) is None:
            schema["pattern"] = pattern
        else:
            schema["x-pattern-unsupported"] = pattern
    return schema


def _bounds(shape: Mapping[str, Any], low: str, high: str) -> Document:
    bounds: Document = {}
    if "min" in shape:
        bounds[low] = shape["min"]
    if "max" in shape:
        bounds[high] = shape["max"]
    return bounds


def _member_schema(member: Mapping[str, Any]) -> Document:
    # $ref with sibling keywords is valid in 2020-12: the member's own
    # documentation and traits sit next to the reference to the shared shape.
    schema = _ref(member["shape"])
    documentation = plain_text(member.get("documentation", ""))
    if documentation:
        schema["description"] = documentation
    if member.get("idempotencyToken"):
        schema["x-aws-idempotency-token"] = True
    if member.get("jsonvalue"):
        # The wire value is a string holding a JSON document.
        schema["contentMediaType"] = "application/json"
    return schema


class _ShapeConverter:
    """Converts named botocore shapes to $defs entries, following references transitively."""

    def __init__(self, shapes: Mapping[str, Mapping[str, Any]]) -> None:
        self._shapes = shapes
        self.defs: dict[str, Document] = {}

    def add(self, name: str) -> None:
        if name in self.defs:
            return
        if name not in self._shapes:
            raise KeyError(f"shape {name!r} is referenced but not defined in the service model")
        # Registering before converting is what makes recursive shapes terminate:
        # a self-reference finds the name already present and just emits a $ref.
        self.defs[name] = {}
        schema = self._convert(name, self._shapes[name])
        schema["x-botocore-shape"] = name
        documentation = plain_text(self._shapes[name].get("documentation", ""))
        if documentation:
            schema["description"] = documentation
        self.defs[name] = schema

    def _convert(self, name: str, shape: Mapping[str, Any]) -> Document:
        kind = shape["type"]
        if kind == "structure":
            return self._structure(name, shape)
        if kind == "list":
            self.add(shape["member"]["shape"])
            return {
                "type": "array",
                "items": _ref(shape["member"]["shape"]),
                **_bounds(shape, "minItems", "maxItems"),
            }
        if kind == "map":
            return self._map(shape)
        if kind == "string":
            return _string_constraints(shape)
        if kind in ("integer", "long"):
            return {"type": "integer", **_bounds(shape, "minimum", "maximum")}
        if kind in ("float", "double"):
            return {"type": "number", **_bounds(shape, "minimum", "maximum")}
        if kind == "boolean":
            return {"type": "boolean"}
        if kind == "blob":
            return self._blob(shape)
        if kind == "timestamp":
            # awsJson1_1 serialises timestamps as epoch seconds, a JSON number
            # that may carry a fraction; botocore's parser expects exactly that.
            return {"type": "number"}
        raise ValueError(f"shape {name!r} has botocore type {kind!r}, which the deriver does not map")

    def _structure(self, name: str, shape: Mapping[str, Any]) -> Document:
        members: Mapping[str, Mapping[str, Any]] = shape.get("members", {})
        properties: Document = {}
        for member_name, member in members.items():
            self.add(member["shape"])
            properties[member_name] = _member_schema(member)
        if shape.get("exception"):
            for extra, extra_schema in ERROR_BODY_EXTRAS.items():
                properties.setdefault(extra, dict(extra_schema))
        schema: Document = {"type": "object", "properties": properties, "additionalProperties": False}
        required = list(shape.get("required", []))
        undeclared = [member for member in required if member not in members]
        if undeclared:
            raise ValueError(f"structure {name!r} requires undeclared members {undeclared}")
        if required:
            schema["required"] = required
        if shape.get("union"):
            # A union carries exactly one of its members.
            schema["minProperties"] = 1
            schema["maxProperties"] = 1
        return schema

    def _map(self, shape: Mapping[str, Any]) -> Document:
        key_name = shape["key"]["shape"]
        key_shape = self._shapes[key_name]
        if key_shape["type"] != "string":
            raise ValueError(
                f"map key shape {key_name!r} is {key_shape['type']!r}; JSON object keys are strings"
            )
        # Keys are inlined rather than referenced: propertyNames is the only place
        # their constraints apply, and naming the shape keeps drift reports readable.
        key_schema = {**_string_constraints(key_shape), "x-botocore-shape": key_name}
        value_name = shape["value"]["shape"]
        self.add(value_name)
        return {
            "type": "object",
            "propertyNames": key_schema,
            "additionalProperties": _ref(value_name),
            **_bounds(shape, "minProperties", "maxProperties"),
        }

    @staticmethod
    def _blob(shape: Mapping[str, Any]) -> Document:
        # The model bounds the decoded byte count; on the wire the value is base64
        # text. Translate the bounds into lengths every base64 rendering of an
        # in-range blob satisfies (padded or not), and keep the byte bounds as
        # annotations so request generators can size payloads exactly.
        schema: Document = {"type": "string", "contentEncoding": "base64"}
        if "min" in shape:
            schema["minLength"] = -(-4 * shape["min"] // 3)
            schema["x-aws-min-bytes"] = shape["min"]
        if "max" in shape:
            schema["maxLength"] = 4 * -(-shape["max"] // 3)
            schema["x-aws-max-bytes"] = shape["max"]
        return schema


def derive_operation(model: Mapping[str, Any], operation: str) -> Document:
    """Build the schema document for one operation of ``model``."""
    try:
        spec = model["operations"][operation]
    except KeyError:
        raise KeyError(f"operation {operation!r} is not in the service model") from None
    converter = _ShapeConverter(model["shapes"])
    document: Document = {
        "$schema": DIALECT,
        "$id": f"{ID_PREFIX}{operation}",
        "operation": operation,
        "botocoreVersion": botocore.__version__,
        "idempotent": bool(spec.get("idempotent", False)),
    }
    for direction in ("input", "output"):
        if direction in spec:
            converter.add(spec[direction]["shape"])
            document[direction] = _ref(spec[direction]["shape"])
        else:
            # An operation without an input/output shape sends/returns "{}".
            document[direction] = {"type": "object", "additionalProperties": False}
    errors: Document = {}
    for error in spec.get("errors", []):
        name = error["shape"]
        converter.add(name)
        fault = "server" if model["shapes"][name].get("fault") else "client"
        errors[name] = {**_ref(name), "x-aws-fault": fault}
    document["errors"] = errors
    document["$defs"] = converter.defs
    return document


def _unsupported_patterns(documents: Iterable[Document]) -> list[Document]:
    found: dict[str, str] = {}
    for document in documents:
        for schema in document["$defs"].values():
            for candidate in (schema, schema.get("propertyNames", {})):
                if "x-pattern-unsupported" in candidate:
                    found[candidate["x-botocore-shape"]] = candidate["x-pattern-unsupported"]
    return [
        {"shape": shape, "pattern": pattern, "reason": pattern_problem(pattern) or ""}
        for shape, pattern in sorted(found.items())
    ]


def derive_all(model: Mapping[str, Any], operations: Iterable[str] = ALL_OPERATIONS) -> dict[str, Document]:
    """Derive every operation's document plus the ``index`` document describing the set."""
    documents = {operation: derive_operation(model, operation) for operation in operations}
    metadata = model["metadata"]
    documents[INDEX] = {
        "botocoreVersion": botocore.__version__,
        "apiVersion": metadata["apiVersion"],
        "protocol": metadata["protocol"],
        "jsonVersion": metadata["jsonVersion"],
        "targetPrefix": metadata["targetPrefix"],
        "signingName": metadata.get("signingName", metadata["endpointPrefix"]),
        "operations": sorted(operation for operation in documents if operation != INDEX),
        "unsupportedPatterns": _unsupported_patterns(
            document for name, document in documents.items() if name != INDEX
        ),
    }
    return documents


def render(document: Mapping[str, Any]) -> str:
    """Serialise a document the way it is committed, so that git diffs are minimal and stable."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(documents: Mapping[str, Document] | None = None, directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write ``documents`` (default: derived from the installed botocore) and delete stale files."""
    if documents is None:
        documents = derive_all(load_service_model())
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in documents.items():
        path = directory / f"{name}.json"
        path.write_text(render(document), encoding="utf-8")
        written.append(path)
    # The directory holds generated files only; anything not just written belongs
    # to an operation that is no longer derived.
    for path in directory.glob("*.json"):
        if path.stem not in documents:
            path.unlink()
    return written


# -------------------------------------------------------------------------- drift


def _show(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


# Keywords whose differences are reported structurally rather than as values.
_STRUCTURAL = frozenset({"properties", "required", "items", "description", "x-botocore-shape"})


class _Differ:
    """Walks two $defs tables from the same root shapes and reports changes by shape and member."""

    def __init__(self, old: Mapping[str, Document], new: Mapping[str, Document], emit: Callable[[str], None]):
        self._old = old
        self._new = new
        self._emit = emit
        self._seen: set[tuple[str, str, str, str]] = set()

    def root(self, direction: str, old_name: str | None, new_name: str | None, label: str) -> None:
        if old_name is None or new_name is None:
            return
        if old_name != new_name:
            self._emit(f"{label}: shape changed {old_name} -> {new_name}")
        self.target(direction, label, old_name, new_name)

    def target(self, direction: str, label: str, old_name: str, new_name: str) -> None:
        key = (direction, label, old_name, new_name)
        if key in self._seen:
            return
        self._seen.add(key)
        old, new = self._old.get(old_name), self._new.get(new_name)
        if old is None or new is None:
            self._emit(f"{label}: definition of {old_name if old is None else new_name} missing")
            return
        if _is_structure(old) and _is_structure(new):
            self._structure(direction, old_name, new_name, old, new)
        else:
            self._value(direction, label, old, new)

    def _structure(self, direction: str, old_name: str, new_name: str, old: Document, new: Document) -> None:
        # Structures are reported under their own shape name, once per walk, no
        # matter how many members lead to them.
        key = (direction, "", old_name, new_name)
        if key in self._seen:
            return
        self._seen.add(key)
        label = f"{direction} {new_name}"
        self._keywords(label, old, new)
        old_members, new_members = old["properties"], new["properties"]
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        for member in old_members:
            if member not in new_members:
                self._emit(f"{label}.{member}: removed")
        for member, schema in new_members.items():
            if member not in old_members:
                ref = ref_target(schema)
                detail = f" ({ref})" if ref else ""
                required = ", required" if member in new_required else ""
                self._emit(f"{label}: new member {member}{detail}{required}")
                continue
            member_label = f"{label}.{member}"
            if (member in old_required) != (member in new_required):
                self._emit(
                    f"{member_label}: {'now required' if member in new_required else 'no longer required'}"
                )
            self._reference(direction, member_label, old_members[member], schema)

    def _reference(self, direction: str, label: str, old: Document, new: Document) -> None:
        old_ref, new_ref = ref_target(old), ref_target(new)
        if old_ref is None or new_ref is None:
            self._value(direction, label, old, new)
            return
        self._keywords(
            label,
            {k: v for k, v in old.items() if k != "$ref"},
            {k: v for k, v in new.items() if k != "$ref"},
        )
        if old_ref != new_ref:
            self._emit(f"{label}: shape changed {old_ref} -> {new_ref}")
        self.target(direction, label, old_ref, new_ref)

    def _value(self, direction: str, label: str, old: Document, new: Document) -> None:
        # Lists and maps point at further shapes; follow them with a suffix that
        # says which part of the container changed.
        nested = {"items": "[]", "additionalProperties": "{}"}
        for keyword, suffix in nested.items():
            if isinstance(old.get(keyword), dict) and isinstance(new.get(keyword), dict):
                self._reference(direction, f"{label}{suffix}", old[keyword], new[keyword])
        self._keywords(
            label,
            {k: v for k, v in old.items() if not (k in nested and isinstance(v, dict))},
            {k: v for k, v in new.items() if not (k in nested and isinstance(v, dict))},
        )
        if old.get("properties") != new.get("properties") and not (_is_structure(old) and _is_structure(new)):
            self._emit(f"{label}: properties changed")

    def _keywords(self, label: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        if old.get("description") != new.get("description"):
            self._emit(f"{label}: description changed")
        for keyword in sorted((old.keys() | new.keys()) - _STRUCTURAL - {"$ref"}):
            if keyword not in new:
                self._emit(f"{label}: {keyword} removed (was {_show(old[keyword])})")
            elif keyword not in old:
                self._emit(f"{label}: {keyword} added {_show(new[keyword])}")
            elif old[keyword] != new[keyword]:
                self._changed(label, keyword, old[keyword], new[keyword])

    def _changed(self, label: str, keyword: str, old: Any, new: Any) -> None:
        if keyword == "enum" and isinstance(old, list) and isinstance(new, list):
            gained = [value for value in new if value not in old]
            lost = [value for value in old if value not in new]
            if gained:
                self._emit(f"{label}: enum gained {', '.join(map(_show, gained))}")
            if lost:
                self._emit(f"{label}: enum lost {', '.join(map(_show, lost))}")
            if not gained and not lost:
                self._emit(f"{label}: enum reordered")
            return
        self._emit(f"{label}: {keyword} changed {_show(old)} -> {_show(new)}")


def _is_structure(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") == "object" and "properties" in schema


def _pointer_diff(old: Any, new: Any, pointer: str = "") -> list[str]:
    # Last resort for differences the structural walk cannot attribute to a member.
    if isinstance(old, dict) and isinstance(new, dict):
        lines = []
        for key in sorted(old.keys() | new.keys()):
            child = f"{pointer}/{key}"
            if key not in old:
                lines.append(f"{child or '/'}: added")
            elif key not in new:
                lines.append(f"{child or '/'}: removed")
            else:
                lines.extend(_pointer_diff(old[key], new[key], child))
        return lines
    return [] if old == new else [f"{pointer or '/'}: changed {_show(old)} -> {_show(new)}"]


def diff_documents(committed: Mapping[str, Any], derived: Mapping[str, Any], operation: str) -> list[str]:
    """Human-readable differences between two documents of ``operation``.

    Lines name the operation, the direction (input/output/error) and the shape
    and member concerned, e.g. ``GetLabelDetection: output LabelDetection.DurationMillis: removed``.
    ``botocoreVersion`` is not compared; the index reports it once for all documents.
    """
    lines: list[str] = []

    def emit(message: str) -> None:
        lines.append(f"{operation}: {message}")

    if committed.get("idempotent") != derived.get("idempotent"):
        emit(f"idempotent changed {_show(committed.get('idempotent'))} -> {_show(derived.get('idempotent'))}")
    old_defs, new_defs = committed.get("$defs", {}), derived.get("$defs", {})
    differ = _Differ(old_defs, new_defs, emit)
    for direction in ("input", "output"):
        old_root, new_root = committed.get(direction, {}), derived.get(direction, {})
        old_name, new_name = ref_target(old_root), ref_target(new_root)
        differ.root(direction, old_name, new_name, f"{direction} {new_name or old_name}")
        if old_name is None or new_name is None:
            lines.extend(f"{operation}: {direction}{line}" for line in _pointer_diff(old_root, new_root))
    old_errors, new_errors = committed.get("errors", {}), derived.get("errors", {})
    for error in old_errors:
        if error not in new_errors:
            emit(f"error {error}: no longer documented")
    for error, schema in new_errors.items():
        if error not in old_errors:
            emit(f"error {error}: newly documented ({schema.get('x-aws-fault')} fault)")
            continue
        old_fault, new_fault = old_errors[error].get("x-aws-fault"), schema.get("x-aws-fault")
        if old_fault != new_fault:
            emit(f"error {error}: fault changed {old_fault} -> {new_fault}")
        differ.root("error", ref_target(old_errors[error]), ref_target(schema), f"error {error}")
    if not lines:
        comparable = (
            {k: v for k, v in doc.items() if k != "botocoreVersion"} for doc in (committed, derived)
        )
        lines.extend(f"{operation}: {line}" for line in _pointer_diff(*comparable))
    return lines


def diff_index(committed: Mapping[str, Any], derived: Mapping[str, Any]) -> list[str]:
    """Human-readable differences between two index documents."""
    lines = []
    old_ops, new_ops = set(committed.get("operations", [])), set(derived.get("operations", []))
    lines += [f"index: operation {op} added" for op in sorted(new_ops - old_ops)]
    lines += [f"index: operation {op} removed" for op in sorted(old_ops - new_ops)]
    old_patterns = {(p["shape"], p["pattern"]) for p in committed.get("unsupportedPatterns", [])}
    new_patterns = {(p["shape"], p["pattern"]) for p in derived.get("unsupportedPatterns", [])}
    lines += [
        f"index: unsupported pattern {s} {_show(p)} is new" for s, p in sorted(new_patterns - old_patterns)
    ]
    lines += [
        f"index: unsupported pattern {s} {_show(p)} is gone" for s, p in sorted(old_patterns - new_patterns)
    ]
    for key in sorted((committed.keys() | derived.keys()) - {"operations", "unsupportedPatterns"}):
        if committed.get(key) != derived.get(key):
            lines.append(f"index: {key} changed {_show(committed.get(key))} -> {_show(derived.get(key))}")
    if not lines:
        lines.extend(f"index: {line}" for line in _pointer_diff(committed, derived))
    return lines


def drift(documents: Mapping[str, Document], directory: Path = SCHEMA_DIR) -> list[str]:
    """Everything that differs between the committed files in ``directory`` and ``documents``.

    An empty list means the committed schemas are byte-for-byte what the deriver produces.
    """
    lines: list[str] = []
    version_only: list[str] = []
    for name, document in documents.items():
        path = directory / f"{name}.json"
        if not path.is_file():
            lines.append(f"{name}: not committed ({path.name} missing)")
            continue
        text = path.read_text(encoding="utf-8")
        if text == render(document):
            continue
        committed = json.loads(text)
        if committed == document:
            lines.append(f"{name}: {path.name} is not formatted the way the deriver writes it")
        elif name == INDEX:
            lines.extend(diff_index(committed, document))
        else:
            changes = diff_documents(committed, document, name)
            lines.extend(changes)
            if not changes:
                old, new = committed.get("botocoreVersion"), document.get("botocoreVersion")
                version_only.append(f"{name}: botocoreVersion changed {_show(old)} -> {_show(new)}")
    # After a botocore upgrade every document differs in botocoreVersion alone;
    # the index reports that once. Only name them when the index does not, i.e.
    # when the committed files disagree with each other.
    if not any(line.startswith("index: botocoreVersion") for line in lines):
        lines.extend(version_only)
    lines.extend(
        f"{path.stem}: stale, {path.name} is no longer derived"
        for path in sorted(directory.glob("*.json"))
        if path.stem not in documents
    )
    return lines


# ---------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rekognition_conformance.spec.deriver", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--check", action="store_true", help="report drift without writing; exit 1 if any")
    parser.add_argument("--directory", type=Path, default=SCHEMA_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    documents = derive_all(load_service_model())
    if args.check:
        lines = drift(documents, args.directory)
        for line in lines:
            print(line)
        if lines:
            print(
                f"schemas drifted from botocore {botocore.__version__}; "
                f"run `python -m rekognition_conformance.spec.deriver`"
            )
            return 1
        print(f"schemas match botocore {botocore.__version__}")
        return 0
    write_all(documents, args.directory)
    for name, document in documents.items():
        if name != INDEX:
            print(f"{name}: {len(document['$defs'])} defs, {len(document['errors'])} errors")
    for entry in documents[INDEX]["unsupportedPatterns"]:
        print(f"unsupported pattern {entry['shape']}: {entry['pattern']} ({entry['reason']})")
    print(f"wrote {len(documents)} files to {args.directory} from botocore {botocore.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
