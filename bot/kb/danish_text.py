"""Danish text normalisation for search: words, stop words, stems, trigrams and compound splitting."""
from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterable, List, Optional, Sequence, Set, Tuple

from .danish_stemmer import stem

_LETTERS = "0-9a-zæøå"
# Accented letters are written plainly (café -> cafe), the way most people type them.
_ACCENTS = str.maketrans({"é": "e", "è": "e", "ê": "e", "á": "a", "à": "a", "í": "i", "ó": "o", "ú": "u",
                          "ü": "u", "ö": "ø", "ä": "æ"})
_WORD = re.compile(rf"[{_LETTERS}]+(?:[-'’][{_LETTERS}]+)*")

# Snowball's Danish stop words plus question words that carry no topic.
STOP_WORDS: Set[str] = set(
    """
    ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din disse dog du efter
    eller en end er et for fra ham han hans har havde have hende hendes her hos hun hvad hvis hvor i ikke ind jeg
    jer jo kunne man mange med meget men mig min mine mit mod ned noget nogle nu når og også om op os over på selv
    sig sin sine sit skal skulle som sådan thi til ud under var vi vil ville vor være været
    hvordan hvilke hvilken hvilket hvornår hvorfor hvem kan gør gøre gerne nogen kunne vores jeres finde finder
    find hej tak
    the and of
    """.split()
)
MIN_PART = 3  # shortest word part accepted when splitting compounds
LINKING = ("s", "e")  # Danish linking letters: informations|s|sikkerhed, barne|pige


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower().replace("’", "'").translate(_ACCENTS)


def words(text: str) -> List[str]:
    """Lowercase words; a hyphenated word gives its parts and the parts joined ("it-café" -> it, café, itcafé)."""
    out: List[str] = []
    for match in _WORD.finditer(normalise(text)):
        token = match.group(0)
        parts = [p for p in re.split(r"[-'’]", token) if p]
        out.extend(parts)
        if len(parts) > 1:
            out.append("".join(parts))
    return out


def is_content_word(word: str) -> bool:
    return word not in STOP_WORDS and (len(word) > 1 or word.isdigit())


def content_words(text: str) -> List[str]:
    return [w for w in words(text) if is_content_word(w)]


def stems(text: str) -> List[str]:
    return [stem(w) for w in content_words(text)]


def trigrams(term: str) -> Set[str]:
    padded = f"  {term} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: Set[str], b: Set[str]) -> float:
    """Jaccard similarity of two trigram sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def split_compound(
    word: str, known: Callable[[str], bool], max_parts: int = 3
) -> Optional[List[str]]:
    """Split `word` into known words, fewest parts first, allowing a linking s or e between parts.

    `known(part)` says whether a part is a word of the vocabulary. Returns None when no split exists.
    "digitaleambassadører" -> ["digitale", "ambassadører"]; "informationssikkerhed" -> ["information", "sikkerhed"].
    """
    for parts in range(2, max_parts + 1):
        found = _split(word, known, parts)
        if found:
            return found
    return None


def _split(word: str, known: Callable[[str], bool], parts: int) -> Optional[List[str]]:
    if parts == 1:
        return [word] if len(word) >= MIN_PART and known(word) else None
    # Prefer a long first part (Danish compounds put the modifier first, but long parts are more telling).
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        candidates: List[Tuple[str, str]] = [(head, tail)]
        for link in LINKING:
            if head.endswith(link) and len(head) - 1 >= MIN_PART:
                candidates.append((head[:-1], tail))
        for first, rest in candidates:
            if known(first):
                tail_split = _split(rest, known, parts - 1)
                if tail_split:
                    return [first] + tail_split
    return None


def unique(items: Iterable[str]) -> List[str]:
    seen: Set[str] = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def sentences(text: str) -> List[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def stem_all(tokens: Sequence[str]) -> List[str]:
    return [stem(t) for t in tokens]
