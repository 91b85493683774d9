"""Finding units by what people type: «bodø», «Bodø (kommune, Nordland)», ``kommune-1804``.

The unit pickers of the pages suggest units as one types and accept what was typed or picked.
Matching folds case and diacritics the Norwegian way (``Ålesund`` is found by «alesund»,
``Bodø`` by «bodo»). SQLite's ``LIKE`` folds ASCII letters only, so the folding is done here,
over the names of every unit: one query of a few hundred short rows (the unit tree has 15
counties, 357 municipalities and the units below them that are in use); with 970 units a
suggestion takes ~4 ms (benchmarks/unit_picker.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sokkel.core.folding import fold
from sokkel.units.models import Unit, UnitKind

SUGGESTIONS = 10
MAX_TEXT = 200
# «Bodø (kommune, Nordland)»: a unit's name, then its kind and the unit above it in brackets.
LABELLED = re.compile(r"^(?P<name>.+) \((?P<kind>[^(),]+)(?:, (?P<parent>[^()]+))?\)$")


def unit_label(unit: Unit) -> str:
    """A unit's name with its kind and the unit above it: «Lillevik sykehjem (sykehjem, Bø)»."""
    parent = f", {unit.parent.name}" if unit.parent_id else ""
    # UnitKind(...).label, not get_kind_display(): that hashes every kind's lazy label per
    # call, which made the unit list cost ~13 translations per unit on every list page.
    return f"{unit.name} ({UnitKind(unit.kind).label}{parent})"


def labelled(units: Iterable[Unit]) -> list[tuple[Unit, str]]:
    """Each unit with its label, for a template."""
    return [(unit, unit_label(unit)) for unit in units]


@dataclass(frozen=True)
class Entry:
    """One unit as the matching sees it."""

    pk: int
    name: str
    parent: str
    label: str
    depth: int


def entries() -> list[Entry]:
    """Every unit, folded for matching (kinds in the language of the request)."""
    kinds = {value: fold(str(label)) for value, label in UnitKind.choices}
    rows = Unit.objects.values_list("pk", "name", "kind", "parent__name", "path")
    entries = []
    for pk, name, kind, parent, path in rows:
        name, parent = fold(name), fold(parent or "")
        label = f"{name} {kinds.get(kind, kind)} {parent}"
        entries.append(Entry(pk=pk, name=name, parent=parent, label=label, depth=path.count("/")))
    return entries


def suggest(text: str, limit: int = SUGGESTIONS) -> list[Unit]:
    """The units that best match ``text``: every word of it in the unit's label.

    Names starting with the text come first, then names with a word starting with it, then
    the rest; shorter names and units higher in the tree first within each group.
    """
    needle = fold(text[:MAX_TEXT])
    if not needle:
        return []
    words = needle.split()

    def rank(entry: Entry) -> tuple[int, int, int, str]:
        if entry.name.startswith(needle):
            group = 0
        elif any(word.startswith(words[0]) for word in entry.name.split()):
            group = 1
        else:
            group = 2
        return (group, len(entry.name), entry.depth, entry.name)

    found = [entry for entry in entries() if all(word in entry.label for word in words)]
    best = [entry.pk for entry in sorted(found, key=rank)[:limit]]
    return in_order(best)


def in_order(pks: Iterable[int]) -> list[Unit]:
    """The units with these primary keys, with their parents, in the order given."""
    pks = list(pks)
    units = Unit.objects.select_related("parent").in_bulk(pks)
    return [units[pk] for pk in pks if pk in units]


def find_unit(text: str) -> Unit | None:
    """The one unit ``text`` names, else ``None``.

    ``text`` may be a unit's id or key, its label as :func:`unit_label` writes it (in any of
    the interface's languages: the kind is not compared), or a name only one unit has.
    """
    text = " ".join(text.split())[:MAX_TEXT]
    units = Unit.objects.select_related("parent")
    if not text:
        return None
    if text.isdigit():
        return units.filter(pk=int(text)).first()
    by_key = units.filter(key=text).first()
    if by_key:
        return by_key
    labelled = LABELLED.match(text)
    if labelled:
        # As the pickers write it, a label names the unit and the unit above exactly.
        exact = list(units.filter(name=labelled["name"], parent__name=labelled["parent"])[:2])
        if len(exact) == 1:
            return exact[0]
    everything = entries()
    found: list[Entry] = []
    if labelled:
        name, parent = fold(labelled["name"]), fold(labelled["parent"] or "")
        found = [unit for unit in everything if unit.name == name and unit.parent == parent]
    if len(found) != 1:
        found = [unit for unit in everything if unit.name == fold(text)]
    return next(iter(in_order([found[0].pk])), None) if len(found) == 1 else None
