"""``sokkel rounds``: command-line glue over ``sokkel.lab.rounds``."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("rounds", help="(being built)")
