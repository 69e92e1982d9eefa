"""The real servers as subprocesses: REST webhook in Danish, HTTP API behind a token."""
import json
import urllib.error
import urllib.request


def post(url, payload):
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def test_rest_webhook_greets_in_danish(rasa_stack):
    replies = post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook", {"sender": "a", "message": "hej"})
    assert replies and replies[0]["text"].startswith("Hej")


def test_rest_webhook_runs_custom_actions(rasa_stack):
    """A REST client on the citizens' site says so in metadata and gets the citizens' contact."""
    replies = post(
        f"{rasa_stack.rasa_url}/webhooks/rest/webhook",
        {"sender": "b", "message": "jeg vil gerne tale med et menneske", "metadata": {"audience": "citizen"}},
    )
    assert "Borgerservice i Testkommune" in replies[0]["text"]


def test_rest_without_audience_is_the_intranet(rasa_stack):
    replies = post(
        f"{rasa_stack.rasa_url}/webhooks/rest/webhook",
        {"sender": "b2", "message": "jeg vil gerne tale med et menneske", "metadata": {"name": "ignoreres"}},
    )
    assert "HR eller digitaliseringsenheden" in replies[0]["text"]
    assert "Borgerservice" not in replies[0]["text"]


def test_http_api_needs_the_token(rasa_stack):
    try:
        urllib.request.urlopen(f"{rasa_stack.rasa_url}/status", timeout=10)
        raise AssertionError("HTTP-API'et svarede uden token")
    except urllib.error.HTTPError as error:
        assert error.code in (401, 403)
    with urllib.request.urlopen(f"{rasa_stack.rasa_url}/status?token={rasa_stack.token}", timeout=10) as r:
        assert json.load(r)["model_file"]
