"""`python -m bot bench --profile`: where the time of one message goes.

Loads the current model into an in-process Rasa Agent with the same tracker store as the server
(bot.deploy.stores on a fresh SQLite file), the same patches and a real action server, replays the
benchmark's conversations, and prints (1) the time per message spent in each stage of Rasa's message
handling and (2) the functions with the most time of their own (cProfile). The HTTP layer (Sanic,
JSON of the REST channel) is not included: it is measured by the benchmark itself.
"""
from __future__ import annotations

import asyncio
import cProfile
import functools
import io
import os
import pstats
import socket
import time
import uuid
from collections import defaultdict
from typing import Callable, Dict

from bot import settings

STAGES = [
    # (label, module path, class name, method name)
    ("NLU: tolkning af beskeden", "rasa.core.processor", "MessageProcessor", "parse_message"),
    ("Politikker: næste handling", "rasa.core.processor", "MessageProcessor", "_predict_next_with_tracker"),
    ("Handlingsserveren (HTTP-kald)", "rasa.core.actions.action", "RemoteAction", "run"),
    ("Svartekster (NLG)", "rasa.core.nlg.response", "TemplatedNaturalLanguageGenerator", "generate"),
    ("Samtalelager: læs", "bot.deploy.stores", "ResilientSQLTrackerStore", "_retrieve"),
    ("Samtalelager: gem", "bot.deploy.stores", "ResilientSQLTrackerStore", "save"),
]


def _timed(totals: Dict[str, float], label: str, method: Callable) -> Callable:
    if asyncio.iscoroutinefunction(method):
        @functools.wraps(method)
        async def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return await method(*args, **kwargs)
            finally:
                totals[label] += time.perf_counter() - started
        return wrapper

    @functools.wraps(method)
    def sync_wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - started
    return sync_wrapper


def profile(model=None, rounds: int = 3) -> int:
    import importlib

    os.environ.update(settings.rasa_env())
    import logging

    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.INFO)
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.tracker_store import FailSafeTrackerStore
    from rasa.utils.endpoints import EndpointConfig

    from bot.bench.runner import load_conversations
    from bot.deploy.stores import ResilientSQLTrackerStore
    from bot.run import build_knowledge_base
    from bot.stack import action_server, wait_healthy
    from bot.training import train_if_needed

    build_knowledge_base()
    model = model or train_if_needed()
    workdir = settings.VAR_DIR / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "profile-tracker.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        (workdir / f"{database.name}{suffix}").unlink(missing_ok=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    actions = action_server(port, workdir / "profile-actions.log")
    actions.start()
    totals: Dict[str, float] = defaultdict(float)
    nodes: Dict[str, float] = defaultdict(float)
    conversations = load_conversations()
    try:
        wait_healthy([actions], timeout=180)

        async def run() -> int:
            agent = Agent.load(str(model), action_endpoint=EndpointConfig(url=f"http://127.0.0.1:{port}/webhook"))
            store = ResilientSQLTrackerStore(agent.domain, host=f"sqlite:///{database}")
            agent.tracker_store = FailSafeTrackerStore(store)  # as `rasa run` wraps it
            agent.processor.tracker_store = agent.tracker_store

            async def replay(tag: str) -> int:
                count = 0
                for conversation in conversations:
                    sender = f"{tag}-{uuid.uuid4().hex[:8]}"
                    for turn in conversation.turns:
                        await agent.handle_message(UserMessage(turn, CollectingOutputChannel(), sender,
                                                               metadata=conversation.metadata))
                        count += 1
                return count

            await replay("opvarmning")
            for label, module, cls, name in STAGES:
                owner = getattr(importlib.import_module(module), cls)
                setattr(owner, name, _timed(totals, label, getattr(owner, name)))
            _time_graph_nodes(nodes)
            messages = 0
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for i in range(rounds):
                messages += await replay(f"profil{i}")
            profiler.disable()
            if os.environ.get("PROFILE_DUMP"):
                profiler.dump_stats(os.environ["PROFILE_DUMP"])
            totals["I alt (Agent.handle_message)"] = time.perf_counter() - started
            _print(totals, messages, profiler, nodes)
            return messages

        asyncio.run(run())
    finally:
        actions.stop()
    return 0


def _time_graph_nodes(nodes: Dict[str, float]) -> None:
    """Time of each node of Rasa's graph (NLU components and policies), by node name."""
    from rasa.engine.graph import GraphNode

    original = GraphNode.__call__

    def call(self, *inputs):
        started = time.perf_counter()
        try:
            return original(self, *inputs)
        finally:
            nodes[self._node_name] += time.perf_counter() - started

    GraphNode.__call__ = call


def _print(totals: Dict[str, float], messages: int, profiler: cProfile.Profile, nodes: Dict[str, float]) -> None:
    total = totals.pop("I alt (Agent.handle_message)")
    print(f"\nHvor tiden går ({messages} beskeder i processen, uden HTTP; cProfile gør alt lidt langsommere):")
    print(f"{'trin':<34} {'ms pr. besked':>14} {'andel':>7}")
    accounted = 0.0
    for label, _module, _cls, _name in STAGES:
        seconds = totals.get(label, 0.0)
        if not label.startswith("Svartekster"):  # NLG also runs inside the action stage: not summed
            accounted += seconds
        print(f"{label:<34} {seconds / messages * 1000:>14.1f} {seconds / total:>7.0%}")
    rest = max(0.0, total - accounted)
    print(f"{'Resten (Rasas egen styring m.m.)':<34} {rest / messages * 1000:>14.1f} {rest / total:>7.0%}")
    print(f"{'I alt':<34} {total / messages * 1000:>14.1f} {1:>7.0%}")
    print("\nRasas graf, de tungeste knuder (NLU-komponenter og politikker), ms pr. besked:")
    for name, seconds in sorted(nodes.items(), key=lambda item: -item[1])[:12]:
        print(f"  {name:<60} {seconds / messages * 1000:>7.1f}")
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(15)
    print("\nFunktioner med mest egen tid:")
    print("\n".join(line for line in stream.getvalue().splitlines()[4:] if line.strip()))
