"""Innovations: the front line's new ways of working, carried through their four phases."""
