"""``sokkel crew``: command-line glue over ``sokkel.lab.crew``."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("crew", help="(being built)")
