"""Measuring the semantic search on the frozen leader test set (tests/nlu/leader_questions.yml).

    python -m bot.kb.semantic_eval [--kinds leader|all] [--set PATH]

For every question the best entry and its score are found once; then, for each threshold, a question
counts as
  right      answered (score >= threshold) with one of its expected entries,
  wrong      answered with another entry (for an `expected: []` question: any answer is wrong),
  abstained  not answered (below the threshold).
Precision = right / answered. Coverage = right / answerable questions. False answers = share of the
questions the catalogue cannot answer (`expected: []`) that still got an answer.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

import yaml

from .. import settings
from .semantic import ALL_KINDS, DEFINITION_KINDS, LEADER_KINDS, THRESHOLD, semantic_search

KIND_SETS = {"leader": LEADER_KINDS, "definition": DEFINITION_KINDS, "all": ALL_KINDS}

DEFAULT_SET = settings.ROOT / "tests" / "nlu" / "leader_questions.yml"


@dataclass
class Judged:
    question: str
    expected: List[str]
    found: Optional[str]
    section: Optional[str]
    score: float


@dataclass
class Figures:
    threshold: float
    answerable: int
    unanswerable: int
    right: int
    wrong_answerable: int  # answered with a wrong entry although the catalogue has a right one
    false_answers: int  # answered although the catalogue has nothing
    top1_right: int  # right entry ranked first, threshold ignored

    @property
    def answered(self) -> int:
        return self.right + self.wrong_answerable + self.false_answers

    @property
    def precision(self) -> float:
        return self.right / self.answered if self.answered else 1.0

    @property
    def coverage(self) -> float:
        return self.right / self.answerable if self.answerable else 0.0

    @property
    def false_answer_rate(self) -> float:
        return self.false_answers / self.unanswerable if self.unanswerable else 0.0


def load_set(path: Path = DEFAULT_SET) -> List[dict]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def judge(items: Sequence[dict], kinds=LEADER_KINDS, url: Optional[str] = None) -> List[Judged]:
    judged = []
    for item in items:
        hits = semantic_search(item["question"], url=url, limit=1, kinds=kinds)
        top = hits[0] if hits else None
        judged.append(Judged(item["question"], list(item.get("expected") or []), top.entity_id if top else None,
                             top.section if top else None, top.score if top else -1.0))
    return judged


def figures(judged: Sequence[Judged], threshold: float) -> Figures:
    answerable = [j for j in judged if j.expected]
    unanswerable = [j for j in judged if not j.expected]
    right = sum(1 for j in answerable if j.score >= threshold and j.found in j.expected)
    wrong = sum(1 for j in answerable if j.score >= threshold and j.found not in j.expected)
    false = sum(1 for j in unanswerable if j.score >= threshold)
    top1 = sum(1 for j in answerable if j.found in j.expected)
    return Figures(threshold, len(answerable), len(unanswerable), right, wrong, false, top1)


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kinds", choices=tuple(KIND_SETS), default="leader")
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--url", default=None)
    parser.add_argument("--show", action="store_true", help="list every question with its answer")
    args = parser.parse_args(argv)
    judged = judge(load_set(args.set), KIND_SETS[args.kinds], args.url)
    if args.show:
        for j in sorted(judged, key=lambda j: -j.score):
            mark = "ok " if j.found in j.expected else ("-- " if not j.expected else "ERR")
            print(f"{mark} {j.score:.3f} {j.found}/{j.section}  <- {j.question}  (forventet: {j.expected})")
    f = figures(judged, 0.0)
    print(f"{len(judged)} spørgsmål: {f.answerable} kan besvares, {f.unanswerable} kan ikke; "
          f"rigtig post øverst: {f.top1_right}/{f.answerable}")
    print("tærskel  præcision  dækning  forkerte svar  svar uden dækning")
    for threshold in [round(0.030 + 0.005 * k, 3) for k in range(12)]:
        f = figures(judged, threshold)
        marker = "  <- valgt" if abs(threshold - THRESHOLD) < 1e-9 else ""
        print(f"{threshold:.3f}    {f.precision:6.1%}    {f.coverage:6.1%}   {f.wrong_answerable:3d}            "
              f"{f.false_answers}/{f.unanswerable} ({f.false_answer_rate:.0%}){marker}")

    print("Krydstjek: tærsklen vælges på den ene halvdel (laveste uden svar på spørgsmål uden dækning) "
          "og måles på den anden:")
    for part in (0, 1):
        chosen = lowest_safe_threshold(judged[part::2])
        f = figures(judged[1 - part::2], chosen)
        print(f"  halvdel {part + 1}: tærskel {chosen:.3f} -> præcision {f.precision:.1%}, dækning {f.coverage:.1%}, "
              f"svar uden dækning {f.false_answers}/{f.unanswerable}")


def lowest_safe_threshold(judged: Sequence[Judged]) -> float:
    """The lowest threshold (to 3 decimals) at which no unanswerable question gets an answer."""
    unanswerable = [j.score for j in judged if not j.expected]
    return round(max(unanswerable) + 0.0005, 3) if unanswerable else 0.0


if __name__ == "__main__":
    main()
