"""Sokkel: the public sector front line's innovations made visible, and a lab for new services."""

__version__ = "0.1.0"
