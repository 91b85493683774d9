"""``sokkel rounds``: plan, check, generate and solomon from the command line."""

from __future__ import annotations

import json

from sokkel.cli import main


def test_plan_writes_json_and_an_html_report(data_dir, tmp_path, capsys):
    plan_path, html_path = tmp_path / "plan.json", tmp_path / "report.html"
    code = main(
        [
            "rounds", "plan", str(data_dir / "two_sites" / "scenario.toml"),
            "-o", str(plan_path), "--html", str(html_path), "--time-limit", "5", "--seed", "1",
        ]
    )  # fmt: skip
    assert code == 0
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    assert set(plan) >= {"routes", "unserved", "kpis", "effects"}
    assert plan["kpis"]["requests_served"] == 3
    html = html_path.read_text(encoding="utf-8")
    assert '<html lang="nb">' in html
    assert "Dette er modellanslag, ikke målinger." in html
    assert "<svg" in html and "http" not in html.split("<body>")[1].split("<footer>")[0]
    assert "Sør sykehjem" in html
    err = capsys.readouterr().err
    assert "dag 1/2 2026-03-02: 3 betjent, 0 venter" in err

    assert (
        main(["rounds", "check", str(data_dir / "two_sites" / "scenario.toml"), str(plan_path)])
        == 0
    )
    plan["routes"][0]["stops"][0]["arrival"] = "08:11"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    assert (
        main(["rounds", "check", str(data_dir / "two_sites" / "scenario.toml"), str(plan_path)])
        == 1
    )
    assert "arrival 08:11 but travel gives 08:12" in capsys.readouterr().out


def test_bad_scenario_exits_2_naming_file_line_and_field(data_dir, tmp_path, capsys):
    for name in ("scenario.toml", "sites.csv", "travel.csv"):
        (tmp_path / name).write_text((data_dir / "two_sites" / name).read_text(encoding="utf-8"))
    (tmp_path / "requests.csv").write_text("id,site,arrives,due\nR1,S7,2026-03-02,2026-03-02\n")
    code = main(["rounds", "plan", str(tmp_path / "scenario.toml"), "-o", str(tmp_path / "p.json")])
    assert code == 2
    assert "requests.csv:2, field 'site': unknown site 'S7'" in capsys.readouterr().err


def test_generate_writes_a_readable_scenario(tmp_path, capsys):
    assert (
        main(
            [
                "rounds",
                "generate",
                "--seed",
                "5",
                "--sites",
                "6",
                "--days",
                "2",
                "-o",
                str(tmp_path),
            ]
        )
        == 0
    )
    sites = (tmp_path / "sites.csv").read_text(encoding="utf-8").splitlines()
    assert len(sites) == 7
    assert "SYNTHETIC DATA" in (tmp_path / "scenario.toml").read_text(encoding="utf-8")
    assert (
        main(
            [
                "rounds",
                "plan",
                str(tmp_path / "scenario.toml"),
                "-o",
                str(tmp_path / "p.json"),
                "--quiet",
            ]
        )
        == 0
    )


def test_solomon_json_last_line(data_dir, capsys):
    code = main(
        [
            "rounds",
            "solomon",
            str(data_dir / "solomon" / "R101-10.txt"),
            "--time-limit",
            "0.5",
            "--json",
        ]
    )
    assert code == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(last) == {"distance", "routes"}
    assert sorted(n for route in last["routes"] for n in route) == list(range(1, 11))
