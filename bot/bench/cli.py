"""`python -m bot bench` (make bench): the assistant against a `rasa init` reference bot, both served by
the same `rasa run` with the same endpoints and channels, one after the other on this machine.

Prints, per bot and level of concurrency (1, 10, 50): messages, errors, p50 and p95 latency and
throughput; the Rasa server's peak memory; the ratios between the two bots; and whether the targets
are met. `--profile` shows where the time of one message goes instead (docs/benchmark.md).
"""
from __future__ import annotations

import asyncio
import json
import os
import platform
import socket
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

from bot import settings

LEVELS = [1, 10, 50]
# Conversations replayed per level (4 turns each): enough messages for a stable p95.
CONVERSATIONS_PER_LEVEL = {1: 30, 10: 60, 50: 100}
TARGET_P95_MS_AT_1 = 150.0
TARGET_THROUGHPUT_RATIO_AT_10 = 1.5


def register(subparsers) -> None:
    bench = subparsers.add_parser("bench", help="mål svartider, gennemløb og hukommelse (make bench)")
    bench.add_argument("--niveauer", dest="levels", default=",".join(map(str, LEVELS)),
                       help="samtidige samtaler, kommasepareret (standard 1,10,50)")
    bench.add_argument("--skala", dest="scale", type=float, default=1.0,
                       help="gang antallet af samtaler pr. niveau med dette tal (standard 1)")
    bench.add_argument("--uden-reference", dest="no_reference", action="store_true",
                       help="mål kun assistenten, ikke referencebotten")
    bench.add_argument("--profil", "--profile", dest="profile", action="store_true",
                       help="vis i stedet, hvor tiden går i én besked (trin og de tungeste funktioner)")
    bench.add_argument("--model", type=Path, default=None,
                       help="mål denne model i stedet for den aktuelle (som ellers trænes, hvis den mangler)")
    bench.add_argument("--streng", "--strict", dest="strict", action="store_true",
                       help="afslut med fejlkode, hvis målene ikke er nået")
    bench.set_defaults(func=_bench)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _say(text: str) -> None:
    print(text, flush=True)


@dataclass
class Bot:
    name: str
    model: Path
    server: object = None
    url: str = ""
    levels: Dict[int, object] = field(default_factory=dict)
    peak_memory_mb: float = None

    def as_report(self) -> Dict:
        return {"name": self.name, "model": self.model.name, "levels": list(self.levels.values()),
                "peak_memory_mb": self.peak_memory_mb}


def _start(bots: List[Bot], action_url: str, workdir: Path) -> None:
    from bot.stack import rasa_server, wait_healthy

    for bot in bots:
        database = workdir / f"{bot.name}-tracker.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        port = _free_port()
        bot.server = rasa_server(bot.model, port, action_url, uuid.uuid4().hex, workdir / f"{bot.name}-rasa.log",
                                 extra_env={"TRACKER_DB_URL": f"sqlite:///{database}"})
        bot.url = f"http://127.0.0.1:{port}"
        _say(f"· Starter Rasa-serveren med {bot.name} ({bot.model.name}) …")
        bot.server.start()
    wait_healthy([bot.server for bot in bots], timeout=900)


