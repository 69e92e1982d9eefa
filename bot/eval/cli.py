"""`python -m bot eval` (make eval): data checks, held-out test, cross-validation, test stories, report."""
from __future__ import annotations

import logging
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Dict

from bot import settings

logger = logging.getLogger(__name__)

REPORTS_DIR = settings.ROOT / "reports"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "eval", help="mål NLU-kvaliteten (krydsvalidering, testdata, testhistorier) og skriv reports/nlu-rapport.md"
    )
    parser.add_argument("--folds", type=int, default=5, help="antal fold i krydsvalideringen (0 = spring over)")
    parser.add_argument("--config", type=Path, default=settings.CONFIG_PATH,
                        help="en anden config.yml at måle (træner en NLU-model til testdata; ingen testhistorier)")
    parser.add_argument("--nlu", type=Path, default=None,
                        help="en anden mappe med NLU-træningsdata (til forsøg; standard data/nlu)")
    parser.add_argument("--model", type=Path, help="mål en færdigtrænet model i stedet for at træne")
    parser.add_argument("--no-stories", action="store_true", help="spring testhistorierne over")
    parser.add_argument("--out", type=Path, default=REPORTS_DIR, help="mappe til rapporten (standard reports/)")
    parser.set_defaults(func=run)


_STARTED = time.monotonic()


def step(message: str) -> None:
    elapsed = int(time.monotonic() - _STARTED)
    print(f"· [{elapsed // 60:02d}:{elapsed % 60:02d}] {message}", flush=True)


def evaluate(args) -> Dict[str, Any]:
    from bot.eval import checks, data, metrics, out_of_scope
    from bot.eval.cv import cross_validate
    from bot.eval.models import assistant_model, fallback_threshold, load_processor, rasa_environment, train_nlu_model
    from bot.eval.stories import run_test_stories
    from bot.training import prepare_training_data

    rasa_environment()
    out: Path = args.out
    config = Path(args.config).resolve()
    nlu_dir = Path(args.nlu).resolve() if args.nlu else data.NLU_DIR
    custom_config = config != settings.CONFIG_PATH.resolve() or nlu_dir != data.NLU_DIR
    results: Dict[str, Any] = {"created": datetime.now().strftime("%Y-%m-%d %H:%M"), "config": str(config)}

    step("Tjekker data")
    prepare_training_data()
    results["data"] = checks.data_checks()
    results["rasa_validate"] = checks.rasa_validate()
    for error in results["data"]["errors"]:
        print(f"  FEJL: {error}")
    if not results["rasa_validate"]["ok"]:
        print("  FEJL: rasa data validate fejlede")
    table = data.catalogue_values()

    with tempfile.TemporaryDirectory(prefix="nlu-eval-") as tmp:
        if args.model:
            model, seconds = Path(args.model), None
        elif custom_config:
            step(f"Træner en NLU-model med {config}")
            model, seconds = train_nlu_model(config, nlu_dir, Path(tmp), "heldout")
        else:
            step("Træner assistentens model, hvis data eller konfiguration er ændret")
            model, seconds = assistant_model()
        results["model"] = model.name.replace(".tar.gz", "")
        results["train_seconds"] = seconds

        step("Måler på testdata (tests/nlu/heldout.yml)")
        from rasa.shared.nlu.training_data.loading import load_data

        processor = load_processor(model)
        (out / "heldout").mkdir(parents=True, exist_ok=True)
        results["heldout"] = metrics.evaluate_processor(
            processor, load_data(str(data.HELDOUT_PATH)), table, str(out / "heldout"), fallback_threshold(config)
        )
        if data.REALISTIC_PATH.exists():
            step("Måler på det realistiske testsæt (tests/nlu/realistic.yml)")
            (out / "realistic").mkdir(parents=True, exist_ok=True)
            results["realistic"] = metrics.evaluate_processor(
                processor, load_data(str(data.REALISTIC_PATH)), table, str(out / "realistic"), fallback_threshold(config)
            )
        if out_of_scope.XSID_PATH.exists():
            step("Måler afvisning af xSID's danske beskeder uden for emnet")
            _, xsid_test = out_of_scope.split()
            results["out_of_scope"] = out_of_scope.measure(processor, xsid_test, fallback_threshold(config))
        else:
            print(f"  (xSID findes ikke i {out_of_scope.XSID_PATH}; afvisningen måles ikke)")
        del processor

        if not args.no_stories and not custom_config:
            step("Kører testhistorierne (tests/stories/)")
            results["stories"] = run_test_stories(model, out / "stories")

    if args.folds and args.folds > 1:
        step(f"Krydsvaliderer med {args.folds} fold (én træning pr. fold)")
        results["cv"] = cross_validate(config, nlu_dir, table, folds=args.folds)
    return results


def run(args) -> int:
    from bot.eval.report import targets_met, write_report

    for noisy in ("rasa", "tensorflow", "absl", "matplotlib", "spacy", "bot.nlu.danish_nlp", "bot.nlu.catalogue_data", "bot.training"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    started = time.monotonic()
    results = evaluate(args)
    results["seconds"] = round(time.monotonic() - started, 1)
    path = write_report(results, args.out)
    ok, reasons = targets_met(results)
    heldout = results["heldout"]
    print(f"\nIntentioner, makro-F1 (testdata): {heldout['intent']['macro_f1']:.3f}   "
          f"entiteter, F1: {heldout['entity']['f1']:.3f}   "
          f"entiteter med id, F1: {heldout['entity']['value']['f1']:.3f}")
    realistic = results.get("realistic")
    if realistic:
        print(f"Realistisk testsæt: andel rigtige {realistic['intent']['accuracy']:.3f}, "
              f"makro-F1 {realistic['intent']['macro_f1']:.3f}")
    oos = results.get("out_of_scope")
    if oos:
        print(f"xSID uden for emnet: {oos['declined']} af {oos['examples']} afvist ({oos['declined_share']:.1%})")
    if results.get("cv"):
        cv = results["cv"]
        print(f"Krydsvalidering ({cv['folds']} fold): makro-F1 {cv['intent_macro_f1']:.3f}, entiteter F1 {cv['entity_f1']:.3f}")
    print(f"Rapport: {path}  ({results['seconds'] / 60:.1f} min)")
    failures = list(reasons)
    if results["data"]["errors"]:
        failures.append(f"{len(results['data']['errors'])} fejl i data")
    if not results["rasa_validate"]["ok"]:
        failures.append("rasa data validate fejlede")
    stories = results.get("stories")
    if stories is not None and not stories.get("ok"):
        failures.append("testhistorier fejler")
    if failures:
        print("IKKE GODKENDT: " + "; ".join(failures))
        return 1
    print("Godkendt: målene er nået.")
    return 0
