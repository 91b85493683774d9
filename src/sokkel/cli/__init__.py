"""The ``sokkel`` command: thin argparse glue over the platform and the lab.

Each area registers its own subcommands from a module in this package, so the
platform, the crew planner and the rounds planner each keep their glue apart.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Modules that each define ``register(subparsers)``; imported lazily so that
# ``sokkel crew`` never loads Django and ``sokkel serve`` never loads HiGHS.
AREAS = {
    "serve": "sokkel.cli.platform",
    "demo": "sokkel.cli.platform",
    "manage": "sokkel.cli.platform",
    "backup": "sokkel.cli.backup",
    "restore": "sokkel.cli.backup",
    "crew": "sokkel.cli.crew",
    "rounds": "sokkel.cli.rounds",
}


def build_parser(area: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sokkel",
        description="Sokkel: front-line innovations made visible, and a lab for new services.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    modules = [AREAS[area]] if area in AREAS else list(dict.fromkeys(AREAS.values()))
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # ``manage`` passes everything after it to Django untouched.
    if args_list[:1] == ["manage"]:
        from sokkel.cli.platform import manage

        return manage(args_list[1:])
    first = args_list[0] if args_list else None
    parser = build_parser(first)
    args = parser.parse_args(args_list)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
