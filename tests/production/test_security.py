"""Security of the scaled-out profile: the HTTP API needs a token or a JWT, CORS only for the configured
origins (socket.io included, at the load balancer), secrets only from the environment, and no personal data
in any log."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from bot import settings
from prod_support import ALLOWED_ORIGIN, JWT_SECRET, post_json, say

pytestmark = pytest.mark.services


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _jwt(secret, role="admin", username="drift"):
    import jwt

    return jwt.encode({"user": {"username": username, "role": role}, "exp": int(time.time()) + 300},
                      secret, algorithm="HS256")


def test_http_api_needs_a_token_or_a_jwt(scaled):
    for base in (scaled.replica_urls[0], scaled.proxy_url):
        assert _get(f"{base}/status")[0] == 401
        assert _get(f"{base}/status?token=forkert")[0] == 401
        assert _get(f"{base}/status?token={scaled.token}")[0] == 200
        bearer = {"Authorization": f"Bearer {_jwt(JWT_SECRET)}"}
        assert _get(f"{base}/status", bearer)[0] == 200
        forged = {"Authorization": f"Bearer {_jwt('en-anden-hemmelighed-' + uuid.uuid4().hex)}"}
        assert _get(f"{base}/status", forged)[0] == 401
    # A JWT for one conversation ("user" role) cannot read another's.
    sender = f"jwt-{uuid.uuid4().hex}"
    say(scaled.proxy_url, sender, "hej")
    own = {"Authorization": f"Bearer {_jwt(JWT_SECRET, role='user', username=sender)}"}
    other = {"Authorization": f"Bearer {_jwt(JWT_SECRET, role='user', username='en-anden')}"}
    assert _get(f"{scaled.proxy_url}/conversations/{sender}/tracker", own)[0] == 200
    assert _get(f"{scaled.proxy_url}/conversations/{sender}/tracker", other)[0] == 403


def test_cors_only_for_configured_origins(scaled):
    def preflight(origin):
        request = urllib.request.Request(
            f"{scaled.proxy_url}/webhooks/rest/webhook", method="OPTIONS",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "content-type"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return {k.lower(): v for k, v in response.headers.items()}

    assert preflight(ALLOWED_ORIGIN).get("access-control-allow-origin") == ALLOWED_ORIGIN
    assert "access-control-allow-origin" not in preflight("https://ondsindet.example")
    # Browsers do not apply CORS to websockets, so the load balancer checks the Origin of socket.io.
    import asyncio

    import aiohttp

    url = f"{scaled.proxy_url}/socket.io/?EIO=4&transport=websocket"

    async def handshake(origin):
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(url, headers={"Origin": origin}) as ws:
                    return 101, (await ws.receive(timeout=10)).data
            except aiohttp.WSServerHandshakeError as refused:
                return refused.status, ""

    assert asyncio.run(handshake("https://ondsindet.example"))[0] == 403
    status, opening = asyncio.run(handshake(ALLOWED_ORIGIN))
    assert status == 101 and opening.startswith("0{") and '"sid"' in opening  # engine.io's open packet
    # Long polling (which would need sticky sessions) is refused.
    assert _get(url.replace("websocket", "polling"), {"Origin": ALLOWED_ORIGIN})[0] == 400


def test_scaled_profile_takes_secrets_only_from_the_environment(tmp_path):
    from bot.deploy import profile

    found = " ".join(profile.problems({}))
    for name in ("TRACKER_DB_URL", "KB_URL", "REDIS_URL", "RASA_API_TOKEN", "CORS_ORIGINS"):
        assert name in found
    complete = {
        "TRACKER_DB_URL": "postgresql://rasa:hemmelig@db/parathed", "KB_URL": "postgresql://kb@db/parathed",
        "REDIS_URL": "redis://:hemmelig@redis:6379/1", "RASA_API_TOKEN": "t" * 40,
        "CORS_ORIGINS": "https://www.kommune.example",
    }
    assert profile.problems(complete) == []
    assert profile.problems({**complete, "RASA_API_TOKEN": "kort"})
    assert profile.problems({**complete, "CORS_ORIGINS": "*"})
    assert profile.problems({**complete, "TRACKER_DB_URL": "sqlite:///var/tracker.sqlite3"})
    # A replica refuses to start without them (and does not invent a token file).
    env = {k: v for k, v in os.environ.items() if k not in complete and k != "RASA_API_TOKEN"}
    env.update(DEPLOY_PROFILE="scaled", VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "bot.deploy", "replica"], cwd=settings.ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "RASA_API_TOKEN" in result.stderr
    assert not (tmp_path / "api-token").exists()


SECRET_KEY = re.compile(r"(?i)(password|passwd|secret|token|api_key)")
ASSIGNMENT = re.compile(r"""^\s*-?\s*["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*(.*)$""")
# Keys that name where a secret is kept, not the secret itself.
SECRET_REFERENCES = {"existingsecret", "secretname"}


