"""``sokkel serve`` and ``sokkel manage``; ``sokkel demo`` is tested with the demo content."""

from __future__ import annotations

import sys
from typing import Any

import django
import pytest

from sokkel.cli import main


@pytest.fixture
def manage_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Capture what ``sokkel serve`` hands to Django instead of running it."""
    calls: list[list[str]] = []
    monkeypatch.setattr("sokkel.cli.platform.manage", lambda argv: calls.append(argv) or 0)
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    return calls


@pytest.fixture
def runserver_calls(manage_calls: list[list[str]], settings: Any) -> list[list[str]]:
    """With DEBUG on, ``sokkel serve`` runs Django's development server."""
    settings.DEBUG = True
    return manage_calls


@pytest.fixture
def gunicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Capture the gunicorn command ``sokkel serve`` would turn into (DEBUG off)."""
    calls: list[list[str]] = []
    monkeypatch.setattr("os.execv", lambda path, argv: calls.append(argv))
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


def test_serve_runs_gunicorn_on_collected_static_files_without_debug(
    manage_calls: list[list[str]], gunicorn_calls: list[list[str]], capsys: Any
) -> None:
    assert main(["serve", "--port", "8080", "--workers", "3"]) == 0
    assert manage_calls == [["collectstatic", "--noinput", "--verbosity", "0"]]
    assert gunicorn_calls == [
        [sys.executable, "-m", "gunicorn", "sokkel.config.wsgi:application"]
        + ["--bind", "127.0.0.1:8080", "--workers", "3", "--access-logfile", "-"]
    ]
    assert "gunicorn on http://127.0.0.1:8080/ with 3 workers" in capsys.readouterr().out


def test_serve_refuses_a_worker_count_that_is_not_one_or_more(
    manage_calls: list[list[str]], gunicorn_calls: list[list[str]], monkeypatch: Any
) -> None:
    with pytest.raises(SystemExit, match="--workers 0: give at least 1"):
        main(["serve", "--workers", "0"])
    monkeypatch.setenv("WEB_CONCURRENCY", "many")
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY='many' is not a number"):
        main(["serve"])
    assert gunicorn_calls == []
