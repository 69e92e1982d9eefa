"""Saving edits safely: validate in a staging copy, then write, then commit.

    store = Store(project, editor_dir)
    result = store.save(changes, "Nyt eksempel på ask_help", author)   # raises ValidationFailed

`changes` maps relative paths to their new text. The steps, under one lock (a thread lock plus a
file lock, so the web server and the command line never interleave):

1. the staging copy: config.yml, domain/, data/ and tests/stories/ copied to a temporary folder with
   the changes applied (and, when the catalogue changed, the NLU data generated from it);
2. the project's own checks (bot.editor.checks) on the staging copy, with Danish messages;
3. `rasa data validate` on the staging copy;
4. only when both pass: each changed file is written atomically (temporary file + rename);
5. when the project is a git repository: one commit of exactly those files, the editor as author.

A failure in 1-3 leaves every file untouched.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

from bot.editor import gitrepo, yamlio
from bot.editor.checks import Problem, check_catalogue, run_checks
from bot.editor.errors import EditError
from bot.editor.project import CATALOGUE_DIR, GENERATED_NLU_DIR, Project
from bot.training import prepare_training_data, validate_command

logger = logging.getLogger(__name__)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_THREAD_LOCKS: Dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


@dataclass
class Author:
    username: str
    name: str
    email: str


@dataclass
class Report:
    ok: bool
    problems: List[Problem] = field(default_factory=list)
    rasa_output: str = ""
    warnings: List[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.ok:
            return "Alt er i orden."
        lines = [str(p) for p in self.problems]
        return "\n".join(lines)


class ValidationFailed(EditError):
    def __init__(self, report: Report):
        count = len(report.problems)
        head = ("Ændringen blev ikke gemt, fordi kontrollen fandt en fejl:" if count == 1 else
                f"Ændringen blev ikke gemt, fordi kontrollen fandt {count} fejl:")
        super().__init__(head, problems=[str(p) for p in report.problems])
        self.report = report


@dataclass
class SaveResult:
    files: List[str]
    commit: Optional[str] = None
    commit_error: Optional[str] = None
    warnings: List[str] = field(default_factory=list)


def rasa_validate(project: Project, timeout: float = 600) -> Report:
    """`rasa data validate` on the project (training data, domain and config)."""
    try:
        result = validate_command(project).run(capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Report(False, [Problem("Rasas kontrol (rasa data validate) tog for lang tid og blev stoppet.")])
    output = _ANSI.sub("", (result.stdout or "") + (result.stderr or ""))
    warnings = sorted({m.group(1).strip() for m in re.finditer(r"UserWarning: (.+)", output)})
    # Rasa reports contradicting stories only as a warning; training would learn nonsense, so it is an error.
    conflicts = []
    for match in re.finditer(r"Story structure conflict (after [^\n]*?):?\n((?:[ \t]+[^\n]*\n?)+)", output):
        where = match.group(1).replace("after intent", "efter intentet").replace("after action", "efter handlingen")
        lines = "; ".join(" ".join(line.split()).replace(" predicted in ", " i historien ")
                          for line in match.group(2).splitlines() if line.strip())
        conflicts.append(Problem(f"Historier modsiger hinanden {where}: {lines}. Ret eller slet en af dem."))
    if conflicts:
        return Report(False, conflicts, rasa_output=output[-6000:], warnings=warnings)
    if result.returncode == 0:
        return Report(True, rasa_output=output, warnings=warnings)
    details = [line.strip() for line in output.splitlines()
               if re.search(r"\bERROR\b|Error|error:|conflict|Conflict", line) and "DeprecationWarning" not in line]
    problems = [Problem("Rasas egen kontrol (rasa data validate) fandt fejl i træningsdata. Rasas besked: "
                        + line) for line in details[:15]] or [
        Problem("Rasas egen kontrol (rasa data validate) fandt fejl i træningsdata (se detaljerne).")]
    return Report(False, problems, rasa_output=output[-6000:], warnings=warnings)


class Store:
    def __init__(self, project: Project, editor_dir: Path, run_rasa: bool = True):
        self.project = project
        self.editor_dir = Path(editor_dir)
        self.run_rasa = run_rasa

    # --- locking -------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        key = str(self.project.root)
        with _LOCKS_GUARD:
            thread_lock = _THREAD_LOCKS.setdefault(key, threading.RLock())
        with thread_lock:
            self.editor_dir.mkdir(parents=True, exist_ok=True)
            with open(self.editor_dir / "skrivelaas", "a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    # --- validation ----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def staging(self, changes: Optional[Dict[str, str]] = None) -> Iterator[Project]:
        base = self.editor_dir / "tmp"
        base.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="staging-", dir=base))
        try:
            staged = self.project.snapshot(folder)
            for rel, text in (changes or {}).items():
                yamlio.atomic_write(staged.path(rel), text)
            yield staged
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _validate_staged(self, staged: Project, catalogue_changed: bool, full: bool) -> Report:
        problems = run_checks_without_catalogue(staged)
        if catalogue_changed or full:
            problems += check_catalogue(staged)
        if problems:
            return Report(False, problems)
        if catalogue_changed or full or not (staged.generated_nlu_dir).exists():
            try:
                prepare_training_data(staged)
            except Exception as exc:  # the catalogue check above reports the details
                return Report(False, [Problem(f"NLU-data kunne ikke laves ud fra kataloget: {exc}")])
        if not self.run_rasa:
            return Report(True)
        return rasa_validate(staged)

    def validate(self, changes: Optional[Dict[str, str]] = None, full: bool = True) -> Report:
        """Validates the project with `changes` applied (nothing is written)."""
        changes = self._normalise(changes or {})
        catalogue_changed = any(rel.startswith(CATALOGUE_DIR + "/") for rel in changes)
        with self.staging(changes) as staged:
            return self._validate_staged(staged, catalogue_changed, full)

    def _normalise(self, changes: Dict[str, str]) -> Dict[str, str]:
        out = {}
        for rel, text in changes.items():
            if str(rel).startswith("domain/"):  # only the responses' texts (the page "Svar")
                from bot.editor.project import PathError
                from bot.editor.responses_edit import DOMAIN_DIR, only_response_texts_changed

                rel = self.project.check_editable(rel, under=(DOMAIN_DIR,))
                if not only_response_texts_changed(self.project.read(rel) or "", text):
                    raise PathError(f"I {rel} kan kun svarenes tekster ændres (siden «Svar»).")
            else:
                rel = self.project.check_editable(rel)
            if not text.endswith("\n"):
                text += "\n"
            if self.project.read(rel) != text:
                out[rel] = text
        return out

    # --- saving ------------------------------------------------------------------------------------------
    def save(self, changes: Dict[str, str], message: str, author: Author) -> SaveResult:
        """Validates, writes and commits; raises ValidationFailed (nothing written) on a problem."""
        with self.lock():
            return self._save_locked(changes, message, author)

    def save_with(self, build, message: str, author: Author) -> SaveResult:
        """Like save(), but computes the changes inside the lock: build(project) -> changes."""
        with self.lock():
            return self._save_locked(build(self.project), message, author)

    def _save_locked(self, changes: Dict[str, str], message: str, author: Author) -> SaveResult:
        changes = self._normalise(changes)
        if not changes:
            return SaveResult([])
        catalogue_changed = any(rel.startswith(CATALOGUE_DIR + "/") for rel in changes)
        with self.staging(changes) as staged:
            report = self._validate_staged(staged, catalogue_changed, full=False)
        if not report.ok:
            logger.info("Redigering afvist af kontrollen (%d fejl)", len(report.problems))
            raise ValidationFailed(report)
        for rel, text in changes.items():
            yamlio.atomic_write(self.project.path(rel), text)
        files = sorted(changes)
        logger.info("Redigering gemt af %s: %s", author.username, ", ".join(files))
        result = SaveResult(files, warnings=report.warnings)
        if gitrepo.is_repository(self.project.root):
            try:
                result.commit = gitrepo.commit(self.project.root, files, message, author.name, author.email)
            except RuntimeError as exc:
                logger.warning("Ændringen er gemt, men git-commit mislykkedes: %s", exc)
                result.commit_error = str(exc)
        return result


def run_checks_without_catalogue(project: Project) -> List[Problem]:
    from bot.editor.checks import check_nlu, check_stories, check_yaml
    from bot.editor.domain import load_domain

    problems = check_yaml(project)
    if problems:
        return problems
    domain = load_domain(project.domain_path)
    problems = [Problem(p, "domain/") for p in domain.problems]
    return problems + check_nlu(project, domain) + check_stories(project, domain)


__all__ = ["Author", "Report", "SaveResult", "Store", "ValidationFailed", "rasa_validate", "run_checks",
           "GENERATED_NLU_DIR"]
