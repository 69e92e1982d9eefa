""""Læs mere" links: only to an official page whose address the catalogue gives in the entry's `kilde`.

    read_more("mitid.dk (https://www.mitid.dk)")   -> "https://www.mitid.dk"
    source_without_links("mitid.dk (https://www.mitid.dk)") -> "mitid.dk"
    link_problems("https://www.borger.dk/familie/fuldmagt")  -> ["... kun forsiden ..."]

The address is written in the entry's kilde (the source it came from), never made up by code. Only a
site's front page is allowed (https://www.borger.dk, https://www.mitid.dk, https://mit.dk,
https://digst.dk): deep links break when a site is rebuilt, and nobody has checked them. The chat page
turns the address into a real link; other channels show it as text.
"""
from __future__ import annotations

import re
from typing import List, Optional
from urllib.parse import urlsplit

URL = re.compile(r"https?://[^\s,;()]+")


def links_in(source: str) -> List[str]:
    return [u.rstrip(".") for u in URL.findall(source or "")]


def read_more(source: str) -> Optional[str]:
    """The first address in the kilde, when it is a front page; otherwise None."""
    for url in links_in(source):
        if not link_problems(url):
            return url
    return None


def source_without_links(source: str) -> str:
    """The kilde as a reader sees it next to a "Læs mere" line: without the addresses."""
    text = re.sub(r"\s*\(\s*https?://[^\s)]+\s*\)", "", source or "")
    text = URL.sub("", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ;,")


def link_problems(url: str) -> List[str]:
    """Danish problems with an address in a kilde (empty when it may be shown)."""
    parts = urlsplit(url)
    problems = []
    if parts.scheme != "https":
        problems.append(f"adressen {url} skal begynde med https://")
    if not parts.hostname or "." not in parts.hostname:
        problems.append(f"adressen {url} har intet gyldigt domæne")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        problems.append(f"adressen {url} skal være en hjemmesides forside (fx https://www.borger.dk), ikke en "
                        "underside, som ingen har tjekket")
    return problems


def read_more_line(source: str) -> Optional[str]:
    """The "Læs mere" line (domain response utter_read_more) for an entry's kilde, or None without a link."""
    url = read_more(source)
    if url is None:
        return None
    from bot.content.responses import response_text

    return response_text("utter_read_more", url=url)
