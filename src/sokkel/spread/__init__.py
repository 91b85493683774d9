"""Spreading innovations: adoptions, the units that face the same problem, follows, digests."""
