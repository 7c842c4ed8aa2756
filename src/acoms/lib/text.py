"""Text that people type: one normalization for names, user names and legal names.

Unicode lets two different strings look the same ("ｃｍｓ-admin" and "cms-admin"; a name with a
zero-width space or a right-to-left override). Everything a person names goes through `clean_name`:
NFKC folds compatibility forms (full-width letters, ligatures) into their plain form, and control
(Cc) and format (Cf: zero-width, bidirectional overrides) characters are refused rather than silently
dropped, so the person sees what was wrong.
"""

from __future__ import annotations

import unicodedata

REFUSED_CATEGORIES = {"Cc", "Cf"}


class TextError(ValueError):
    """A name holds a character that must not be in it; the message says which and where."""


def refused_characters(value: str) -> list[tuple[int, str]]:
    """(position, Unicode name) of every control or format character in `value`."""
    return [
        (i, unicodedata.name(ch, f"U+{ord(ch):04X}"))
        for i, ch in enumerate(value)
        if unicodedata.category(ch) in REFUSED_CATEGORIES
    ]


def clean_name(value: str) -> str:
    """NFKC-normalized, surrounding white space trimmed; TextError on control or format characters."""
    if value.isascii() and value.isprintable():  # the common case, and already in NFKC form: a list of 100,000 names
        return value.strip()
    bad = refused_characters(value)
    if bad:
        position, name = bad[0]
        raise TextError(f"contains an invisible or control character ({name.lower()}) at position {position + 1}")
    return unicodedata.normalize("NFKC", value).strip()