def _literal_secrets(path):
    found = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if line.strip().startswith("#"):
            continue
        for part in re.split(r"(?<!\$)\{\s*|,\s+", line):  # flow maps like {secretName: x}, not ${VAR}
            match = ASSIGNMENT.match(part)
            if not match or not SECRET_KEY.search(match.group(1)):
                continue
            if match.group(1).lower() in SECRET_REFERENCES:
                continue
            value = match.group(2).split(" #")[0].strip().strip("\"'}")
            if value and not value.startswith(("$", "<")):
                found.append(f"{path.name}:{number}: {line.strip()}")
        if re.search(r"(postgresql|redis)://[^:@/\s]*:[^@$\s{…]+@", line):
            found.append(f"{path.name}:{number}: {line.strip()}")
    return found


def test_deployment_files_hold_no_secrets(tmp_path):
    files = [p for p in (settings.ROOT / "deploy").rglob("*") if p.is_file()] + [settings.ROOT / "endpoints.yml"]
    names = {p.name for p in files}
    assert {"docker-compose.yml", "values.example.yaml", "endpoints.production.yml", "Dockerfile"} <= names
    problems = [problem for path in files for problem in _literal_secrets(path)]
    assert not problems, problems
    # The check itself finds a written-down secret.
    planted = tmp_path / "x.yml"
    planted.write_text("env:\n  RASA_API_TOKEN: abc123\n  url: postgresql://rasa:hemmelig@db/x\n")
    assert len(_literal_secrets(planted)) == 2


def test_no_personal_data_in_any_log(scaled):
    """CPR numbers, phone numbers and e-mail addresses typed by users end up in no log, not even in
    replica 2's, which logs at DEBUG level."""
    cpr, phone, email = "0102031234", "20 30 40 50", "anne.jensen.borger@example.dk"
    messages = [
        f"mit cpr-nummer er {cpr[:6]}-{cpr[6:]}",
        f"ring til mig på {phone}",
        f"skriv til {email}",
        f"jeg vil gerne tale med et menneske, mit nummer er {phone}",
    ]
    for base in (*scaled.replica_urls, scaled.proxy_url):
        sender = f"persondata-{uuid.uuid4().hex}"
        for text in messages:
            status, replies, body = post_json(f"{base}/webhooks/rest/webhook", {"sender": sender, "message": text})
            assert status == 200 and replies
            assert cpr[6:] not in body and email not in body
    # A failing request (a message during an action server fault) is logged without its text too.
    scaled.relay.set_mode("down")
    try:
        say(scaled.replica_urls[1], f"persondata-{uuid.uuid4().hex}", f"menneske tak, {email}")
    finally:
        scaled.relay.set_mode("pass")
    time.sleep(1)  # let the processes flush their logs
    logs = scaled.logs()
    assert any("DEBUG" in text for text in logs.values()), "ingen log på DEBUG-niveau at undersøge"
    for name, text in logs.items():
        assert email not in text, name
        assert phone not in text and phone.replace(" ", "") not in text, name
        assert cpr not in text and f"{cpr[:6]}-{cpr[6:]}" not in text, name
