"""Whether an answer states a fact: how `gptship eval` and the training corpus's held-out
score both read an answer."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w")


def key_fact_found(answer: str, key_fact: str) -> bool:
    """Whether `answer` states `key_fact`: case-insensitive, whitespace-normalised, and whole
    tokens only at the key's edges ("30 days" is not in "130 days", "$49" not in "$49.99",
    "Rotterdam" not in "Rotterdamse")."""
    key, text = _normalise(key_fact), _normalise(answer)
    if not key:
        return False
    start = text.find(key)
    while start != -1:
        if _whole(text, start, start + len(key)):
            return True
        start = text.find(key, start + 1)
    return False


def _whole(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    if _WORD.match(text[start]) and before and _WORD.match(before[-1]):
        return False
    if _WORD.match(text[end - 1]) and after and _WORD.match(after[0]):
        return False
    # a number continued by a decimal or thousands part: "1.30 days", "$49.99"
    if text[start].isdigit() and len(before) == 2 and before[1] in ".," and before[0].isdigit():
        return False
    return not (
        text[end - 1].isdigit() and len(after) == 2 and after[0] in ".," and after[1].isdigit()
    )


def _normalise(text: str) -> str:
    """Case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())
