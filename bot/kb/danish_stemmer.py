"""The Snowball stemming algorithm for Danish (snowballstem.org/algorithms/danish), in plain Python.

It cuts inflection endings so that "ambassadører", "ambassadøren" and "ambassadør" meet in one stem.
Input is expected in lowercase.
"""
from __future__ import annotations

_VOWELS = set("aeiouyæåø")
_S_ENDINGS = set("abcdfghjklmnoprtvyzå")
_STEP1 = sorted(
    "hed ethed ered e erede ende erende ene erne ere en heden eren er heder erer heds es endes erendes enes "
    "ernes eres ens hedens erens ers ets erets et eret".split(),
    key=len,
    reverse=True,
)
_STEP2 = ("gd", "dt", "gt", "kt")
_STEP3 = sorted(["ig", "lig", "elig", "els"], key=len, reverse=True)


def _r1(word: str) -> int:
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return max(i + 1, 3)
    return len(word)


def _step2(word: str, r1: int) -> str:
    for suffix in _STEP2:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            return word[:-1]
    return word


def stem(word: str) -> str:
    if len(word) < 3:
        return word
    r1 = _r1(word)
    # Step 1
    for suffix in _STEP1:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= r1 and len(word) >= 2 and word[-2] in _S_ENDINGS:
            word = word[:-1]
    # Step 2
    word = _step2(word, r1)
    # Step 3
    if word.endswith("igst"):
        word = word[:-2]
    for suffix in _STEP3:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = _step2(word[: -len(suffix)], r1)
            break
    else:
        if word.endswith("løst") and len(word) - 4 >= r1:
            word = word[:-1]
    # Step 4: undouble a final double consonant in R1
    if len(word) - 2 >= r1 and len(word) >= 2 and word[-1] not in _VOWELS and word[-1] == word[-2]:
        word = word[:-1]
    return word
