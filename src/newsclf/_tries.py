"""Word lists as prefix-factored regex alternations (character tries).

A flat alternation ``a|b|c|...`` makes ``re`` try every word at each start position; the
trie form tries one branch per next character, so the same strings match in fewer steps.
Used by the claims cue scan, the gazetteer's context patterns and the country cues.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["trie_regex", "trie_alternation"]


def trie_regex(words: Iterable[str], *, space: str = r"\s+") -> str:
    """A prefix-factored alternation of ``words`` (much faster in ``re`` than a flat one).

    A space in a word becomes ``space`` (any run of white space by default; pass
    ``re.escape(" ")`` for literal strings); every other character is escaped.
    """
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            piece = space if ch == " " else re.escape(ch)
            alts.append(piece + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


def trie_alternation(words: Iterable[str]) -> str:
    """The literal ``words`` (spaces included) as one group: a character trie."""
    return "(?:" + trie_regex(words, space=re.escape(" ")) + ")"
