"""Command line: `python -m bot <command>` inside the project's .venv."""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import sys


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _run(args) -> int:
    from bot.run import run

    return run()


def _prepare(args) -> int:
    from bot.run import prepare

    print(f"Model: {prepare()}")
    return 0


def _train(args) -> int:
    from bot.training import train_if_needed

    print(train_if_needed(force=args.force))
    return 0


def _fingerprint(args) -> int:
    from bot.training import fingerprint, prepare_training_data

    prepare_training_data()
    print(fingerprint())
    return 0


def _nlp(args) -> int:
    from bot.nlu.danish_nlp import shared_pipeline

    pipeline = shared_pipeline()
    print(pipeline.describe())
    if args.text:
        doc = pipeline.nlp(args.text.lower())
        for token in doc:
            print(f"{token.text}\t{token.lemma_}")
        for ent in doc.ents:
            print(f"[{ent.label_}] {ent.text} → {ent.ent_id_}")
    return 0


def _shell(args) -> int:
    from bot.shell import shell

    return shell()


def main(argv=None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("tensorflow", "absl", "spacy", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(prog="python -m bot", description="Digital parathed-assistenten")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="forbered alt og start assistenten (make run)").set_defaults(func=_run)
    sub.add_parser("prepare", help="byg vidensbase og træn model, hvis noget er ændret").set_defaults(
        func=_prepare
    )
    train = sub.add_parser("train", help="træn en model, hvis data eller konfiguration er ændret")
    train.add_argument("--force", action="store_true", help="træn også når intet er ændret")
    train.set_defaults(func=_train)
    sub.add_parser("fingerprint", help="vis træningsdataenes fingeraftryk").set_defaults(func=_fingerprint)
    nlp = sub.add_parser("nlp", help="vis hvilken dansk spaCy-pipeline der bruges")
    nlp.add_argument("text", nargs="?", help="en tekst at analysere")
    nlp.set_defaults(func=_nlp)
    sub.add_parser("shell", help="chat med assistenten i terminalen").set_defaults(func=_shell)
    for module in ("bot.kb.cli", "bot.editor.cli", "bot.eval.cli", "bot.bench.cli", "bot.privacy_cli"):
        if _module_exists(module):
            importlib.import_module(module).register(sub)
    args = parser.parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
