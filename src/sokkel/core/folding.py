"""Text folded for matching what people type: «Bodø» by «bodo», «lokfører» by «lokforer».

Pure Python (no Django), shared by the unit pickers and the search's «did you mean».
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

FOLDED_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss"})


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """``text`` for matching: case, diacritics and Norwegian letters folded, spaces collapsed.

    Cached: the same unit names and indexed words are folded again and again.
    """
    text = text.casefold().translate(FOLDED_LETTERS)
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return " ".join(text.split())
