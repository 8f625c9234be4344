"""The registry of Rekognition operations the reference backend implements.

The protocol layer dispatches ``X-Amz-Target: RekognitionService.<Operation>`` through this
mapping; a target naming anything else is an UnknownOperationException. Each family module exports
its own ``OPERATIONS`` and is merged in here, so adding a family is one line.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from rekognition_conformance.reference import (
    celebrities,
    collections,
    face_search,
    faces,
    labels,
    moderation,
    persons,
    segments,
    stream_processors,
    text,
)
from rekognition_conformance.reference.context import Handler

OPERATIONS: Mapping[str, Handler] = MappingProxyType(
    {
        **labels.OPERATIONS,
        **moderation.OPERATIONS,
        **segments.OPERATIONS,
        **text.OPERATIONS,
        **faces.OPERATIONS,
        **persons.OPERATIONS,
        **celebrities.OPERATIONS,
        **collections.OPERATIONS,
        **face_search.OPERATIONS,
        **stream_processors.OPERATIONS,
    }
)
