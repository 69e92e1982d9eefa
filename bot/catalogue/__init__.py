"""The content catalogue (data/catalogue/): schema, loading and validation.

    from bot.catalogue import load_catalogue, CatalogueError
    catalogue = load_catalogue()            # settings.CATALOGUE_DIR by default
    catalogue.roles["paedagog"].competence("dataanvendelse").level
    catalogue.resolve("role", "lærer")      # -> "folkeskolelaerer"
"""
from .catalogue import ENTITY_KINDS, KINDS, Catalogue
from .errors import CatalogueError, Problem
from .forms import fold_form, normalise_form
from .loader import catalogue_files, catalogue_fingerprint, load_catalogue

__all__ = [
    "Catalogue",
    "CatalogueError",
    "ENTITY_KINDS",
    "KINDS",
    "Problem",
    "catalogue_files",
    "catalogue_fingerprint",
    "fold_form",
    "load_catalogue",
    "normalise_form",
]
