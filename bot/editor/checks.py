"""The project's own checks, run on a staging copy before anything is written. Messages are Danish
and name the file and the story, rule or example, so an editor can act on them.

    - every YAML file parses
    - no example is under two intents (compared without case, spaces or end punctuation)
    - NLU examples name intents and entities the domain declares
    - every story, rule and test story is consistent with the domain: intents, entities, actions and
      responses, slots and forms exist; names are unique; test stories carry the user's words
    - the catalogue passes its schema (bot.catalogue.load_catalogue)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional

from bot.editor import yamlio
from bot.editor.domain import DomainInfo, load_domain
from bot.editor.nlu import normalise, read_nlu
from bot.editor.project import (CATALOGUE_DIR, NLU_DIR, RULES_DIR, STORIES_DIR, TEST_STORIES_DIR,
                                Project)
from bot.editor.stories import KINDS, Item, Step, read_items, rule_responses


@dataclass(frozen=True)
class Problem:
    message: str
    file: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message


def check_yaml(project: Project) -> List[Problem]:
    problems = []
    for rel_dir in (NLU_DIR, STORIES_DIR, RULES_DIR, TEST_STORIES_DIR, CATALOGUE_DIR):
        for rel in project.yaml_files(rel_dir):
            try:
                yamlio.check_parses(project.read(rel))
            except Exception as exc:  # PyYAML's YAMLError
                problems.append(Problem(yamlio.parse_error_message(rel, exc).split(": ", 1)[-1], rel))
    return problems


def check_nlu(project: Project, domain: DomainInfo) -> List[Problem]:
    problems: List[Problem] = []
    seen: Dict[str, tuple] = {}
    for name, bucket in sorted(read_nlu(project).items()):
        if name not in domain.all_intents:
            problems.append(Problem(f"Intentet «{name}» har eksempler, men står ikke i domænet.", bucket.files[0]))
        for ex in bucket.examples:
            if not ex.plain.strip():
                problems.append(Problem(f"Et eksempel under «{name}» er tomt.", ex.file))
                continue
            for ent in ex.entities:
                if ent.entity not in domain.entities:
                    problems.append(Problem(f"Eksemplet «{ex.plain}» under «{name}» bruger entiteten "
                                            f"«{ent.entity}», som ikke står i domænet.", ex.file))
            key = normalise(ex.plain)
            if key in seen and seen[key][0] != name:
                other_intent, other_file = seen[key]
                problems.append(Problem(
                    f"Eksemplet «{ex.plain}» står under både «{other_intent}» ({other_file}) og «{name}» "
                    f"({ex.file}). Et eksempel må kun høre til ét intent.", ex.file))
            seen.setdefault(key, (name, ex.file))
    return problems


def _step_problems(step: Step, domain: DomainInfo, where: str) -> List[str]:
    out = []
    if step.kind == "intent":
        if step.name not in domain.all_intents:
            out.append(f"{where}: intentet «{step.name}» står ikke i domænet.")
        for entity, _ in step.entities:
            if entity not in domain.entities:
                out.append(f"{where}: entiteten «{entity}» står ikke i domænet.")
    elif step.kind == "or":
        for name in step.intents:
            if name not in domain.all_intents:
                out.append(f"{where}: intentet «{name}» står ikke i domænet.")
    elif step.kind == "action":
        if step.name not in domain.all_actions:
            out.append(f"{where}: handlingen eller svaret «{step.name}» står ikke i domænet.")
    elif step.kind == "slot":
        if step.name not in domain.slots:
            out.append(f"{where}: slottet «{step.name}» står ikke i domænet.")
    elif step.kind == "active_loop":
        if step.name and step.name not in domain.forms:
            out.append(f"{where}: formularen «{step.name}» står ikke i domænet.")
    return out


def check_item_against_domain(item: Item, domain: DomainInfo) -> List[Problem]:
    label = KINDS[item.kind]["label"]
    problems = []
    for number, step in enumerate(item.steps, start=1):
        for message in _step_problems(step, domain, f"{label}n «{item.name}», trin {number}"):
            problems.append(Problem(message, item.file))
    for number, step in enumerate(item.condition, start=1):
        for message in _step_problems(step, domain, f"Reglen «{item.name}», betingelse {number}"):
            problems.append(Problem(message, item.file))
    return problems


def check_against_rules(item: Item, answers: Dict[str, tuple]) -> List[Problem]:
    """A story that answers an intent differently from an unconditional rule contradicts it (Rasa
    refuses to train then). Inside a running form other rules apply, so those steps are skipped."""
    problems = []
    label = KINDS[item.kind]["label"]
    in_form = False
    for number, step in enumerate(item.steps, start=1):
        if step.kind == "active_loop":
            in_form = bool(step.name)
        if step.kind != "intent" or in_form or step.name not in answers:
            continue
        expected, rule_name, rule_file, allowed = answers[step.name]
        following = item.steps[number] if number < len(item.steps) else None
        if following is not None and following.kind == "action" and following.name not in allowed:
            problems.append(Problem(
                f"{label}n «{item.name}», trin {number + 1}: efter «{step.name}» svarer assistenten altid med "
                f"«{expected[0]}» (reglen «{rule_name}» i {rule_file}), men {label.lower()}n siger "
                f"«{following.name}». Ret {label.lower()}n eller reglen.", item.file))
    return problems


def _rule_answers(project: Project) -> Dict[str, tuple]:
    """intent -> (actions of its unconditional rule, rule name, file, every action any rule answers it with)."""
    answers: Dict[str, tuple] = {}
    names = {}
    allowed: Dict[str, set] = {}
    for rule in read_items(project, "rule"):
        if rule.steps and rule.steps[0].kind in ("intent", "or"):
            first = rule.steps[0]
            for intent in [first.name] if first.kind == "intent" else first.intents:
                names.setdefault(intent, (rule.name, rule.file))
        for index, step in enumerate(rule.steps[:-1]):
            after = rule.steps[index + 1]
            if after.kind == "action":
                for intent in ([step.name] if step.kind == "intent" else step.intents if step.kind == "or" else []):
                    allowed.setdefault(intent, set()).add(after.name)
    for intent, actions in rule_responses(project).items():
        rule_name, rule_file = names.get(intent, ("?", "?"))
        answers[intent] = (actions, rule_name, rule_file, allowed.get(intent, set()) | {actions[0]})
    return answers


def check_stories(project: Project, domain: DomainInfo) -> List[Problem]:
    problems: List[Problem] = []
    answers = _rule_answers(project)
    for kind in KINDS:
        names: Dict[str, str] = {}
        for item in read_items(project, kind):
            label = KINDS[kind]["label"]
            if not item.name.strip():
                problems.append(Problem(f"En {label.lower()} har intet navn.", item.file))
            elif item.name in names:
                problems.append(Problem(f"To {KINDS[kind]['plural'].lower()} hedder «{item.name}» "
                                        f"({names[item.name]} og {item.file}). Navnene skal være forskellige.",
                                        item.file))
            names.setdefault(item.name, item.file)
            if not item.editable:
                # The form cannot show it, but what it names can still be checked roughly.
                continue
            problems.extend(check_item_against_domain(item, domain))
            if kind in ("story", "test"):
                problems.extend(check_against_rules(item, answers))
    return problems


def check_catalogue(project: Project) -> List[Problem]:
    if not project.catalogue_dir.is_dir():
        return []
    from bot.catalogue import CatalogueError, load_catalogue

    try:
        load_catalogue(project.catalogue_dir)
    except CatalogueError as exc:
        found = getattr(exc, "problems", None)
        if found:
            return [Problem(f"Kataloget, {p}", f"{CATALOGUE_DIR}/{p.file}") for p in found]
        return [Problem(str(exc))]
    return []


def run_checks(project: Project) -> List[Problem]:
    """All the project's own checks; an empty list means everything passed."""
    problems = check_yaml(project)
    if problems:
        return problems
    domain = load_domain(project.domain_path)
    problems = [Problem(p, "domain/") for p in domain.problems]
    problems += check_nlu(project, domain)
    problems += check_stories(project, domain)
    problems += check_catalogue(project)
    return problems