def _measure(bots: List[Bot], actions, levels: List[int], scale: float, rounds: int = 2) -> None:
    """Level by level, the bots take turns (`rounds` times each), so a change in the machine's
    background load hits them alike. Only one bot has traffic at a time."""
    from bot.bench.runner import LevelResult, cpu_seconds, load_conversations, peak_memory_mb, replay

    conversations = load_conversations()
    for bot in bots:  # warm up: TensorFlow traces its functions on the first calls
        asyncio.run(replay(bot.url, conversations, 1, len(conversations), tag="opvarmning"))
        asyncio.run(replay(bot.url, conversations, 10, 20, tag="opvarmning"))
    for level in levels:
        total = max(level * rounds, int(CONVERSATIONS_PER_LEVEL.get(level, 2 * level) * scale))
        for bot in bots:
            bot.levels[level] = LevelResult(level)
        for turn in range(rounds):
            order = bots if turn % 2 == 0 else list(reversed(bots))
            for bot in order:
                rasa_before, actions_before = cpu_seconds(bot.server.process.pid), cpu_seconds(actions.process.pid)
                result = asyncio.run(replay(bot.url, conversations, level, total // rounds, tag=f"bench{level}"))
                result.rasa_cpu_s = cpu_seconds(bot.server.process.pid) - rasa_before
                result.action_cpu_s = cpu_seconds(actions.process.pid) - actions_before
                bot.levels[level].merge(result)
        for bot in bots:
            r = bot.levels[level]
            _say(f"  {bot.name:<16} {level:>3} samtidige: {r.messages} beskeder, p95 {r.p95:.0f} ms, "
                 f"{r.throughput:.1f} beskeder/s, {r.errors} fejl")
    for bot in bots:
        bot.peak_memory_mb = peak_memory_mb(bot.server.process.pid)


def _row(level) -> str:
    return (f"{level.concurrency:>11}  {level.messages:>8}  {level.errors:>4}  {level.empty:>10}  "
            f"{level.p50:>7.0f}  {level.p95:>7.0f}  {level.throughput:>11.1f}  "
            f"{level.rasa_cpu_ms:>10.1f}  {level.action_cpu_ms:>11.1f}")


def _report(ours: Dict, reference: Dict = None) -> bool:
    header = (f"{'samtidighed':>11}  {'beskeder':>8}  {'fejl':>4}  {'tomme svar':>10}  {'p50 ms':>7}  "
              f"{'p95 ms':>7}  {'beskeder/s':>11}  {'CPU ms Rasa':>10}  {'CPU ms handl.':>11}")
    print()
    print(f"Maskine: {os.cpu_count()} kerner, {platform.machine()}, Python {platform.python_version()}; "
          f"belastning (1 min) {os.getloadavg()[0]:.1f}")
    for bot in [ours] + ([reference] if reference else []):
        print(f"\n{bot['name']} ({bot['model']}), Rasa-serverens højeste hukommelsesforbrug: "
              f"{bot['peak_memory_mb']:.0f} MB" if bot["peak_memory_mb"] else f"\n{bot['name']}")
        print(header)
        for level in bot["levels"]:
            print(_row(level))

    by_level = {l.concurrency: l for l in ours["levels"]}
    checks = []
    if 1 in by_level:
        p95 = by_level[1].p95
        checks.append((f"p95 ved 1 samtidig under {TARGET_P95_MS_AT_1:.0f} ms", p95 < TARGET_P95_MS_AT_1,
                       f"{p95:.0f} ms"))
    if reference:
        ref_by_level = {l.concurrency: l for l in reference["levels"]}
        print("\nForhold, assistenten / referencebotten:")
        print(f"{'samtidighed':>11}  {'gennemløb':>10}  {'p50':>6}  {'p95':>6}  {'CPU pr. besked (Rasa)':>22}")
        for level, mine in by_level.items():
            theirs = ref_by_level.get(level)
            if theirs and theirs.throughput:
                print(f"{level:>11}  {mine.throughput / theirs.throughput:>9.2f}×  "
                      f"{mine.p50 / theirs.p50:>5.2f}×  {mine.p95 / theirs.p95:>5.2f}×  "
                      f"{mine.rasa_cpu_ms / theirs.rasa_cpu_ms:>21.2f}×")
        if ours["peak_memory_mb"] and reference["peak_memory_mb"]:
            print(f"{'hukommelse':>11}  {ours['peak_memory_mb'] / reference['peak_memory_mb']:>9.2f}×")
        if 10 in by_level and 10 in ref_by_level:
            estimate = ref_by_level[10].rasa_cpu_ms / by_level[10].rasa_cpu_ms
            print(f"\nCPU-tid pr. besked i Rasa-serveren ved 10 samtidige: assistenten "
                  f"{by_level[10].rasa_cpu_ms:.1f} ms, referencebotten {ref_by_level[10].rasa_cpu_ms:.1f} ms; "
                  f"på en ellers ledig maskine svarer det til ca. {estimate:.2f}× gennemløbet "
                  f"(Rasa-processen er flaskehalsen, handlingsserveren har den anden kerne).")
        if 10 in by_level and 10 in ref_by_level and ref_by_level[10].throughput:
            ratio = by_level[10].throughput / ref_by_level[10].throughput
            checks.append((f"gennemløb ved 10 samtidige mindst {TARGET_THROUGHPUT_RATIO_AT_10}× referencebottens",
                           ratio >= TARGET_THROUGHPUT_RATIO_AT_10, f"{ratio:.2f}×"))
    errors = sum(l.errors for l in ours["levels"])
    checks.append(("ingen fejl", errors == 0, f"{errors} fejl"))
    print("\nMål (én maskine, standardopsætning):")
    for text, ok, figure in checks:
        print(f"  {'OK  ' if ok else 'IKKE'}  {text}: {figure}")
    return all(ok for _, ok, _ in checks)


def _save(ours: Dict, reference: Dict, path: Path) -> None:
    def plain(bot):
        return None if bot is None else {**bot, "levels": [l.as_dict() for l in bot["levels"]]}

    path.write_text(json.dumps({"time": time.strftime("%Y-%m-%d %H:%M:%S"), "cpus": os.cpu_count(),
                                "assistant": plain(ours), "reference": plain(reference)}, indent=2,
                               ensure_ascii=False))


def _bench(args) -> int:
    from bot.bench.reference import reference_model
    from bot.run import prepare
    from bot.stack import action_server, wait_healthy

    if args.profile:
        from bot.bench.profile import profile

        return profile(args.model)
    levels = [int(v) for v in args.levels.split(",") if v.strip()]
    workdir = settings.VAR_DIR / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    if args.model:
        from bot.run import build_knowledge_base

        build_knowledge_base()
        model = args.model
    else:
        model = prepare()  # Danish pipeline, knowledge base and model, each rebuilt only when changed
    reference = None if args.no_reference else reference_model(log=_say)
    port = _free_port()
    actions = action_server(port, workdir / "actions.log")
    bots = [Bot("assistenten", model)] + ([Bot("referencebotten", reference)] if reference else [])
    actions.start()
    try:
        wait_healthy([actions], timeout=180)
        _start(bots, f"http://127.0.0.1:{port}/webhook", workdir)
        _measure(bots, actions, levels, args.scale)
    finally:
        for bot in bots:
            if bot.server is not None:
                bot.server.stop()
        actions.stop()
    ours = bots[0].as_report()
    theirs = bots[1].as_report() if reference else None
    met = _report(ours, theirs)
    _save(ours, theirs, workdir / "last.json")
    print(f"\nTallene er også gemt i {workdir / 'last.json'}.")
    return 1 if (args.strict and not met) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_bench(None))
