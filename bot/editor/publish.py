"""«Træn og udgiv»: train a new model in the background, run the test stories, and only when they
pass load it into the running Rasa server(s) through Rasa's HTTP API (PUT /model), without a
restart. Earlier models stay in models/, and one click loads an earlier one again (rollback).

The steps, each visible with its progress:
  1. kontrol   validate a snapshot of the project (own checks + rasa data validate)
  2. træning   train on the snapshot (skipped when a model with the same fingerprint exists)
  3. test      `rasa test core` on tests/stories/ with --fail-on-prediction-errors
  4. udgiv     PUT /model on every Rasa server, check GET /status; then rebuild the knowledge base
               when the catalogue changed

The fingerprint and the Rasa commands are bot.training's, the same that `make run`, `make test`,
`make eval` and `make bench` use.

A failure anywhere leaves the running assistant as it was. The history of published models is kept
in var/editor/udgivelser.json.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Callable, Dict, List, Optional

from bot.editor import gitrepo, yamlio
from bot.editor.project import Project
from bot.editor.store import Author, Store
from bot import settings
from bot.training import (RasaCommand, finetune_base, fingerprint, prepare_training_data, story_test_command,
                          train_command, write_model_info)
from bot.training.models import read_model_info

logger = logging.getLogger(__name__)

STEPS = [
    ("kontrol", "Kontrollerer data", 10),
    ("træning", "Træner den nye model", 60),
    ("test", "Kører testhistorierne", 20),
    ("udgiv", "Indlæser modellen i assistenten", 10),
]
_EPOCHS = re.compile(r"Epochs:\s+(\d+)%")


class JobState(str, Enum):
    RUNNING = "running"
    PUBLISHED = "published"
    REJECTED = "rejected"  # the test stories failed with the new model
    FAILED = "failed"
    ROLLED_BACK = "rolled_back"

    @property
    def label(self) -> str:
        return JOB_STATE_LABELS[self]


class StepStatus(str, Enum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    SKIPPED = "skipped"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return STEP_STATUS_LABELS[self]


# The words the editor shows for them (publish.html, the JSON status for editor.js, the command line).
JOB_STATE_LABELS = {JobState.RUNNING: "kører", JobState.PUBLISHED: "udgivet", JobState.REJECTED: "afvist",
                    JobState.FAILED: "fejlet", JobState.ROLLED_BACK: "rullet tilbage"}
STEP_STATUS_LABELS = {StepStatus.WAITING: "venter", StepStatus.RUNNING: "kører", StepStatus.DONE: "færdig",
                      StepStatus.SKIPPED: "sprunget over", StepStatus.FAILED: "fejlet"}


class PublishError(Exception):
    def __init__(self, message: str, state: JobState = JobState.FAILED, details: Optional[List[str]] = None):
        super().__init__(message)
        self.message = message
        self.state = state
        self.details = details or []


def _close(job: "Job") -> None:
    """A job has ended, however it ended: no step is left running."""
    job.finished = time.time()
    for step in job.steps:
        if step.status == StepStatus.RUNNING:
            step.status = StepStatus.FAILED


class Cancelled(Exception):
    pass


# --- Rasa's HTTP API ------------------------------------------------------------------------------------
class RasaApi:
    def __init__(self, token: str, timeout: float = 600):
        self.token = token
        self.timeout = timeout

    def _url(self, base: str, path: str) -> str:
        return f"{base.rstrip('/')}{path}?{urllib.parse.urlencode({'token': self.token})}"

    def status(self, base: str) -> dict:
        with urllib.request.urlopen(self._url(base, "/status"), timeout=15) as response:
            return json.load(response)

    def current_model(self, base: str) -> Optional[str]:
        try:
            return self.status(base).get("model_file") or None
        except (OSError, ValueError):
            return None

    def load(self, base: str, model: Path) -> None:
        body = json.dumps({"model_file": str(model)}).encode("utf-8")
        request = urllib.request.Request(self._url(base, "/model"), data=body, method="PUT",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                if response.status not in (200, 204):
                    raise PublishError(f"Rasa-serveren {base} svarede {response.status}.")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            raise PublishError(f"Rasa-serveren {base} kunne ikke indlæse modellen (HTTP {exc.code}).",
                               details=[detail]) from exc
        except OSError as exc:
            raise PublishError(f"Rasa-serveren {base} kan ikke nås: {exc}") from exc


# --- job state -----------------------------------------------------------------------------------------------
@dataclass
class StepState:
    key: str
    title: str
    weight: int
    status: StepStatus = StepStatus.WAITING
    detail: str = ""
    fraction: float = 0.0


@dataclass
class Job:
    id: str
    kind: str  # udgivelse, tilbagerulning
    started_by: str
    started: float
    state: JobState = JobState.RUNNING
    message: str = ""
    details: List[str] = field(default_factory=list)
    steps: List[StepState] = field(default_factory=list)
    finished: Optional[float] = None
    model: Optional[str] = None
    log: List[str] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.state == JobState.RUNNING

    @property
    def progress(self) -> int:
        total = sum(s.weight for s in self.steps) or 1
        finished = (StepStatus.DONE, StepStatus.SKIPPED)
        done = sum(s.weight * (1.0 if s.status in finished else s.fraction) for s in self.steps)
        return int(round(100 * done / total))

    def step(self, key: str) -> StepState:
        return next(s for s in self.steps if s.key == key)

    def as_dict(self) -> dict:
        """For the JSON status (editor.js shows the state and the steps' status as they are)."""
        data = asdict(self)
        data["state"] = self.state.label
        for step, status in zip(data["steps"], self.steps):
            step["status"] = status.status.label
        data["progress"] = self.progress
        data["running"] = self.running
        data["log"] = self.log[-12:]
        return data


class History:
    """var/editor/udgivelser.json: what was published or rolled back, when and by whom."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def entries(self) -> List[dict]:
        if not self.path.exists():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except ValueError:
            return []
        return data if isinstance(data, list) else []

    def add(self, entry: dict) -> None:
        with self._lock:
            entries = self.entries()
            entries.append(entry)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f".{self.path.name}.tmp")
            temp.write_text(json.dumps(entries, ensure_ascii=False, indent=2), encoding="utf-8")
            os.replace(temp, self.path)


def _now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# --- the publisher ------------------------------------------------------------------------------------------
class Publisher:
    def __init__(self, project: Project, editor_dir: Path, rasa_urls: List[str], token: str,
                 kb_url: Optional[str] = None, store: Optional[Store] = None,
                 trainer: Optional[Callable] = None, tester: Optional[Callable] = None,
                 api: Optional[RasaApi] = None):
        self.project = project
        self.editor_dir = Path(editor_dir)
        self.rasa_urls = rasa_urls
        self.kb_url = kb_url
        self.store = store or Store(project, editor_dir)
        self.api = api or RasaApi(token)
        self.trainer = trainer or self._train
        self.tester = tester or self._test
        self.history = History(self.editor_dir / "udgivelser.json")
        self.job: Optional[Job] = None
        self._lock = threading.Lock()
        self._process: Optional[subprocess.Popen] = None
        self._cancel = threading.Event()

    # -- public ------------------------------------------------------------------------------------------
    def start(self, author: Author, background: bool = True) -> Job:
        with self._lock:
            if self.job and self.job.running:
                raise PublishError("Der er allerede en udgivelse i gang. Vent, til den er færdig.",
                                   state=JobState.RUNNING)
            job = Job(id=hashlib.sha1(str(time.time()).encode()).hexdigest()[:8], kind="udgivelse",
                      started_by=author.name, started=time.time(),
                      steps=[StepState(k, t, w) for k, t, w in STEPS])
            self.job = job
            self._cancel.clear()
        if background:
            threading.Thread(target=self._run, args=(job, author), name="udgivelse", daemon=True).start()
        else:
            self._run(job, author)
        return job

    def cancel(self) -> None:
        self._cancel.set()
        process = self._process
        if process and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def current_models(self) -> Dict[str, Optional[str]]:
        return {url: self.api.current_model(url) for url in self.rasa_urls}

    def available_models(self) -> List[dict]:
        """Published (and earlier running) models, newest first, that can be loaded again."""
        seen, out = set(), []
        for entry in reversed(self.history.entries()):
            for name in (entry.get("model"), entry.get("previous_model")):
                if not name or name in seen:
                    continue
                seen.add(name)
                path = self.project.models_dir / name
                out.append({"model": name, "exists": path.exists(),
                            "published_at": entry.get("time") if name == entry.get("model") else None,
                            "by": entry.get("by") if name == entry.get("model") else None,
                            "kind": entry.get("kind") if name == entry.get("model") else "før",
                            "commit": entry.get("commit") if name == entry.get("model") else None})
        return out

    def previous_model(self) -> Optional[str]:
        """The model that ran before the current one (the target of «Rul tilbage»)."""
        current = self.api.current_model(self.rasa_urls[0]) if self.rasa_urls else None
        for entry in reversed(self.history.entries()):
            if entry.get("model") == current and entry.get("previous_model"):
                if (self.project.models_dir / entry["previous_model"]).exists():
                    return entry["previous_model"]
        for item in self.available_models():
            if item["model"] != current and item["exists"]:
                return item["model"]
        return None

    def rollback(self, author: Author, model: Optional[str] = None, background: bool = False) -> Job:
        """Loads an earlier model (default: the one before the current) into every Rasa server."""
        with self._lock:
            if self.job and self.job.running:
                raise PublishError("Der er en udgivelse i gang. Vent, til den er færdig.", state=JobState.RUNNING)
            job = Job(id=hashlib.sha1(str(time.time()).encode()).hexdigest()[:8], kind="tilbagerulning",
                      started_by=author.name, started=time.time(),
                      steps=[StepState("udgiv", "Indlæser den tidligere model", 10)])
            self.job = job
        if background:
            threading.Thread(target=self._rollback, args=(job, author, model), name="tilbagerulning",
                             daemon=True).start()
        else:
            self._rollback(job, author, model)
        return job

    def _rollback(self, job: Job, author: Author, model: Optional[str]) -> None:
        try:
            name = model or self.previous_model()
            if not name or "/" in name or not name.endswith(".tar.gz"):
                raise PublishError("Der er ingen tidligere model at rulle tilbage til.")
            path = self.project.models_dir / name
            if not path.exists():
                raise PublishError(f"Modellen {name} findes ikke længere i {self.project.models_dir}.")
            step = job.step("udgiv")
            step.status = StepStatus.RUNNING
            previous = self._load_everywhere(job, path)
            step.status = StepStatus.DONE
            step.fraction = 1.0
            job.model = name
            job.state = JobState.ROLLED_BACK
            job.message = f"Assistenten bruger nu den tidligere model {name}."
            self.history.add({"kind": "tilbagerulning", "model": name, "previous_model": previous,
                              "time": _now_iso(), "by": author.name, "username": author.username})
            logger.info("Rullet tilbage til %s af %s", name, author.username)
        except PublishError as exc:
            job.state = JobState.FAILED
            job.message = exc.message
            job.details = exc.details
        except Exception as exc:  # never leave a job «running»
            logger.exception("Tilbagerulningen fejlede")
            job.state = JobState.FAILED
            job.message = f"Tilbagerulningen fejlede uventet ({type(exc).__name__})."
        finally:
            _close(job)

    # -- the pipeline -------------------------------------------------------------------------------------
    def _run(self, job: Job, author: Author) -> None:
        work = Path(tempfile.mkdtemp(prefix="udgivelse-", dir=self._tmp()))
        try:
            with self.store.lock():
                snapshot = self.project.snapshot(work / "projekt")
            self._step(job, "kontrol", lambda step: self._check(snapshot, step))
            model = self._step(job, "træning", lambda step: self._training(job, snapshot, step))
            job.model = model.name
            self._step(job, "test", lambda step: self.tester(snapshot, model, work / "test", step, job))
            previous = self._step(job, "udgiv", lambda step: self._publish(job, snapshot, model, step))
            job.state = JobState.PUBLISHED
            job.message = f"Den nye model ({model.name}) er udgivet, og assistenten bruger den nu."
            self.history.add({"kind": "udgivelse", "model": model.name, "previous_model": previous,
                              "time": _now_iso(), "by": author.name, "username": author.username,
                              "commit": gitrepo.head(self.project.root)})
            logger.info("Model %s udgivet af %s", model.name, author.username)
        except PublishError as exc:
            job.state = exc.state
            job.message = exc.message
            job.details = exc.details
            logger.info("Udgivelsen stoppede: %s", exc.message)
        except Cancelled:
            job.state = JobState.FAILED
            job.message = "Udgivelsen blev afbrudt. Den kørende assistent er ikke ændret."
        except Exception as exc:  # never leave a job «running»
            logger.exception("Udgivelsen fejlede")
            job.state = JobState.FAILED
            job.message = f"Udgivelsen fejlede uventet ({type(exc).__name__}). Den kørende assistent er ikke ændret."
        finally:
            _close(job)
            shutil.rmtree(work, ignore_errors=True)

    def _tmp(self) -> Path:
        path = self.editor_dir / "tmp"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _step(self, job: Job, key: str, action):
        if self._cancel.is_set():
            raise Cancelled()
        step = job.step(key)
        step.status = StepStatus.RUNNING
        try:
            result = action(step)
        except BaseException:
            step.status = StepStatus.FAILED
            raise
        if step.status == StepStatus.RUNNING:
            step.status = StepStatus.DONE
        step.fraction = 1.0
        return result

    def _check(self, snapshot: Project, step: StepState) -> None:
        staged_store = Store(snapshot, self.editor_dir, run_rasa=self.store.run_rasa)
        report = staged_store.validate(full=True)
        if not report.ok:
            raise PublishError("Kontrollen fandt fejl i data, så der er ikke trænet en ny model. "
                               "Den kørende assistent er ikke ændret.", details=[str(p) for p in report.problems])
        step.detail = "Alt er i orden."

    def _training(self, job: Job, snapshot: Project, step: StepState) -> Path:
        prepare_training_data(snapshot)
        target = self.project.models_dir / f"{fingerprint(snapshot)}.tar.gz"
        if target.exists():
            step.status = StepStatus.SKIPPED
            step.detail = f"En model af præcis disse data findes allerede ({target.name}) og bruges igen."
            return target
        self.project.models_dir.mkdir(parents=True, exist_ok=True)
        self.trainer(snapshot, target, step, job)
        if not target.exists():
            raise PublishError("Træningen lavede ingen model. Den kørende assistent er ikke ændret.")
        base = read_model_info(target).get("finetuned_from")
        step.detail = f"Ny model: {target.name}" + (f" (finjusteret fra {base})" if base else "")
        return target

    def _stream(self, command: RasaCommand, job: Job, on_line: Optional[Callable[[str], None]] = None) -> int:
        """Runs a Rasa command (stopped by cancel()); its output goes to the job's log, without warnings
        and Rasa's epoch progress lines (on_line sees those)."""
        def line(text: str) -> None:
            if "Warning" in text or text.startswith(("warnings.warn", "from ", "declare_namespace")):
                return
            if on_line:
                on_line(text)
            if not _EPOCHS.search(text):
                job.log.append(text[:300])
                del job.log[:-200]

        def started(process: subprocess.Popen) -> None:
            self._process = process

        try:
            return command.stream(line, started)
        finally:
            self._process = None

    def _train(self, snapshot: Project, target: Path, step: StepState, job: Job) -> None:
        """Fine-tune the running model when only examples, stories or rules changed (minutes faster);
        otherwise, or when fine-tuning fails, train from scratch (bot/training/models.py)."""
        base = finetune_base(snapshot, self._running_model())
        if base is not None:
            try:
                self._rasa_train(snapshot, target, step, job, finetune=base)
                write_model_info(target, snapshot, finetuned_from=base)
                return
            except PublishError:
                logger.info("Finjusteringen af %s lykkedes ikke; træner forfra", base.name)
                job.log.append("Finjusteringen lykkedes ikke. Træner forfra.")
        self._rasa_train(snapshot, target, step, job)
        write_model_info(target, snapshot)

    def _running_model(self) -> Optional[Path]:
        name = self.api.current_model(self.rasa_urls[0]) if self.rasa_urls else None
        return self.project.models_dir / Path(name).name if name else None

    def _rasa_train(self, snapshot: Project, target: Path, step: StepState, job: Job,
                    finetune: Optional[Path] = None) -> None:
        out = Path(tempfile.mkdtemp(prefix="model-", dir=self._tmp()))
        command = train_command(snapshot, out, target.name[: -len(".tar.gz")], finetune=finetune,
                                epoch_fraction=settings.finetune_epoch_fraction())
        loops = {"count": 0, "last": 0}
        doing = "Finjusterer" if finetune else "Træner"

        def on_line(line: str) -> None:
            match = _EPOCHS.search(line)
            if match:
                pct = int(match.group(1))
                if pct < loops["last"]:
                    loops["count"] += 1
                loops["last"] = pct
                # Two training loops (DIET for NLU, TED for dialogue), then saving.
                step.fraction = min(0.95, 0.05 + 0.45 * loops["count"] + 0.45 * pct / 100)
                which = "sprogforståelsen (NLU)" if loops["count"] == 0 else "dialogen"
                step.detail = f"{doing} {which}: {pct} %"
            elif "Your Rasa model is trained" in line:
                step.fraction = 0.97

        try:
            code = self._stream(command, job, on_line)
            if self._cancel.is_set():
                raise Cancelled()
            produced = out / target.name
            if code != 0 or not produced.exists():
                raise PublishError("Træningen mislykkedes, så der er ingen ny model. Den kørende assistent er "
                                   "ikke ændret.", details=job.log[-8:])
            shutil.move(str(produced), target)
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def _test(self, snapshot: Project, model: Path, out: Path, step: StepState, job: Job) -> None:
        stories = snapshot.test_stories_dir
        if not stories.is_dir() or not any(stories.glob("*.yml")):
            step.status = StepStatus.SKIPPED
            step.detail = "Der er ingen testhistorier."
            return
        out.mkdir(parents=True, exist_ok=True)
        count = sum(len(yamlio.fast_load_file(p).get("stories") or []) for p in stories.glob("*.yml")
                    if isinstance(yamlio.fast_load_file(p), dict))
        step.detail = f"Kører {count} testhistorier …"
        step.fraction = 0.1
        command = story_test_command(snapshot, model, out, fail_on_prediction_errors=True)
        code = self._stream(command, job)
        if self._cancel.is_set():
            raise Cancelled()
        failed = failed_stories(out)
        if code != 0 or failed:
            names = failed or ["(se loggen)"]
            raise PublishError(
                f"{len(failed) or 'Nogle'} af {count} testhistorier fejlede med den nye model, så den er IKKE "
                "udgivet. Den kørende assistent er ikke ændret.", state=JobState.REJECTED,
                details=[f"Fejlede: {name}" for name in names])
        step.detail = f"Alle {count} testhistorier bestod."

    def _load_everywhere(self, job: Job, model: Path) -> Optional[str]:
        """Loads `model` into every Rasa server, one at a time; on a failure the ones already
        switched get their previous model back. Returns the model that ran before (first server)."""
        previous: Dict[str, Optional[str]] = {url: self.api.current_model(url) for url in self.rasa_urls}
        done: List[str] = []
        step = job.steps[-1]
        for number, url in enumerate(self.rasa_urls, start=1):
            step.detail = f"Indlæser i Rasa-server {number} af {len(self.rasa_urls)} …"
            try:
                self.api.load(url, model)
                now = self.api.current_model(url)
                if now != model.name:
                    raise PublishError(f"Rasa-serveren {url} bruger ikke den nye model efter indlæsningen.")
            except PublishError as exc:
                for back in done:
                    if previous.get(back):
                        try:
                            self.api.load(back, self.project.models_dir / previous[back])
                        except PublishError:
                            logger.error("Kunne ikke rulle %s tilbage til %s", back, previous[back])
                exc.message += " Den kørende assistent bruger stadig den tidligere model."
                raise
            done.append(url)
            step.fraction = len(done) / len(self.rasa_urls)
        step.detail = f"Indlæst i {len(done)} Rasa-server{'e' if len(done) != 1 else ''}."
        return previous.get(self.rasa_urls[0]) if self.rasa_urls else None

    def _publish(self, job: Job, snapshot: Project, model: Path, step: StepState) -> Optional[str]:
        previous = self._load_everywhere(job, model)
        if self.kb_url:
            try:
                from bot.kb import build, needs_build

                if needs_build(self.project.catalogue_dir, self.kb_url):
                    step.detail += " Vidensbasen er bygget igen fra kataloget."
                    build(self.project.catalogue_dir, self.kb_url)
            except ImportError:
                pass
        return previous


def failed_stories(out: Path) -> List[str]:
    path = Path(out) / "failed_test_stories.yml"
    if not path.exists():
        return []
    names = re.findall(r"^\s*-\s*story:\s*(.+?)\s*$", path.read_text(encoding="utf-8"), flags=re.M)
    return [n.strip("'\"") for n in names]
