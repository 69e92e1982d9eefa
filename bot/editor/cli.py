"""`python -m bot editor …`: the editor's operations for scripted use.

    python -m bot editor user add anne --role admin            # asks for the password twice
    python -m bot editor conversations --fallback --from 2026-01-01
    python -m bot editor show <samtale-id>
    python -m bot editor add-example --intent ask_help "hvad går du ud på"
    python -m bot editor save-story <samtale-id> --intent 1=ask_help --test
    python -m bot editor validate
    python -m bot editor publish
    python -m bot editor rollback [MODEL]

Edits are validated, written and committed exactly like in the browser. The author of a commit is
--author (a user in the users file) or EDITOR_AUTHOR, otherwise the login name of the shell.
"""
from __future__ import annotations

import getpass
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import List, Optional

from bot import settings


def _config(args):
    from bot.editor.config import EditorConfig

    config = EditorConfig.from_env()
    if getattr(args, "root", None):
        config.root = Path(args.root).resolve()
        if config.root != settings.ROOT:
            config.models_dir = config.root / "models"
    if getattr(args, "rasa_url", None):
        config.rasa_urls = [u.strip().rstrip("/") for u in args.rasa_url.split(",") if u.strip()]
    if getattr(args, "tracker_db_url", None):
        config.tracker_db_url = args.tracker_db_url
    return config


def _project(config):
    from bot.editor.project import Project

    return Project(config.root, models_dir=config.models_dir)


def _author(args, config):
    from bot.editor.auth import UserStore
    from bot.editor.store import Author

    username = getattr(args, "author", None) or os.environ.get("EDITOR_AUTHOR") or getpass.getuser()
    user = UserStore(config.users_file, config.inline_users).get(username)
    if user:
        return Author(user.username, user.name, user.git_email)
    return Author(username, username, f"{username}@redaktoer.invalid")


def _fail(message: str, problems: Optional[List[str]] = None) -> int:
    print(message, file=sys.stderr)
    for problem in problems or []:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def _print_saved(result) -> None:
    if not result.files:
        print("Intet at gemme: indholdet er uændret.")
        return
    print(f"Gemt: {', '.join(result.files)}")
    if result.commit:
        print(f"Commit: {result.commit}")
    elif result.commit_error:
        print(f"Bemærk: git-commit mislykkedes: {result.commit_error}", file=sys.stderr)


# --- users -----------------------------------------------------------------------------------------------------
def _read_password(args, username: str) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"Adgangskode til {username}: ")
    second = getpass.getpass("Gentag adgangskoden: ")
    if first != second:
        raise SystemExit("De to adgangskoder er ikke ens.")
    return first


def _user_add(args) -> int:
    from bot.editor.auth import AuthError, UserStore

    config = _config(args)
    store = UserStore(config.users_file, config.inline_users)
    try:
        if store.get(args.name) and not args.replace:
            return _fail(f"Brugeren {args.name} findes allerede (brug --replace for at erstatte).")
        password = _read_password(args, args.name)
        user = store.add(args.name, password, args.role, args.full_name or "", args.email or "", replace=args.replace)
    except AuthError as exc:
        return _fail(exc.message)
    print(f"Brugeren {user.username} ({user.role_label}) er gemt i {config.users_file}.")
    print(f"Log ind på http://localhost:{settings.web_port()}/editor/")
    return 0


def _user_password(args) -> int:
    from bot.editor.auth import AuthError, UserStore

    config = _config(args)
    try:
        UserStore(config.users_file, config.inline_users).set_password(args.name, _read_password(args, args.name))
    except AuthError as exc:
        return _fail(exc.message)
    print(f"{args.name} har fået en ny adgangskode.")
    return 0


def _user_remove(args) -> int:
    from bot.editor.auth import AuthError, UserStore

    config = _config(args)
    try:
        UserStore(config.users_file, config.inline_users).remove(args.name)
    except AuthError as exc:
        return _fail(exc.message)
    print(f"Brugeren {args.name} er slettet.")
    return 0


