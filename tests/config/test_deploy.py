"""Production settings and the production server, each in a process of its own.

The rest of the suite runs with development settings (``tests/testenv.py``); here the
settings are read as a municipality's server reads them: DEBUG unset, a SECRET_KEY, the hosts.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

SOKKEL = [sys.executable, "-m", "sokkel"]


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # As on a server: no development or test switches (the browser tests set the last one).
    development = {"DEBUG", "DATABASE_URL", "AXES_ENABLED", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in development}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="sokkel.example.no,127.0.0.1",
        SOKKEL_DATA_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        **extra,
    )
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SOKKEL, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_check_deploy_is_clean_with_only_the_documented_variables(tmp_path: Path) -> None:
    result = run(
        ["manage", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_debug_the_development_key_is_refused(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run(["manage", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert "Traceback" not in result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``sokkel serve`` with production settings (plain HTTP: TLS would end at a proxy)."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path, SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", HSTS_SECONDS="0")
    assert run(["manage", "migrate", "--noinput"], env).returncode == 0
    port = free_port()
    process = subprocess.Popen(
        [*SOKKEL, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/helse/", timeout=10)
                break
            except OSError:  # not listening yet, or still loading Django
                assert process.poll() is None, "sokkel serve stopped"
                assert time.monotonic() < deadline, "sokkel serve did not answer in 120 s"
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_server_answers_pages_with_a_content_security_policy(server: str) -> None:
    status, headers, body = fetch(f"{server}/")
    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert b"Sokkel" in body


def test_the_server_serves_the_collected_static_files(server: str) -> None:
    _, _, body = fetch(f"{server}/")
    stylesheet = body.decode().split('href="/static/sokkel/sokkel.')[1].split('"')[0]
    status, headers, _ = fetch(f"{server}/static/sokkel/sokkel.{stylesheet}")
    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]  # hashed name: cached for ever


def test_the_health_check_asks_the_database(server: str) -> None:
    status, _, body = fetch(f"{server}/helse/")
    assert status == 200
    assert json.loads(body)["status"] == "ok"


def test_the_api_answers_errors_in_json(server: str) -> None:
    status, headers, body = fetch(f"{server}/api/v1/finnes-ikke")
    assert status == 404
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["message"]


def test_a_body_over_the_limit_is_refused_with_413(server: str) -> None:
    big = json.dumps({"title": "x" * 3_000_000}).encode()
    status, _, body = fetch(
        f"{server}/api/v1/innovations", big, {"Content-Type": "application/json"}
    )
    assert status == 413
    assert "for stort" in json.loads(body)["message"]
    status, _, body = fetch(f"{server}/innovasjoner/ny/", b"x" * 3_000_000)
    assert status == 413
    assert "For stort" in body.decode()
