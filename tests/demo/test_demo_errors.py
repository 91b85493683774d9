"""Malformed demo content: the error names file, line and field, and nothing is written."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sokkel.demo.loader import DEMO_DIR, DemoContentError, load_demo
from sokkel.innovations.models import Innovation
from sokkel.units.loading import UnitDataError
from sokkel.units.models import Unit

pytestmark = pytest.mark.django_db


def _copy_demo(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _break(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path`` with ``new``; returns its 1-based line."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_a_malformed_innovation_names_file_line_and_field_and_writes_nothing(
    tmp_path: Path, db_snapshot: Callable[[], dict[str, Any]]
) -> None:
    before = db_snapshot()
    demo_dir = _copy_demo(tmp_path)
    essay = demo_dir / "innovations" / "0-essay.toml"
    _break(essay, 'actor_type = "private_company"', 'actor_type = "alien"')
    story_line = essay.read_text(encoding="utf-8").splitlines().index('demo_key = "mobil-rontgen"')

    with pytest.raises(DemoContentError) as caught:
        load_demo(demo_dir)

    error = caught.value
    assert Path(error.file).name == "0-essay.toml"
    vandreboka_line = (
        essay.read_text(encoding="utf-8").splitlines().index('demo_key = "vandreboka"')
    )
    assert error.line == vandreboka_line + 1
    assert re.fullmatch(r"team\[\d+\]\.actor_type", error.field)
    assert "0-essay.toml, line" in str(error) and "'alien'" in str(error)
    assert story_line + 1 > error.line
    # Norway's units were written before the innovations were read: all rolled back.
    assert db_snapshot() == before
    assert Unit.objects.count() == 0


def test_a_bad_unit_in_the_demo_units_names_file_line_and_field(tmp_path: Path) -> None:
    demo_dir = _copy_demo(tmp_path)
    line = _break(demo_dir / "units.toml", 'parent = "ous-ulleval"', 'parent = "ous-ukjent"')

    with pytest.raises(UnitDataError, match=rf"units\.toml, line {line - 4}, field 'parent'"):
        load_demo(demo_dir)

    assert Unit.objects.count() == 0
    assert Innovation.objects.count() == 0


def test_a_slug_taken_by_someone_elses_innovation_is_named(innovation: Any) -> None:
    innovation.slug = "vandreboka-laerings-og-utviklingsteam-der-skole-og-bedrift-motes"
    innovation.save()

    with pytest.raises(DemoContentError, match=r"0-essay\.toml, line \d+, field 'slug'"):
        load_demo()

    assert not Innovation.objects.filter(demo_key="vandreboka").exists()
    assert Unit.objects.count() == 2  # the personas' unit and nursing home