def _user_list(args) -> int:
    from bot.editor.auth import UserStore

    config = _config(args)
    users = UserStore(config.users_file, config.inline_users).all()
    if not users:
        print("Der er ingen brugere endnu. Opret en med: python -m bot editor user add NAVN --role admin")
    for user in sorted(users.values(), key=lambda u: u.username):
        source = "" if user.source == "fil" else " (fra EDITOR_USERS)"
        print(f"{user.username}\t{user.role_label}\t{user.name}{source}")
    return 0


# --- conversations ------------------------------------------------------------------------------------------------
def _date(value: Optional[str]) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"Datoen {value!r} skal skrives som ÅÅÅÅ-MM-DD.")


def _conversations(args) -> int:
    from bot.editor.conversations import Filters, format_time, list_conversations

    config = _config(args)
    filters = Filters(search=args.search or "", fallback=args.fallback, low_confidence=args.low,
                      negative=args.negative, date_from=_date(args.date_from), date_to=_date(args.date_to))
    items, total = list_conversations(config.tracker_db_url, filters, config.low_confidence, args.limit, 0)
    print(f"{total} samtale{'r' if total != 1 else ''}" + (f" (viser {len(items)})" if total > len(items) else ""))
    for item in items:
        flags = []
        if item.fallbacks:
            flags.append(f"ikke forstået {item.fallbacks}")
        if item.low:
            flags.append(f"usikker {item.low}")
        if item.negative:
            flags.append(f"tommel ned {item.negative}")
        print(f"{item.id}\t{format_time(item.last)}\t{item.first_question[:70]}" + (f"\t[{', '.join(flags)}]" if flags else ""))
    return 0


def _show(args) -> int:
    from bot.editor.conversations import load_conversation

    config = _config(args)
    conversation = load_conversation(config.tracker_db_url, args.conversation, config.low_confidence)
    if conversation is None:
        return _fail("Samtalen findes ikke.")
    import getpass

    from bot.privacy_store import log_access

    log_access(config.tracker_db_url, conversation.id, f"kommandolinjen ({getpass.getuser()})", "read")
    for turn in conversation.turns:
        if turn.kind == "user":
            conf = f"{turn.confidence * 100:.0f} %" if turn.confidence is not None else "?"
            mark = " IKKE FORSTÅET" if turn.fallback else (" USIKKER" if turn.low else "")
            ents = ", ".join(f"{e['text']}={e['entity']}" for e in turn.entities)
            print(f"[{turn.number}] Bruger: {turn.text}\n     intent {turn.intent} ({conf}){mark}" + (f"; entiteter: {ents}" if ents else ""))
        elif turn.kind == "bot":
            print(f"    Assistent: {turn.text}")
        elif turn.kind == "feedback":
            print(f"    Vurdering: {'tommel ned' if turn.value == 'ned' else 'tommel op'}")
        elif turn.kind == "action" and not (turn.action or "").startswith("utter_"):
            print(f"    Handling: {turn.action}")
    return 0


# --- edits ------------------------------------------------------------------------------------------------------------
def _store(config, project):
    from bot.editor.store import Store

    return Store(project, config.editor_dir)


def _add_example(args) -> int:
    from bot.editor import nlu
    from bot.editor.domain import load_domain
    from bot.editor.errors import EditError

    config = _config(args)
    project = _project(config)
    domain = load_domain(project.domain_path)
    try:
        plain = nlu.clean_text(args.text)
        rows = []
        for spec in args.entity or []:
            fragment, _, rest = spec.partition("=")
            entity, _, value = rest.partition(":")
            rows.append((fragment, entity, value))
        entities = nlu.entities_from_rows(plain, rows, domain.entities)
        result = _store(config, project).save_with(
            lambda p: nlu.add_example(p, args.intent, plain, entities, move=args.move, known_intents=domain.intents),
            f"Nyt eksempel på {args.intent}: {plain[:60]}", _author(args, config))
    except EditError as exc:
        return _fail(exc.message, [p for p in exc.problems if not p.startswith("duplicate:")])
    _print_saved(result)
    return 0


