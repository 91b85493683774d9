"""``sokkel demo``'s content: Norway's units, demo people and innovations, loaded idempotently."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import authenticate

from sokkel.cli import main
from sokkel.demo.loader import DEMO_PASSWORD, DemoSummary, load_demo
from sokkel.innovations import services
from sokkel.innovations.models import (
    Effect,
    Innovation,
    Phase,
    Tag,
)
from sokkel.people.models import User
from sokkel.units.models import Sector, Unit, UnitKind

pytestmark = pytest.mark.django_db

ESSAY_STORIES = ("vandreboka", "mobil-rontgen", "nsb-dagsverk")


def test_demo_loads_norway_and_the_demo_units_into_one_tree(demo: DemoSummary) -> None:
    assert Unit.objects.filter(kind=UnitKind.COUNTY).count() == 15
    assert Unit.objects.filter(kind=UnitKind.MUNICIPALITY).count() == 357
    radiology = Unit.objects.get(key="ous-radiologi")
    assert [unit.key for unit in radiology.ancestors()] == [
        "oslo-universitetssykehus",
        "ous-ulleval",
        "ous-radiologi",
    ]
    depot = Unit.objects.get(key="vy-oslo-s")
    assert (depot.kind, depot.parent.key, depot.parent.kind) == ("depot", "vy", "operator")
    nursing_home = Unit.objects.get(key="oslo-furulund-sykehjem")
    assert nursing_home.ancestor_keys()[:2] == ["fylke-03", "kommune-0301"]
    assert nursing_home.kind == UnitKind.NURSING_HOME


def test_running_the_demo_twice_gives_the_same_database(
    demo: DemoSummary, db_snapshot: Callable[[], dict[str, Any]]
) -> None:
    before = db_snapshot()

    second = load_demo()

    assert db_snapshot() == before
    assert demo.innovations_created == len(before["innovations"]) >= 33
    assert (second.innovations_created, second.innovations_updated) == (0, 0)
    assert (second.units.created, second.units.updated) == (0, 0)


def test_the_essays_three_stories_have_researchers_on_their_teams(demo: DemoSummary) -> None:
    for key in ESSAY_STORIES:
        story = Innovation.objects.get(demo_key=key)
        assert story.is_published
        researchers = story.team.filter(person__is_researcher=True, actor_type="research")
        assert researchers.exists(), key
        assert all(member.person.affiliation for member in researchers)
        assert story.team.exclude(actor_type="public_body").count() >= 2, key
        assert story.phase != Phase.DISCOVERED
        assert story.transitions.last().to_phase == story.phase
        assert story.effects.exists()
    xray = Innovation.objects.get(demo_key="mobil-rontgen")
    assert set(xray.units.values_list("key", flat=True)) == {
        "ous-radiologi",
        "oslo-sykehjemsetaten",
    }
    assert xray.phase == Phase.SHARED and xray.adoption_recipe
    assert xray.transitions.get(to_phase=Phase.TRIED).at.strftime("%Y-%m") == "2004-09"
    assert Innovation.objects.get(demo_key="nsb-dagsverk").units.get().key == "vy"


def test_every_figure_is_sourced_or_marked_illustrative_with_a_note(demo: DemoSummary) -> None:
    for effect in Effect.objects.all():
        if effect.is_illustrative:
            assert "Illustrerende" in effect.description, effect.name
        else:
            assert effect.source, effect.name
    fag_exam = Effect.objects.get(innovation__demo_key="vandreboka", name__contains="fagprøve")
    assert fag_exam.is_illustrative
    essay_effects = Effect.objects.filter(
        innovation__demo_key__in=ESSAY_STORIES, is_illustrative=False
    )
    for effect in essay_effects:
        assert "Den skjulte skatt" in effect.source or "Feltrapport" in effect.source


def test_further_innovations_make_lists_and_filters_meaningful(demo: DemoSummary) -> None:
    further = Innovation.objects.exclude(demo_key__in=ESSAY_STORIES)
    assert further.count() >= 30
    for sector in (Sector.EDUCATION, Sector.HEALTH_CARE, Sector.TRANSPORT):
        assert further.filter(sector=sector).count() >= 8, sector
    assert {innovation.phase for innovation in further} == set(Phase.values)
    assert further.filter(is_published=False).exists()
    assert further.filter(kudos__isnull=False).exists()
    assert further.filter(sponsor__isnull=False).exists()
    assert len(set(further.values_list("evidence_level", flat=True))) >= 4
    assert further.filter(team__actor_type="volunteer_org").exists()
    assert Tag.objects.count() >= 30
    units = set(Innovation.units.through.objects.values_list("unit_id", flat=True))
    assert len(units) >= 25


def test_demo_journeys_match_the_phases_and_sponsors_lead_their_units(demo: DemoSummary) -> None:
    for innovation in Innovation.objects.all():
        steps = list(innovation.transitions.all())
        assert (steps[-1].to_phase if steps else Phase.DISCOVERED) == innovation.phase
        for before, after in zip(steps, steps[1:], strict=False):
            assert before.to_phase == after.from_phase and before.at < after.at
        if innovation.sponsor:
            assert innovation.can_anchor(innovation.sponsor)
        created = innovation.audit_entries.get(action="innovation.created")
        assert created.at == innovation.created_at
        assert innovation.audit_entries.filter(action="innovation.phase_moved").count() == len(
            steps
        )


def test_every_role_has_a_demo_login(demo: DemoSummary) -> None:
    roles = {login.role for login in demo.logins}
    assert roles == {"front-line", "leader", "researcher", "admin"}
    for login in demo.logins:
        assert authenticate(email=login.email, password=DEMO_PASSWORD) is not None, login.email
    admin = User.objects.get(email="admin@demo.sokkel.no")
    assert admin.is_staff and admin.is_superuser
    leader = User.objects.get(email="per@demo.sokkel.no")
    assert leader.leads(Unit.objects.get(key="oslo-furulund-sykehjem"))
    researcher = User.objects.get(email="erik@demo.sokkel.no")
    assert researcher.is_researcher and researcher.affiliation


def test_refreshing_puts_an_edited_demo_innovation_back_and_logs_it(demo: DemoSummary) -> None:
    story = Innovation.objects.get(demo_key="mobil-rontgen")
    jonas = User.objects.get(email="jonas@demo.sokkel.no")
    services.update_innovation(story, by=jonas, version=story.version, title="Noe annet")
    services.add_effect(
        story, by=jonas, kind="immaterial", name="Ny effekt", rating=3, description="x"
    )

    summary = load_demo()

    story.refresh_from_db()
    assert summary.innovations_updated == 1
    assert story.title == "Mobil røntgen: radiografen kommer til sykehjemmet"
    assert story.version == 3
    assert not story.effects.filter(name="Ny effekt").exists()
    refreshed = story.audit_entries.filter(action="innovation.updated").first()
    assert refreshed.changes["title"] == ["Noe annet", story.title]


def test_sokkel_demo_refreshes_the_content_and_prints_a_login_for_every_role(
    demo: DemoSummary, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo"]) == 0

    out = capsys.readouterr().out
    assert f"password for all: {DEMO_PASSWORD}" in out
    for email, role in [
        ("kari@demo.sokkel.no", "front-line"),
        ("per@demo.sokkel.no", "leader"),
        ("erik@demo.sokkel.no", "researcher"),
        ("admin@demo.sokkel.no", "admin"),
    ]:
        line = next(line for line in out.splitlines() if email in line)
        assert role in line
    assert f"{len(demo.logins)} people" in out
    assert "0 new, 0 refreshed" in out
