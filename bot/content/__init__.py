"""Content helpers (issue 13): how catalogue text is cut, joined and named in a reply, and where the
"Læs mere" links come from. No Danish sentences live here; only the rules for handling them."""
