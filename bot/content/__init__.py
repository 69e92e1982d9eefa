"""What every feature shares about the words it sends (issue 13, 16): how catalogue text is cut, joined
and named in a reply (text.py), where the "Læs mere" links come from (links.py), the responses in
domain/*.yml (responses.py), the operator's contact lines (contact.py) and the one message type all
features answer in (message.py). No Danish sentences live here; only the rules for handling them."""
