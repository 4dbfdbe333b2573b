"""Folding names for matching: no case, diacritics, apostrophes or punctuation."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter and a mark.
_FOLD = str.maketrans({"ı": "i", "ə": "e", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae"})
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_NOT_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Fold a name for matching: no case, diacritics, apostrophes or punctuation.

    Examples
    --------
    >>> fold("Xi’an"), fold("Constanța"), fold("Böyük Kəsik"), fold("St. Petersburg")
    ('xian', 'constanta', 'boyuk kesik', 'st petersburg')

    """
    if text.isascii():  # most names: the short path
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", _APOSTROPHES.sub("", text)).split())


normalise = lru_cache(maxsize=4096)(fold)
""":func:`fold`, cached: for the names of the network, matched again and again."""
