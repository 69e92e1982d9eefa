"""The production profile's pieces on their own: connection budget, endpoints file, the atomic Redis
lock store against the real Redis, the reused action-response validator."""
from __future__ import annotations

import threading
import uuid

import pytest

from bot.deploy.profile import PRODUCTION_ENDPOINTS, Budget


def test_connection_budget_adds_up_and_is_checked_against_postgres_limits():
    budget = Budget(rasa_replicas=4, sanic_workers=1, pool_size=2, max_overflow=2, action_replicas=2,
                    action_workers=1, kb_pool=15, other=5)
    assert budget.rasa == 16 and budget.actions == 30 and budget.total == 51
    assert budget.fits(100) and not budget.fits(50)
    assert "I alt højst 51 forbindelser" in budget.lines()[-1]
    # Rasa's own defaults (50 + 100 per process) would not fit even one replica under 100.
    assert not Budget(1, 1, 50, 100, 0, 1, 0, 0).fits(100)


def test_production_endpoints_take_everything_from_the_environment(monkeypatch):
    from rasa.core.utils import read_endpoints_from_path

    env = {"ACTION_ENDPOINT_URL": "http://actions:5055/webhook",
           "TRACKER_DB_URL": "postgresql://rasa@db:5432/parathed",
           "REDIS_URL": "redis://redis:6379/1", "REDIS_KEY_PREFIX": "kommune"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    endpoints = read_endpoints_from_path(PRODUCTION_ENDPOINTS)
    assert endpoints.action.url == env["ACTION_ENDPOINT_URL"]
    assert endpoints.tracker_store.type == "bot.deploy.stores.ResilientSQLTrackerStore"
    assert endpoints.tracker_store.url == env["TRACKER_DB_URL"]
    assert endpoints.lock_store.type == "bot.deploy.stores.AtomicRedisLockStore"
    assert endpoints.lock_store.url == env["REDIS_URL"]
    assert endpoints.lock_store.kwargs["key_prefix"] == "kommune"


@pytest.mark.services
def test_redis_lock_tickets_are_unique_across_concurrent_processes(redis_target):
    """Many threads (as stand-ins for replicas, each with its own connection) draw tickets for one
    conversation at once: every ticket number is handed out exactly once."""
    from rasa.utils.endpoints import EndpointConfig

    from bot.deploy.stores import AtomicRedisLockStore

    url, prefix = redis_target
    stores = [AtomicRedisLockStore(EndpointConfig(url=url, key_prefix=prefix)) for _ in range(4)]
    conversation = f"lås-{uuid.uuid4().hex}"
    tickets, lock = [], threading.Lock()

    def draw(store):
        for _ in range(50):
            number = store.issue_ticket(conversation, 60)
            with lock:
                tickets.append(number)

    threads = [threading.Thread(target=draw, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(tickets) == list(range(200))
    key = stores[0].key_prefix + conversation
    assert 0 < stores[0].red.pttl(key) <= 61_000  # the lock expires with its last ticket
    for number in range(200):
        stores[number % 4].cleanup(conversation, number)
    assert not stores[0].red.exists(key)


@pytest.mark.services
def test_redis_lock_serialises_one_conversation(redis_target):
    import asyncio

    from rasa.utils.endpoints import EndpointConfig

    from bot.deploy.stores import AtomicRedisLockStore

    url, prefix = redis_target
    stores = [AtomicRedisLockStore(EndpointConfig(url=url, key_prefix=prefix)) for _ in range(2)]
    conversation = f"lås-{uuid.uuid4().hex}"
    inside, overlaps, order = [0], [], []

    async def work(store, n):
        async with store.lock(conversation):
            inside[0] += 1
            overlaps.append(inside[0])
            order.append(n)
            await asyncio.sleep(0.02)
            inside[0] -= 1

    async def main():
        await asyncio.gather(*(work(stores[n % 2], n) for n in range(10)))

    asyncio.run(main())
    assert max(overlaps) == 1 and sorted(order) == list(range(10))


@pytest.mark.services
def test_redis_lock_is_renewed_while_held_and_freed_seconds_after_its_holder_dies(redis_target, monkeypatch):
    """A holder that works longer than the ticket lifetime keeps the conversation to itself (its
    ticket is renewed); a holder killed with SIGKILL frees it within about one lifetime."""
    import asyncio
    import os
    import signal
    import subprocess
    import sys
    import time

    from rasa.utils.endpoints import EndpointConfig

    from bot.deploy.stores import AtomicRedisLockStore

    monkeypatch.setenv("LOCK_LIFETIME_SECONDS", "1")
    url, prefix = redis_target
    first, second = (AtomicRedisLockStore(EndpointConfig(url=url, key_prefix=prefix)) for _ in range(2))
    conversation = f"lås-{uuid.uuid4().hex}"
    events = []

    async def hold(store, name, seconds):
        async with store.lock(conversation):
            events.append((name, "ind", time.monotonic()))
            await asyncio.sleep(seconds)
            events.append((name, "ud", time.monotonic()))

    async def main():
        holder = asyncio.ensure_future(hold(first, "a", 3.0))  # three lifetimes
        await asyncio.sleep(0.2)
        await hold(second, "b", 0)
        await holder

    asyncio.run(main())
    assert [e[:2] for e in events] == [("a", "ind"), ("a", "ud"), ("b", "ind"), ("b", "ud")]

    # A real process takes the lock, is killed while holding it; the other store gets in soon after.
    script = (
        "import asyncio, sys\n"
        "from rasa.utils.endpoints import EndpointConfig\n"
        "from bot.deploy.stores import AtomicRedisLockStore\n"
        f"store = AtomicRedisLockStore(EndpointConfig(url={url!r}, key_prefix={prefix!r}))\n"
        "async def main():\n"
        f"    async with store.lock({conversation!r}):\n"
        "        print('holder', flush=True)\n"
        "        await asyncio.sleep(120)\n"
        "asyncio.run(main())\n"
    )
    env = {**os.environ, "LOCK_LIFETIME_SECONDS": "1"}
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout.readline().strip() == "holder"
        time.sleep(2.5)  # longer than the lifetime: the live holder's ticket is renewed meanwhile
        assert first.get_lock(conversation) is not None
        assert first.get_lock(conversation).now_serving == 0
        child.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        child.wait(10)

        async def take():
            async with first.lock(conversation):
                return time.monotonic() - killed

        waited = asyncio.run(asyncio.wait_for(take(), 10))
    finally:
        if child.poll() is None:
            child.kill()
    assert waited < 2.0, f"låsen blev først fri {waited:.1f} s efter, at dens indehaver døde"


RESPONSES = [
    {"events": [{"event": "slot", "name": "audience", "value": "citizen"}], "responses": [{"text": "Hej"}]},
    {"events": [], "responses": []},
    {},
    {"events": [{"event": "session_started"}, {"event": "action", "name": "action_listen", "policy": None,
                                                "confidence": None, "timestamp": 1.5}]},
    {"events": [{"event": "user", "text": "hej", "parse_data": {"intent": {"name": "greet", "confidence": 1.0},
                                                                "entities": []}}]},
    {"events": [{"event": "slot", "timestamp": "i går"}]},
    {"events": [{"event": "ukendt"}]},
    {"events": [{"name": "uden type"}]},
    {"events": ["ikke et objekt"]},
    {"events": [{"event": "user", "parse_data": {"entities": [{"start": "nul"}]}}]},
    {"events": [{"event": "action", "name": 5}]},
    {"events": {"event": "slot"}},
    {"responses": "ikke en liste"},
    {"responses": ["ikke et objekt"]},
    {"events": [{"event": "slot", "name": "x", "metadata": "ikke et objekt"}]},
    [],
]


@pytest.mark.parametrize("response", RESPONSES)
def test_reused_validator_accepts_and_rejects_exactly_like_rasa(response):
    from jsonschema import ValidationError, validate
    from rasa.core.actions.action import RemoteAction

    from bot.deploy.rasa_patches import _validate_action_result

    try:
        validate(response, RemoteAction.action_response_format_spec())
        rasa_accepts = True
    except ValidationError:
        rasa_accepts = False
    try:
        ours_accepts = _validate_action_result(None, response)
    except ValidationError:
        ours_accepts = False
    assert ours_accepts == rasa_accepts


def test_deployment_examples_parse_and_name_real_commands():
    """docker-compose.yml and the Kubernetes values cannot be run here (no Docker); at least they
    parse, and every `python -m bot.deploy …` command and option they use exists."""
    import yaml

    from bot import settings
    from bot.deploy.__main__ import build_parser

    compose = yaml.safe_load((settings.ROOT / "deploy" / "docker-compose.yml").read_text())
    values = yaml.safe_load((settings.ROOT / "deploy" / "k8s" / "values.example.yaml").read_text())
    commands = [s["command"] for s in compose["services"].values() if isinstance(s.get("command"), list)]
    commands += [v["command"] for v in values.values() if isinstance(v, dict) and isinstance(v.get("command"), list)]
    deploy_commands = [c[3:] for c in commands if c[:3] == ["python", "-m", "bot.deploy"]]
    assert {c[0] for c in deploy_commands} == {"replica", "lb-config"}
    for args in deploy_commands:
        parsed, unknown = build_parser().parse_known_args(args)
        assert not unknown, args
    assert compose["services"]["lb"]["ports"] == ["5005:5005"]
    assert compose["services"]["lb"]["image"].startswith("haproxy:")
    assert "5005" not in str(compose["services"]["rasa-1"].get("ports", ""))  # replicas only behind HAProxy
    assert "proxy" not in {p["service"] for p in values["ingress"]["paths"]}


def test_compose_load_balancer_configuration_is_valid_for_haproxy(tmp_path, monkeypatch):
    """The lb-config command docker-compose runs writes a configuration HAProxy accepts (the
    containers' names do not resolve here; HAProxy starts such servers without an address)."""
    import subprocess

    import yaml

    from bot import settings
    from bot.deploy.__main__ import main
    from bot.deploy.haproxy import haproxy_binary

    compose = yaml.safe_load((settings.ROOT / "deploy" / "docker-compose.yml").read_text())
    args = compose["services"]["lb-config"]["command"][3:]
    out = tmp_path / "haproxy.cfg"
    args[args.index("--out") + 1] = str(out)
    monkeypatch.setenv("CORS_ORIGINS", "https://www.kommune.example,https://intranet.kommune.example")
    assert main(args) == 0
    text = out.read_text()
    assert "server rasa-2 rasa-2:5005" in text and "https://intranet.kommune.example" in text
    checked = subprocess.run([haproxy_binary(), "-c", "-f", str(out)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _session_events():
    """One conversation session, timestamped now (events are created in order)."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

    return [ActionExecuted("action_session_start"), SessionStarted(), SlotSet("audience", "citizen"),
            ActionExecuted("action_listen"), UserUttered("hej", {"name": "greet", "confidence": 1.0}),
            ActionExecuted("utter_greet"), BotUttered("Hej!"), ActionExecuted("action_listen")]


@pytest.mark.services
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_resilient_store_reads_and_writes_exactly_like_rasas(backend, tmp_path, pg_database):
    """The plain-SQL reads and the batched write give what Rasa's own SQLTrackerStore gives."""
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot import settings
    from bot.deploy.stores import ResilientSQLTrackerStore

    url = f"sqlite:///{tmp_path / 'events.sqlite3'}" if backend == "sqlite" else pg_database
    domain = Domain.load(str(settings.DOMAIN_PATH))
    ours = ResilientSQLTrackerStore(domain, host=url, install_rasa_patches=False)
    theirs = SQLTrackerStore(domain, host=url)
    sender = f"sammenlign-{uuid.uuid4().hex}"

    async def scenario():
        tracker = DialogueStateTracker.from_events(sender, _session_events(), domain.slots)
        await ours.save(tracker)
        await asyncio.sleep(0.01)
        tracker.update_with_events(_session_events(), domain)  # a second session
        await ours.save(tracker)
        await ours.save(tracker)  # nothing new: nothing written
        for fetch_all in (False, True):
            mine = await ours._retrieve(sender, fetch_all)
            rasa = await theirs._retrieve(sender, fetch_all)
            assert [e.as_dict() for e in mine.events] == [e.as_dict() for e in rasa.events]
        latest = await ours.retrieve(sender)  # as Rasa does: the latest session, then new events
        with ours.session_scope() as session:
            assert list(ours._additional_events(session, latest)) == []
            assert list(theirs._additional_events(session, latest)) == []
            latest.update(UserUttered("tak"))
            assert list(ours._additional_events(session, latest)) == \
                list(theirs._additional_events(session, latest)) == [latest.events[-1]]
            assert list(ours._additional_events(session, tracker)) == \
                list(theirs._additional_events(session, tracker))
        assert len((await ours.retrieve_full_tracker(sender)).events) == \
            len((await theirs.retrieve_full_tracker(sender)).events) > len((await ours.retrieve(sender)).events)
        assert await ours.retrieve("findes-ikke") is None

    asyncio.run(scenario())
    ours.engine.dispose()
    theirs.engine.dispose()


def test_a_message_sent_again_with_its_id_gets_the_stored_answer_without_being_handled_again():
    """The replay in bot/deploy/rasa_patches.py, on its own: the stored replies to the message with
    that id come back (buttons included); a message with a new id goes to Rasa's own handling."""
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.deploy import rasa_patches

    rasa_patches.install()
    store = InMemoryTrackerStore(Domain.empty())
    buttons = [{"title": "Ja", "payload": "/affirm"}]
    events = [UserUttered("hej", metadata={"message_id": "besked-0001"}), BotUttered("Hej!"),
              ActionExecuted("action_listen"),
              UserUttered("hvad er digital parathed", metadata={"message_id": "besked-0002"}),
              BotUttered("Det er at kunne bruge digitale værktøjer.", data={"buttons": buttons}),
              BotUttered("Vil du vide mere?"), ActionExecuted("action_listen")]
    asyncio.run(store.save(DialogueStateTracker.from_events("samtale", events)))
    processor = MessageProcessor.__new__(MessageProcessor)  # no model: Rasa's own handling would fail
    processor.tracker_store = store

    def send(message_id):
        channel = CollectingOutputChannel()
        message = UserMessage("hvad er digital parathed", channel, "samtale", metadata={"message_id": message_id})
        return asyncio.run(MessageProcessor.handle_message(processor, message))

    replies = send("besked-0002")
    assert [r["text"] for r in replies] == ["Det er at kunne bruge digitale værktøjer.", "Vil du vide mere?"]
    assert replies[0]["buttons"] == buttons
    with pytest.raises(AttributeError):  # a new id: handled by Rasa (here without a model)
        send("besked-0003")
    assert len(asyncio.run(store.retrieve("samtale")).events) == len(events)  # nothing stored
