"""``sokkel serve`` and ``sokkel manage``; ``sokkel demo`` is tested with the demo content."""

from __future__ import annotations

import django
import pytest

from sokkel.cli import main


@pytest.fixture
def runserver_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Capture what ``sokkel serve`` hands to Django instead of starting a server."""
    calls: list[list[str]] = []
    monkeypatch.setattr("sokkel.cli.platform.manage", lambda argv: calls.append(argv) or 0)
    monkeypatch.delenv("PORT", raising=False)
    return calls


def test_serve_binds_localhost_8000_by_default(runserver_calls: list[list[str]]) -> None:
    assert main(["serve"]) == 0
    assert runserver_calls == [["runserver", "127.0.0.1:8000"]]


def test_serve_honours_port_and_the_option_wins(
    runserver_calls: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORT", "8123")
    main(["serve"])
    main(["serve", "--port", "9001", "--no-reload"])

    assert runserver_calls == [
        ["runserver", "127.0.0.1:8123"],
        ["runserver", "127.0.0.1:9001", "--noreload"],
    ]


def test_serve_refuses_a_port_that_is_not_a_number(
    runserver_calls: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORT", "eighty")

    with pytest.raises(SystemExit, match="PORT='eighty' is not a port number"):
        main(["serve"])
    assert runserver_calls == []


def test_manage_passes_its_arguments_to_django(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manage", "version"]) == 0
    assert capsys.readouterr().out.strip() == django.get_version()
