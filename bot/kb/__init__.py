"""The knowledge base: built from the catalogue into SQL (SQLite or PostgreSQL), queried by the actions.

    from bot.kb import build, needs_build, search, queries
    build()                                   # settings.CATALOGUE_DIR -> settings.kb_url()
    queries.get_role("paedagog")              # RoleProfile
    search("phishing-træning for ansatte")    # [SearchHit, ...]
"""
from . import queries
from .builder import BuildResult, build, ensure_built, kb_fingerprint, needs_build
from .engine import KnowledgeBaseMissing
from .search import search

__all__ = [
    "BuildResult",
    "KnowledgeBaseMissing",
    "build",
    "ensure_built",
    "kb_fingerprint",
    "needs_build",
    "queries",
    "search",
]
