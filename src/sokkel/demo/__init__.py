"""Sokkel's demo content: units, people and innovations described in TOML, and their loader.

``units.toml`` adds schools, nursing homes, health trusts, hospitals, departments, operators
and depots below (or beside) Norway's counties and municipalities; ``people.toml`` holds a
demo user for every role; ``innovations/*.toml`` hold the essay's three stories and the
further, invented examples. :func:`sokkel.demo.loader.load_demo` loads them all (``sokkel
demo``). See ``README.md`` in this folder for what is fact and what is invented.
"""
