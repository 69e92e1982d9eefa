"""Form <-> story translation: the rows of the story form (shared by the story editor and «Gem som
historie») to stories_mod.Item and back, and the grouped options of each step's select."""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from bot.editor import stories as stories_mod
from bot.editor.domain import DomainInfo
from bot.editor.errors import EditError
from bot.editor.web.rendering import intent_label


def step_choices(domain: DomainInfo, kind: str) -> List[dict]:
    """The options of a step's select, grouped."""
    def short(text: str, limit: int = 55) -> str:
        text = " ".join((text or "").split())
        return text if len(text) <= limit else text[: limit - 1] + "…"

    groups = [
        {"label": "Brugeren skriver (intent)",
         "options": [(f"intent:{i}", intent_label(i)) for i in domain.all_intents]},
        {"label": "Brugeren skriver et af flere intents",
         "options": [("or:", "Et af flere intents (skriv dem i feltet ved siden af)")]},
        {"label": "Assistenten svarer",
         "options": [(f"action:{r}", f"{r} – «{short(t)}»" if t else r) for r, t in domain.responses.items()]},
        {"label": "Assistenten gør (handling eller formular)",
         "options": [(f"action:{a}", a) for a in domain.actions + domain.forms]
                    + [(f"action:{a}", a) for a in ("action_default_fallback", "action_restart",
                                                    "action_deactivate_loop")]},
        {"label": "Formular", "options": [(f"active_loop:{f}", f"Formularen {f} kører") for f in domain.forms]
                                         + [("active_loop:", "Ingen formular kører (afsluttet)")]},
        {"label": "Slot sættes (værdien i feltet ved siden af)",
         "options": [(f"slot:{s}", f"Slot {s}") for s in domain.slots]},
    ]
    if kind != "test":
        groups.append({"label": "Andet", "options": [("checkpoint:", "Checkpoint (navnet i feltet ved siden af)")]})
    return groups


def condition_choices(domain: DomainInfo) -> List[dict]:
    return [
        {"label": "Formular", "options": [(f"active_loop:{f}", f"Formularen {f} kører") for f in domain.forms]
                                         + [("active_loop:", "Ingen formular kører")]},
        {"label": "Slot har værdien (i feltet ved siden af)",
         "options": [(f"slot:{s}", f"Slot {s}") for s in domain.slots]},
    ]


def step_rows(steps: Sequence[stories_mod.Step], blank: int = 3) -> List[dict]:
    rows = [{"choice": s.choice, "extra": s.extra, "text": s.text or ""} for s in steps]
    rows += [{"choice": "", "extra": "", "text": ""} for _ in range(blank)]
    return rows


def rows_from_form(form: Dict[str, str], prefix: str) -> List[dict]:
    rows = []
    try:
        count = min(int(form.get(f"{prefix}-count", "0")), stories_mod.MAX_STEPS + 20)
    except ValueError:
        count = 0
    for number in range(1, count + 1):
        rows.append({"choice": form.get(f"{prefix}-{number}-choice", ""),
                     "extra": form.get(f"{prefix}-{number}-extra", ""),
                     "text": form.get(f"{prefix}-{number}-text", "")})
    return rows


def steps_from_rows(rows: List[dict], domain: DomainInfo, prefix: str = "step") -> List[stories_mod.Step]:
    steps = []
    for number, row in enumerate(rows, start=1):
        try:
            step = stories_mod.step_from_choice(row["choice"], row["extra"], row["text"], domain, number)
        except EditError as exc:
            if prefix != "step":
                exc.message = exc.message.replace("Trin ", "Betingelse ", 1)
                exc.field = (exc.field or "").replace("step-", f"{prefix}-", 1)
            raise
        if step is not None:
            steps.append(step)
    return steps


def item_from_form(form: Dict[str, str], kind: str, domain: DomainInfo) -> stories_mod.Item:
    item = stories_mod.Item(kind=kind, name=form.get("name", ""))
    item.steps = steps_from_rows(rows_from_form(form, "step"), domain)
    if kind == "rule":
        item.condition = steps_from_rows(rows_from_form(form, "cond"), domain, "cond")
        if any(s.kind not in ("slot", "active_loop") for s in item.condition):
            raise EditError("En betingelse kan kun være en formular eller et slot.", field="cond-1-choice")
        item.conversation_start = form.get("conversation_start") == "on"
        item.wait_for_user_input = form.get("wait_for_user_input") == "on"
    return item


def story_context(domain: DomainInfo, kind: str, rows: List[dict], cond_rows: Optional[List[dict]] = None,
                  **extra) -> dict:
    return dict(domain=domain, kind=kind, rows=rows, cond_rows=cond_rows or [],
                choices=step_choices(domain, kind), cond_choices=condition_choices(domain), **extra)
