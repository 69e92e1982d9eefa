"""What the chat's entry says when a request fails (the REST guards, the load balancer and the Rasa
server's own failures) is content in domain/service_texts.yml: an editor's change is what the client
reads, and the load balancer's configuration stays valid whatever the editor writes."""
from __future__ import annotations

import json
import re

import pytest

from bot.deploy.guards import problem
from bot.deploy.haproxy import ERROR_RESPONSES, LoadBalancer
from domain_edits import edited_domain  # noqa: F401 - a fixture


@pytest.fixture
def domain(edited_domain):
    """edit(old, new) changes domain/service_texts.yml as the editor's responses page would."""
    return lambda old, new: edited_domain("service_texts.yml", old, new)


@pytest.mark.parametrize("body, expected", [
    ([1, 2, 3], 'Forespørgslen skal være et JSON-objekt med felterne "sender" og "message".'),
    ({"message": "hej"}, 'Feltet "sender" mangler eller er tomt; det skal være samtalens id som tekst.'),
    ({"sender": "x" * 300, "message": "hej"}, 'Feltet "sender" må højst være 255 tegn.'),
    ({"sender": "x", "message": {"tekst": "hej"}}, 'Feltet "message" skal være tekst.'),
    ({"sender": "x", "message": "hej", "metadata": "ikke et objekt"}, 'Feltet "metadata" skal være et JSON-objekt.'),
])
def test_a_malformed_rest_request_is_explained_in_danish(body, expected):
    assert problem(body) == expected


def test_a_good_rest_request_has_no_problem():
    assert problem({"sender": "x", "message": "hej", "metadata": {"audience": "citizen"}}) is None


def test_the_rest_explanations_follow_the_editor(domain):
    domain("må højst være {max_chars} tegn.", "er for langt (højst {max_chars} tegn).")
    assert problem({"sender": "x" * 300}) == 'Feltet "sender" er for langt (højst 255 tegn).'


def _bodies(config: str):
    """The JSON bodies in an HAProxy configuration, decoded."""
    return [json.loads(body)["error"] for body in re.findall(r"string '([^']*)'", config)]


def test_the_load_balancer_answers_with_the_domain_texts():
    from bot.content.responses import response_text

    config = LoadBalancer(listen="0.0.0.0:5005", replicas=["rasa-1:5005"], allowed_origins=["https://kommune.dk"],
                          actions_listen="0.0.0.0:5055", action_servers=["actions-1:5055"]).config()
    found = set(_bodies(config))
    assert found == {response_text(name) for name in ERROR_RESPONSES.values()}
    assert "Assistenten er ikke tilgængelig lige nu. Prøv igen om lidt." in found


def test_an_apostrophe_from_the_editor_keeps_the_configuration_valid(domain):
    domain("Beskeden er for stor.", "Beskeden er for stor; den må ikke fylde så meget, så 'kort' er godt.")
    config = LoadBalancer(listen="0.0.0.0:5005", replicas=["rasa-1:5005"]).config()
    assert "Beskeden er for stor; den må ikke fylde så meget, så 'kort' er godt." in _bodies(config)
    for line in config.splitlines():
        assert line.count("'") in (0, 2), line  # one quoted string per line, nothing cut off


def test_the_rasa_servers_failure_texts_follow_the_editor(domain):
    from bot.deploy.rasa_patches import failure_text

    domain("Undskyld, der opstod en teknisk fejl", "Beklager, der opstod en teknisk fejl")
    assert failure_text().startswith("Beklager, der opstod en teknisk fejl, så jeg kunne ikke svare")
