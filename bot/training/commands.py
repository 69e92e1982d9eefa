"""The Rasa commands run on a project (validate the data, train a model, run the test stories) with
the environment every Rasa process gets. A command runs to the end (`run`) or passes its output line
by line to a callback while it runs (`stream`, the editor's progress)."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional

from bot import settings
from bot.training.project import CONFIG_FILE, DOMAIN_DIR, REAL_PROJECT, RasaProject

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def rasa_bin() -> str:
    return str(Path(sys.executable).with_name("rasa"))


def rasa_env(project: RasaProject = REAL_PROJECT) -> Dict[str, str]:
    """Environment for a Rasa process on `project`: no telemetry, our code importable (also from a
    copy's folder), the project's catalogue for the entity patterns."""
    path = os.environ.get("PYTHONPATH", "")
    env = {**os.environ, **settings.rasa_env(),
           "PYTHONPATH": str(settings.ROOT) + (os.pathsep + path if path else "")}
    if project.catalogue_dir is not None:
        env["CATALOGUE_DIR"] = str(project.catalogue_dir)
    return env


@dataclass(frozen=True)
class RasaCommand:
    argv: List[str]
    cwd: Path
    env: Dict[str, str]

    def run(self, **options) -> subprocess.CompletedProcess:
        """subprocess.run with this command's folder and environment (options: check, capture_output …)."""
        return subprocess.run(self.argv, cwd=self.cwd, env=self.env, **options)

    def stream(self, on_line: Callable[[str], None],
               started: Optional[Callable[[subprocess.Popen], None]] = None) -> int:
        """Runs the command in its own process group and returns its exit code. Each line of its output
        (stdout and stderr; progress bars' updates count as lines; colours removed; blank lines skipped)
        goes to on_line. `started` gets the process, e.g. to stop it with os.killpg(process.pid, …);
        if this returns early (on_line raised), the process group is killed."""
        process = subprocess.Popen(self.argv, cwd=self.cwd, env=self.env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        if started:
            started(process)
        buffer = b""
        try:
            while True:
                chunk = process.stdout.read1(4096)
                if not chunk:
                    break
                buffer += chunk
                parts = re.split(rb"[\r\n]", buffer)
                buffer = parts.pop()
                for raw in parts:
                    line = _ANSI.sub("", raw.decode("utf-8", "replace")).strip()
                    if line:
                        on_line(line)
            return process.wait()
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.stdout.close()


def rasa_command(project: RasaProject, *args: str) -> RasaCommand:
    """`rasa ARGS…` run in the project's root."""
    return RasaCommand([rasa_bin(), *args], project.root, rasa_env(project))


def validate_command(project: RasaProject = REAL_PROJECT) -> RasaCommand:
    """`rasa data validate`: training data, domain and config."""
    return rasa_command(project, "data", "validate", "--domain", DOMAIN_DIR, "--config", CONFIG_FILE,
                        "--data", *project.data_args())


def train_command(project: RasaProject, out_dir: Path, name: str, finetune: Optional[Path] = None,
                  epoch_fraction: float = 1.0) -> RasaCommand:
    """`rasa train`, writing out_dir/<name>.tar.gz; with `finetune`, continuing from that model's weights
    for `epoch_fraction` of the configured epochs (Rasa's incremental training)."""
    more = ["--finetune", str(finetune), "--epoch-fraction", str(epoch_fraction)] if finetune else []
    return rasa_command(project, "train", "--config", CONFIG_FILE, "--domain", DOMAIN_DIR,
                        "--data", *project.data_args(), "--out", str(out_dir), "--fixed-model-name", name, *more)


def story_test_command(project: RasaProject, model: Path, out_dir: Path,
                         fail_on_prediction_errors: bool = False) -> RasaCommand:
    """`rasa test core` with the project's test stories; the failed ones are written to
    out_dir/failed_test_stories.yml. With fail_on_prediction_errors Rasa stops at the first failure."""
    return rasa_command(project, "test", "core", "--model", str(model), "--stories", str(project.test_stories_dir),
                        *(["--fail-on-prediction-errors"] if fail_on_prediction_errors else []),
                        "--out", str(out_dir), "--no-plot")
