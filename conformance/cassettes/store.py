"""The cassette file: vcrpy's cassette format, written one interaction per line.

The content is exactly what vcrpy's JSON serializer holds (``version``, ``interactions`` of
``request`` / ``response``, and ``metadata``), laid out so that a re-recording shows in a diff as
the interactions that changed rather than as one re-indented document. Keys are sorted. A body that
is not UTF-8 is stored as ``{"base64": ...}``. A path ending in ``.gz`` is gzip-compressed.

The metadata records how the cassette was made (run id, target, region, endpoints, scrubbing,
harness versions); a replay reads it before the session starts (:func:`read_metadata`).
"""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

from vcr.persisters.filesystem import CassetteDecodeError, CassetteNotFoundError
from vcr.serialize import deserialize, serialize


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = text.encode("utf-8")
    if path.suffix == ".gz":
        raw = gzip.compress(raw, mtime=0)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(raw)
    tmp.replace(path)


def _encode_bodies(interaction: dict[str, Any]) -> dict[str, Any]:
    for part in ("request", "response"):
        message = interaction[part]
        body = message.get("body")
        holder, key = (body, "string") if isinstance(body, dict) else (message, "body")
        value = holder.get(key)
        if isinstance(value, bytes | bytearray):
            holder[key] = {"base64": base64.b64encode(value).decode("ascii")}
    return interaction


def _decode_bodies(interaction: dict[str, Any]) -> dict[str, Any]:
    for part in ("request", "response"):
        message = interaction[part]
        body = message.get("body")
        holder, key = (body, "string") if isinstance(body, dict) and "string" in body else (message, "body")
        value = holder.get(key)
        if isinstance(value, dict) and set(value) == {"base64"}:
            holder[key] = base64.b64decode(value["base64"])
    return interaction


class LineSerializer:
    """A vcrpy serializer: ``serialize(dict) -> str`` and ``deserialize(str) -> dict``."""

    @staticmethod
    def serialize(data: dict[str, Any]) -> str:
        def dump(value: Any) -> str:
            return json.dumps(value, sort_keys=True, ensure_ascii=False)

        interactions = [dump(_encode_bodies(i)) for i in data.get("interactions", [])]
        head = [f'{{"version": {dump(data.get("version", 1))},', f' "metadata": {dump(data.get("metadata", {}))},']
        if not interactions:
            return "\n".join([*head, ' "interactions": []}']) + "\n"
        return "\n".join([*head, ' "interactions": [', ",\n".join(interactions), "]}"]) + "\n"

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        data = json.loads(text)
        data["interactions"] = [_decode_bodies(i) for i in data.get("interactions", [])]
        return data


def load_document(path: str | Path) -> dict[str, Any] | None:
    """The parsed cassette at ``path``, or None if there is none (or it is empty)."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        text = _read_text(path)
    except (UnicodeDecodeError, OSError, EOFError) as exc:
        raise CassetteDecodeError(f"cannot read cassette {path}: {exc}") from exc
    return LineSerializer.deserialize(text) if text.strip() else None


def read_metadata(path: str | Path) -> dict[str, Any] | None:
    """The cassette's metadata, or None when there is no cassette at ``path``.

    The metadata is the file's second line, so a replay learns its run id without parsing the
    interactions twice; a file laid out otherwise is parsed whole.
    """
    path = Path(path)
    if not path.is_file():
        return None
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for _, line in zip(range(3), fh, strict=False):
            if line.startswith(' "metadata": '):
                return json.loads(line[len(' "metadata": ') :].rstrip().rstrip(","))
    document = load_document(path)
    return None if document is None else dict(document.get("metadata") or {})


class CassetteFile:
    """A vcrpy persister for :class:`LineSerializer` files (the ``serializer`` vcrpy passes is ignored)."""

    @staticmethod
    def load_cassette(cassette_path: str, serializer: Any = None) -> tuple:
        path = Path(cassette_path)
        if not path.is_file():
            raise CassetteNotFoundError()
        try:
            text = _read_text(path)
        except (UnicodeDecodeError, OSError, EOFError) as exc:
            raise CassetteDecodeError(f"cannot read cassette {path}: {exc}") from exc
        if not text.strip():
            raise CassetteNotFoundError()
        return deserialize(text, LineSerializer)

    @staticmethod
    def save_cassette(cassette_path: str, cassette_dict: dict[str, Any], serializer: Any = None) -> None:
        _write_text(Path(cassette_path), serialize(cassette_dict, LineSerializer))
