"""The shared conversation kit (issue 13, 16): what the features share about the words and buttons they
send, so no feature imports another (docs/architecture.md, tests/test_architecture.py).

How catalogue text is cut, joined and named in a reply (text.py), where the "Læs mere" links come from
(links.py), the responses in domain/*.yml (responses.py), the operator's contact lines (contact.py), the
one message type all features answer in (message.py) and button payloads (payloads.py); and what several
features pick from the catalogue: the citizen help topics, their intents and buttons (citizen_topics.py),
the training offers that fit a role (role_offers.py) and good practices for the biggest gaps against a
role profile (gap_practices.py). No Danish sentences live here; only the rules for handling them."""
