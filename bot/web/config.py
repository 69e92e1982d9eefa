"""Settings of the web server.

Ports, the bind address and Rasa's HTTP address come from bot.settings (WEB_PORT, BIND_HOST,
RASA_PORT, RASA_URL, RASA_API_TOKEN). Two more are read here from the environment:

CHAT_SOCKET_URL       where the browser reaches Rasa's socket.io; default empty, which means the
                      page's own host name on RASA_PORT (e.g. http://intranet.example:5005)
CHAT_FRAME_ANCESTORS  which sites may show the chat in an iframe (the embed snippet), as a
                      CSP frame-ancestors source list; default "*" (any site)
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot import settings

_SOURCE = re.compile(r"^[A-Za-z0-9*.:/_\-\[\]']+$")


@dataclass(frozen=True)
class WebConfig:
    rasa_url: str
    socket_url: str
    frame_ancestors: str
    rasa_port: int

    @classmethod
    def from_env(cls) -> "WebConfig":
        rasa_url = settings.rasa_url().rstrip("/")
        socket_url = (os.environ.get("CHAT_SOCKET_URL") or "").strip().rstrip("/")
        if socket_url and urlsplit(socket_url).scheme not in ("http", "https"):
            raise SystemExit(f"CHAT_SOCKET_URL skal begynde med http:// eller https://, ikke {socket_url!r}")
        ancestors = " ".join(
            part for part in (os.environ.get("CHAT_FRAME_ANCESTORS") or "*").split() if _SOURCE.match(part)
        ) or "'self'"
        return cls(rasa_url=rasa_url, socket_url=socket_url, frame_ancestors=ancestors,
                   rasa_port=settings.rasa_port())