def _save_story(args) -> int:
    from bot.editor import stories
    from bot.editor.conversations import load_conversation, story_steps
    from bot.editor.domain import load_domain
    from bot.editor.errors import EditError

    config = _config(args)
    project = _project(config)
    domain = load_domain(project.domain_path)
    conversation = load_conversation(config.tracker_db_url, args.conversation, config.low_confidence)
    if conversation is None:
        return _fail("Samtalen findes ikke.")
    corrections = {}
    for spec in args.intent or []:
        number, _, intent = spec.partition("=")
        if not number.isdigit() or not intent:
            return _fail(f"--intent skal skrives som NR=INTENT, fx 1=ask_help (ikke {spec!r}).")
        if intent not in domain.all_intents:
            return _fail(f"Intentet «{intent}» findes ikke i domænet.")
        corrections[int(number)] = intent
    steps = story_steps(conversation, domain, corrections, up_to=args.up_to)
    if corrections and not args.no_suggest:
        steps = stories.suggest_steps(steps, stories.rule_answers(project))
    kind = "story" if args.training else "test"
    if kind == "story":
        for step in steps:
            step.text = None
    first = next((t.text for t in conversation.turns if t.kind == "user" and not t.text.startswith("/")), "")
    item = stories.Item(kind=kind, name=args.name or f"Fra samtale: {first[:80]}", steps=steps)
    try:
        result = _store(config, project).save_with(lambda p: stories.create_item(p, item),
                                                   f"{stories.KINDS[kind]['label']} fra en samtale: {item.name}",
                                                   _author(args, config))
    except EditError as exc:
        return _fail(exc.message, exc.problems)
    _print_saved(result)
    return 0


def _validate(args) -> int:
    config = _config(args)
    report = _store(config, _project(config)).validate(full=True)
    if report.ok:
        print("Alt er i orden: projektets egne kontroller og rasa data validate bestod.")
        return 0
    return _fail(f"Kontrollen fandt {len(report.problems)} fejl:", [str(p) for p in report.problems])


# --- publish --------------------------------------------------------------------------------------------------------------
def _publisher(config, project):
    from bot.editor.publish import Publisher

    return Publisher(project, config.editor_dir, config.rasa_urls, config.rasa_token, kb_url=config.kb_url,
                     store=_store(config, project))


def _publish(args) -> int:
    from bot.editor.publish import JobState, PublishError, StepStatus

    config = _config(args)
    publisher = _publisher(config, _project(config))
    try:
        job = publisher.start(_author(args, config), background=True)
    except PublishError as exc:
        return _fail(exc.message)
    shown = {}
    while True:
        for step in job.steps:
            line = f"{step.title}: {step.status.label}" + (f" – {step.detail}" if step.detail else "")
            if shown.get(step.key) != line and step.status != StepStatus.WAITING:
                shown[step.key] = line
                print(f"· {line}", flush=True)
        if not job.running:
            break
        time.sleep(1)
    print(job.message)
    for detail in job.details:
        print(f"  - {detail}")
    return 0 if job.state == JobState.PUBLISHED else 1


def _rollback(args) -> int:
    from bot.editor.publish import JobState

    config = _config(args)
    job = _publisher(config, _project(config)).rollback(_author(args, config), args.model)
    print(job.message)
    return 0 if job.state == JobState.ROLLED_BACK else 1


def _models(args) -> int:
    config = _config(args)
    publisher = _publisher(config, _project(config))
    for url, model in publisher.current_models().items():
        print(f"I brug på {url}: {model or 'ukendt (svarer ikke)'}")
    for item in publisher.available_models():
        state = "" if item["exists"] else " (slettet)"
        print(f"{item['model']}\t{item['published_at'] or 'kørte før første udgivelse'}\t{item['by'] or ''}{state}")
    return 0


