"""Effects against the hospital-trip baseline: hand-checked figures, sources shown."""

from __future__ import annotations

import datetime as dt

import pytest

from sokkel.lab.rounds import EffectParameters
from sokkel.lab.rounds.effects import ServiceDay, compute_effects, describe_parameters


def test_one_handled_request_avoids_the_expected_share_of_a_trip():
    day = ServiceDay(dt.date(2026, 3, 2), requests_handled=10, team_hours=7.0, km=40.0)
    effects = compute_effects([day], EffectParameters())
    total = effects["total"]
    assert total["hospital_trips_avoided"] == pytest.approx(7.3)  # 73 % of 10
    assert total["carer_hours_freed"] == pytest.approx(7.3 * 1.5 * 5)  # 1.5 carers, 5 h
    assert total["transport_cost_avoided_nok"] == pytest.approx(3.65 * 5000 + 3.65 * 1200)
    assert total["service_cost_nok"] == pytest.approx(7 * 900 + 40 * 4)
    assert total["published_model_saving_nok"] == pytest.approx(10 * (2790 - 1946) * 11.5)
    assert "Model estimates" in effects["note"]


def test_totals_per_day_and_per_iso_week():
    days = [
        ServiceDay(dt.date(2026, 3, 6), 2, 1.0, 10.0),  # Friday, week 10
        ServiceDay(dt.date(2026, 3, 9), 3, 1.0, 10.0),  # Monday, week 11
    ]
    effects = compute_effects(days, EffectParameters())
    assert [d["requests_handled"] for d in effects["per_day"]] == [2, 3]
    assert [(w["week"], w["requests_handled"]) for w in effects["per_week"]] == [
        ("2026-W10", 2),
        ("2026-W11", 3),
    ]
    assert effects["total"]["requests_handled"] == 5


def test_every_parameter_has_a_default_and_a_source():
    described = describe_parameters(EffectParameters(hospital_share=0.5))
    by_name = {p["name"]: p for p in described}
    assert (by_name["hospital_share"]["value"], by_name["hospital_share"]["default"]) == (0.5, 0.73)
    assert "Vestfold 2017" in by_name["hospital_share"]["source"]
    assert "Kjelle et al. 2019" in by_name["hospital_only_eur"]["source"]
    assert all(p["source"] and p["label"] and p["unit"] for p in described)


def test_a_share_above_one_is_refused():
    with pytest.raises(ValueError, match="hospital_share"):
        EffectParameters(hospital_share=1.3)
