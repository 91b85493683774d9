"""``sokkel serve``, ``sokkel demo`` and ``sokkel manage``: glue over Django."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("serve", help="(being built)")
    subparsers.add_parser("demo", help="(being built)")
    subparsers.add_parser("manage", help="(being built)")


def manage(argv: list[str]) -> int:
    raise SystemExit("sokkel manage: not built yet")