def register(subparsers) -> None:
    editor = subparsers.add_parser("editor", help="redigering: eksempler, historier, kontrol, udgivelse, brugere")
    editor.add_argument("--root", help="projektmappen, der redigeres (standard: EDITOR_PROJECT_ROOT eller denne)")
    editor.add_argument("--author", help="brugernavnet, ændringerne gemmes i git under (standard: EDITOR_AUTHOR)")
    sub = editor.add_subparsers(dest="editor_command", required=True)

    user = sub.add_parser("user", help="brugere af redigeringssiderne")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="opret en bruger (spørger om adgangskoden)")
    add.add_argument("name", help="brugernavn, fx anne")
    add.add_argument("--role", choices=("editor", "admin"), default="editor")
    add.add_argument("--full-name", dest="full_name", help="fulde navn (forfatter i git)")
    add.add_argument("--email", help="e-mail (forfatter i git)")
    add.add_argument("--password-stdin", action="store_true", help="læs adgangskoden fra standard input")
    add.add_argument("--replace", action="store_true", help="erstat en eksisterende bruger")
    add.set_defaults(func=_user_add)
    password = user_sub.add_parser("password", help="ny adgangskode til en bruger")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true")
    password.set_defaults(func=_user_password)
    remove = user_sub.add_parser("remove", help="slet en bruger")
    remove.add_argument("name")
    remove.set_defaults(func=_user_remove)
    user_sub.add_parser("list", help="vis brugerne").set_defaults(func=_user_list)

    conv = sub.add_parser("conversations", help="find samtaler i tracker-databasen")
    conv.add_argument("--fallback", action="store_true", help="med beskeder, assistenten ikke forstod")
    conv.add_argument("--low", action="store_true", help="med usikre svar")
    conv.add_argument("--negative", action="store_true", help="med tommel ned")
    conv.add_argument("--from", dest="date_from", help="fra dato (ÅÅÅÅ-MM-DD)")
    conv.add_argument("--to", dest="date_to", help="til og med dato (ÅÅÅÅ-MM-DD)")
    conv.add_argument("--search", help="tekst i brugernes beskeder")
    conv.add_argument("--limit", type=int, default=50)
    conv.add_argument("--tracker-db-url", help="tracker-databasen (standard: TRACKER_DB_URL)")
    conv.set_defaults(func=_conversations)

    show = sub.add_parser("show", help="vis en samtale tur for tur")
    show.add_argument("conversation")
    show.add_argument("--tracker-db-url")
    show.set_defaults(func=_show)

    example = sub.add_parser("add-example", help="tilføj et NLU-eksempel til et intent")
    example.add_argument("text")
    example.add_argument("--intent", required=True)
    example.add_argument("--entity", action="append", metavar="ORD=ENTITET[:VÆRDI]",
                         help="marker et ord som entitet, fx 'lærer=role:folkeskolelaerer'")
    example.add_argument("--move", action="store_true", help="flyt eksemplet, hvis det står under et andet intent")
    example.set_defaults(func=_add_example)

    story = sub.add_parser("save-story", help="gem en samtale som testhistorie (eller træningshistorie)")
    story.add_argument("conversation")
    story.add_argument("--name")
    story.add_argument("--intent", action="append", metavar="NR=INTENT",
                       help="ret intentet for brugerens besked nr. NR, fx 1=ask_help")
    story.add_argument("--training", action="store_true", help="gem som træningshistorie i data/stories/")
    story.add_argument("--test", action="store_true", help="gem som testhistorie i tests/stories/ (standard)")
    story.add_argument("--no-suggest", action="store_true",
                       help="behold assistentens svar (ellers foreslås de ud fra reglerne efter rettede intents)")
    story.add_argument("--up-to", type=int, help="kun til og med brugerens besked nr. N")
    story.add_argument("--tracker-db-url")
    story.set_defaults(func=_save_story)

    sub.add_parser("validate", help="kontrollér alle data (egne kontroller og rasa data validate)").set_defaults(
        func=_validate)

    publish = sub.add_parser("publish", help="træn, kør testhistorierne og udgiv den nye model")
    publish.add_argument("--rasa-url", help="Rasa-server(e), kommasepareret (standard: EDITOR_RASA_URLS/RASA_URL)")
    publish.set_defaults(func=_publish)

    rollback = sub.add_parser("rollback", help="tag en tidligere model i brug igen")
    rollback.add_argument("model", nargs="?", help="modelfilens navn (standard: den forrige)")
    rollback.add_argument("--rasa-url")
    rollback.set_defaults(func=_rollback)

    models = sub.add_parser("models", help="vis modellen i brug og tidligere udgivne modeller")
    models.add_argument("--rasa-url")
    models.set_defaults(func=_models)
