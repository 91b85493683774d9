"""SQLite for real use: concurrent writers wait for each other instead of failing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

WRITERS = Path(__file__).with_name("sqlite_writers.py")


def test_ten_writers_at_once_all_succeed(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'sokkel.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "sokkel.config.settings",
        "SOKKEL_LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(
        [sys.executable, str(WRITERS)], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["errors"] == []
    assert report["done"] == 50
    with sqlite3.connect(tmp_path / "sokkel.sqlite3") as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # kept in the file
