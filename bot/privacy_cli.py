"""`python -m bot privacy …`: delete old conversations, delete one conversation, show the access log."""
from __future__ import annotations

from bot import settings


def _purge(args) -> int:
    from bot.privacy_store import purge

    days = settings.conversation_retention_days() if args.days is None else args.days
    if days <= 0:
        print("Opbevaringsperioden er 0 dage (CONVERSATION_RETENTION_DAYS=0): samtaler slettes ikke automatisk.")
        return 0
    result = purge(settings.tracker_db_url(), days=days)
    print(result.danish(days))
    return 0


def _delete(args) -> int:
    from bot.privacy_store import delete_conversation, log_access

    deleted = delete_conversation(settings.tracker_db_url(), args.conversation)
    if not deleted:
        print(f"Samtalen {args.conversation} findes ikke. Intet er slettet.")
        return 1
    log_access(settings.tracker_db_url(), args.conversation, args.by, "delete")
    print(f"Samtalen {args.conversation} er slettet ({deleted} hændelser).")
    return 0


def _log(args) -> int:
    from bot.privacy_store import access_entries

    entries = access_entries(settings.tracker_db_url(), sender_id=args.conversation, username=args.user)
    if not entries:
        print("Adgangsloggen er tom.")
    for entry in entries:
        print(f"{entry.when}\t{entry.username}\t{entry.action}\t{entry.sender_id}")
    return 0


def register(sub) -> None:
    privacy = sub.add_parser("privacy", help="persondata: slet gamle samtaler, slet en samtale, adgangslog")
    commands = privacy.add_subparsers(dest="privacy_command", required=True)
    purge = commands.add_parser("purge", help="slet samtaler ældre end opbevaringsperioden")
    purge.add_argument("--days", type=int, default=None,
                       help="opbevaringsperiode i dage (standard: CONVERSATION_RETENTION_DAYS, 90)")
    purge.set_defaults(func=_purge)
    delete = commands.add_parser("delete", help="slet én samtale")
    delete.add_argument("conversation", help="samtalens id (sender_id)")
    delete.add_argument("--by", default="kommandolinjen", help="hvem der sletter (skrives i adgangsloggen)")
    delete.set_defaults(func=_delete)
    log = commands.add_parser("log", help="vis adgangsloggen (nyeste først)")
    log.add_argument("--conversation", default=None)
    log.add_argument("--user", default=None)
    log.set_defaults(func=_log)
