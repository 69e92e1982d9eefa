"""Replaying the fixed Danish conversations over REST at several levels of concurrency.

Each level replays whole conversations (a fresh sender id each time) with `concurrency` of them in
flight at once, each sending its turns one after the other as a person would. Per message it records
the time from sending the request to having the whole answer. Errors are HTTP statuses other than 200,
timeouts and broken connections; answers without any message are counted separately.
"""
from __future__ import annotations

import asyncio
import json
import math
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

CONVERSATIONS = Path(__file__).with_name("conversations.yml")


@dataclass
class Conversation:
    name: str
    turns: List[str]
    metadata: Dict[str, str] = field(default_factory=dict)


def load_conversations(path: Path = CONVERSATIONS) -> List[Conversation]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Conversation(c["name"], list(c["turns"]), dict(c.get("metadata") or {})) for c in data["conversations"]]


def percentile(values: List[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 100 values is the 95th smallest)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass
class LevelResult:
    concurrency: int
    latencies_ms: List[float] = field(default_factory=list)
    errors: int = 0
    empty: int = 0
    seconds: float = 0.0
    error_kinds: Dict[str, int] = field(default_factory=dict)
    rasa_cpu_s: float = 0.0    # CPU time the Rasa server used meanwhile
    action_cpu_s: float = 0.0  # CPU time the action server used meanwhile

    def merge(self, other: "LevelResult") -> None:
        self.latencies_ms += other.latencies_ms
        self.errors += other.errors
        self.empty += other.empty
        self.seconds += other.seconds
        self.rasa_cpu_s += other.rasa_cpu_s
        self.action_cpu_s += other.action_cpu_s
        for kind, n in other.error_kinds.items():
            self.error_kinds[kind] = self.error_kinds.get(kind, 0) + n

    @property
    def rasa_cpu_ms(self) -> float:
        return self.rasa_cpu_s * 1000 / len(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def action_cpu_ms(self) -> float:
        return self.action_cpu_s * 1000 / len(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def messages(self) -> int:
        return len(self.latencies_ms) + self.errors

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 0.50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 0.95)

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {"concurrency": self.concurrency, "messages": self.messages, "errors": self.errors,
                "empty": self.empty, "p50_ms": round(self.p50, 1), "p95_ms": round(self.p95, 1),
                "throughput_per_s": round(self.throughput, 2), "seconds": round(self.seconds, 2),
                "rasa_cpu_ms_per_message": round(self.rasa_cpu_ms, 1),
                "action_cpu_ms_per_message": round(self.action_cpu_ms, 1),
                "error_kinds": self.error_kinds}


async def replay(url: str, conversations: List[Conversation], concurrency: int, n_conversations: int,
                 timeout: float = 120.0, tag: str = "bench") -> LevelResult:
    """Replay `n_conversations` conversations (cycling through the set), `concurrency` at a time."""
    import aiohttp

    result = LevelResult(concurrency)
    queue: asyncio.Queue = asyncio.Queue()
    for i in range(n_conversations):
        queue.put_nowait(conversations[i % len(conversations)])
    webhook = f"{url.rstrip('/')}/webhooks/rest/webhook"

    def failed(kind: str) -> None:
        result.errors += 1
        result.error_kinds[kind] = result.error_kinds.get(kind, 0) + 1

    async def worker(session) -> None:
        while True:
            try:
                conversation = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            sender = f"{tag}-{conversation.name}-{uuid.uuid4().hex[:12]}"
            for turn in conversation.turns:
                payload = {"sender": sender, "message": turn, "metadata": conversation.metadata}
                started = time.perf_counter()
                try:
                    async with session.post(webhook, data=json.dumps(payload),
                                            headers={"Content-Type": "application/json"}) as response:
                        body = await response.read()
                        elapsed = (time.perf_counter() - started) * 1000
                        if response.status != 200:
                            failed(f"HTTP {response.status}")
                            continue
                        replies = json.loads(body)
                except asyncio.TimeoutError:
                    failed("timeout")
                    continue
                except (aiohttp.ClientError, ValueError) as exc:
                    failed(type(exc).__name__)
                    continue
                result.latencies_ms.append(elapsed)
                if not replies:
                    result.empty += 1

    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result


def peak_memory_mb(pid: int) -> Optional[float]:
    """Peak resident memory (VmHWM) of a process and its children, in MB."""
    def hwm(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            return 0
        return 0

    def children(p: int) -> List[int]:
        found = []
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                found += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
        return found

    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += hwm(p)
        stack += children(p)
    return total / 1024 if total else None


def _tree(pid: int) -> List[int]:
    found, stack = [], [pid]
    while stack:
        p = stack.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                stack += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its children."""
    import os

    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / ticks
