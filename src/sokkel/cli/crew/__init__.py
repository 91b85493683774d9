"""``sokkel crew``: command-line glue over ``sokkel.lab.crew``.

Each subcommand lives in its own module here, defining ``add_arguments(parser)``
and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib

SUBCOMMANDS = {
    "plan": "Plan the duties of one or more service days from a GTFS timetable.",
    "check": "Re-check a plan against the timetable and the rules, naming every violation.",
    "scp": "Solve an OR-Library set-covering file.",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    crew = subparsers.add_parser("crew", help="Rail crew duty planning.")
    commands = crew.add_subparsers(dest="crew_command", metavar="COMMAND", required=True)
    for name, help_text in SUBCOMMANDS.items():
        module = importlib.import_module(f"sokkel.cli.crew.{name}")
        parser = commands.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(parser)
        parser.set_defaults(func=module.run)
