"""The labels the reference label detector can report, as data.

A small slice of Rekognition's label taxonomy (model version 3.0), using AWS's label, alias and
category names. Each entry lists its *direct* parents; :data:`TAXONOMY` derives the full ancestor
list AWS returns in ``Label.Parents`` (nearest first), which is what keeps the rule "every parent
of a returned label is itself a label" true by construction. ``instances`` marks object labels,
the ones AWS returns bounding boxes for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

MODEL_VERSION = "3.0"

PERSON = "Person Description"
VEHICLES = "Vehicles and Automotive"
TRANSPORT = "Transport and Logistics"
BUILDINGS = "Buildings and Architecture"
NATURE = "Nature and Outdoors"
PLANTS = "Plants and Flowers"
ANIMALS = "Animals and Pets"
APPAREL = "Apparel and Accessories"
TEXT = "Text and Documents"
HOBBIES = "Hobbies and Interests"
VISUAL = "Colors and Visual Composition"
EVERYDAY = "Everyday Objects"
FURNITURE = "Furniture and Furnishings"
TECHNOLOGY = "Technology and Computing"
TOOLS = "Tools and Machinery"


@dataclass(frozen=True)
class LabelDef:
    name: str
    parents: tuple[str, ...]
    aliases: tuple[str, ...]
    categories: tuple[str, ...]
    instances: bool


def _label(
    name: str,
    parents: tuple[str, ...],
    categories: tuple[str, ...],
    *,
    aliases: tuple[str, ...] = (),
    instances: bool = False,
) -> LabelDef:
    return LabelDef(name, parents, aliases, categories, instances)


# Direct parents only; the full ancestor chains are derived below.
_DEFINITIONS: tuple[LabelDef, ...] = (
    _label("Person", (), (PERSON,), aliases=("Human",), instances=True),
    _label("Adult", ("Person",), (PERSON,), instances=True),
    _label("Male", ("Person",), (PERSON,), instances=True),
    _label("Female", ("Person",), (PERSON,), instances=True),
    _label("Man", ("Adult", "Male"), (PERSON,), instances=True),
    _label("Woman", ("Adult", "Female"), (PERSON,), instances=True),
    _label("Child", ("Person",), (PERSON,), aliases=("Kid",), instances=True),
    _label("Boy", ("Child", "Male"), (PERSON,), instances=True),
    _label("Girl", ("Child", "Female"), (PERSON,), instances=True),
    _label("Transportation", (), (VEHICLES,)),
    _label("Vehicle", ("Transportation",), (VEHICLES,)),
    _label("Car", ("Vehicle",), (VEHICLES,), aliases=("Automobile",), instances=True),
    _label("Truck", ("Vehicle",), (VEHICLES,), instances=True),
    _label("Bus", ("Vehicle",), (VEHICLES,), instances=True),
    _label("Bicycle", ("Vehicle",), (VEHICLES,), aliases=("Bike",), instances=True),
    _label("Machine", (), (TOOLS,)),
    _label("Wheel", ("Machine",), (VEHICLES,), instances=True),
    _label("Tire", ("Wheel",), (VEHICLES,), instances=True),
    _label("Road", (), (TRANSPORT,)),
    _label("Urban", (), (BUILDINGS,)),
    _label("City", ("Urban",), (BUILDINGS,)),
    _label("Street", ("City", "Road"), (TRANSPORT,)),
    _label("Architecture", (), (BUILDINGS,)),
    _label("Building", ("Architecture",), (BUILDINGS,)),
    _label("Housing", ("Building",), (BUILDINGS,)),
    _label("House", ("Housing",), (BUILDINGS,), aliases=("Home",)),
    _label("Outdoors", (), (NATURE,)),
    _label("Nature", (), (NATURE,)),
    _label("Sky", ("Nature", "Outdoors"), (NATURE,)),
    _label("Cloud", ("Sky",), (NATURE,)),
    _label("Water", (), (NATURE,)),
    _label("Sea", ("Nature", "Outdoors", "Water"), (NATURE,), aliases=("Ocean",)),
    _label("Plant", (), (PLANTS,)),
    _label("Tree", ("Plant",), (PLANTS,)),
    _label("Grass", ("Plant",), (PLANTS,)),
    _label("Flower", ("Plant",), (PLANTS,), aliases=("Blossom",), instances=True),
    _label("Animal", (), (ANIMALS,)),
    _label("Mammal", ("Animal",), (ANIMALS,)),
    _label("Pet", ("Animal",), (ANIMALS,)),
    _label("Canine", ("Mammal",), (ANIMALS,)),
    _label("Dog", ("Canine", "Pet"), (ANIMALS,), instances=True),
    _label("Cat", ("Mammal", "Pet"), (ANIMALS,), instances=True),
    _label("Bird", ("Animal",), (ANIMALS,), instances=True),
    _label("Clothing", (), (APPAREL,), aliases=("Apparel",)),
    _label("Shirt", ("Clothing",), (APPAREL,), instances=True),
    _label("Coat", ("Clothing",), (APPAREL,), aliases=("Jacket",), instances=True),
    _label("Footwear", ("Clothing",), (APPAREL,), instances=True),
    _label("Shoe", ("Footwear",), (APPAREL,), instances=True),
    _label("Hat", ("Clothing",), (APPAREL,), instances=True),
    _label("Accessories", (), (APPAREL,), aliases=("Accessory",)),
    _label("Glasses", ("Accessories",), (APPAREL,), instances=True),
    _label("Sunglasses", ("Glasses",), (APPAREL,), instances=True),
    _label("Text", (), (TEXT,)),
    _label("Sign", (), (TEXT,)),
    _label("Road Sign", ("Sign",), (TEXT, TRANSPORT), instances=True),
    _label("Art", (), (HOBBIES,)),
    _label("Painting", ("Art",), (HOBBIES,)),
    _label("Graphics", ("Art",), (VISUAL,)),
    _label("Pattern", (), (VISUAL,)),
    _label("Bottle", (), (EVERYDAY,), instances=True),
    _label("Furniture", (), (FURNITURE,)),
    _label("Chair", ("Furniture",), (FURNITURE,), instances=True),
    _label("Electronics", (), (TECHNOLOGY,)),
    _label("Phone", ("Electronics",), (TECHNOLOGY, EVERYDAY)),
    _label("Mobile Phone", ("Phone",), (TECHNOLOGY, EVERYDAY), aliases=("Cell Phone",), instances=True),
)


@dataclass(frozen=True)
class Label:
    """A label as Rekognition describes it in responses: ``parents`` holds every ancestor, nearest first.

    ``direct_parents`` is the hierarchy itself, which responses do not show."""

    name: str
    parents: tuple[str, ...]
    aliases: tuple[str, ...]
    categories: tuple[str, ...]
    instances: bool
    direct_parents: tuple[str, ...]


def _ancestors(name: str, direct: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    # Breadth-first, so nearer ancestors come first and a label reached by two paths appears once.
    found: list[str] = []
    frontier = list(direct[name])
    while frontier:
        following: list[str] = []
        for parent in frontier:
            if parent == name:
                raise ValueError(f"label {name!r} is its own ancestor")
            if parent not in found:
                found.append(parent)
                following.extend(direct[parent])
        frontier = following
    return tuple(found)


def _build(definitions: tuple[LabelDef, ...]) -> Mapping[str, Label]:
    direct = {label.name: label.parents for label in definitions}
    if len(direct) != len(definitions):
        raise ValueError("duplicate label names in the taxonomy")
    for label in definitions:
        unknown = [parent for parent in label.parents if parent not in direct]
        if unknown:
            raise ValueError(f"label {label.name!r} names unknown parents {unknown}")
    return MappingProxyType(
        {
            label.name: Label(
                name=label.name,
                parents=_ancestors(label.name, direct),
                aliases=label.aliases,
                categories=label.categories,
                instances=label.instances,
                direct_parents=label.parents,
            )
            for label in definitions
        }
    )


TAXONOMY: Mapping[str, Label] = _build(_DEFINITIONS)

# Labels no other label names as a parent: what the detector tracks; the rest appear as ancestors.
LEAVES: tuple[str, ...] = tuple(sorted(set(TAXONOMY) - {parent for label in _DEFINITIONS for parent in label.parents}))
