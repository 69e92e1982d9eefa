"""The test stories in tests/stories/ against the trained model (rasa test core)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import yaml


def _count_stories(path: Path) -> int:
    files = [path] if path.is_file() else sorted(path.rglob("*.yml"))
    total = 0
    for f in files:
        content = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        total += len(content.get("stories") or [])
    return total


def run_test_stories(model: Path, out_dir: Path) -> Dict[str, Any]:
    from bot.training import REAL_PROJECT, story_test_command

    stories = REAL_PROJECT.test_stories_dir
    if not stories.exists():
        return {"ok": True, "stories": 0, "failed": 0, "failed_names": []}
    out_dir.mkdir(parents=True, exist_ok=True)
    result = story_test_command(REAL_PROJECT, model, out_dir).run(capture_output=True, text=True)
    failed_file = out_dir / "failed_test_stories.yml"
    failed_names = []
    if failed_file.exists():
        content = yaml.safe_load(failed_file.read_text(encoding="utf-8")) or {}
        failed_names = [s.get("story", "?") for s in content.get("stories") or []]
    return {
        "ok": result.returncode == 0 and not failed_names,
        "stories": _count_stories(stories),
        "failed": len(failed_names),
        "failed_names": failed_names,
        "tail": "" if result.returncode == 0 else (result.stdout + result.stderr)[-2000:],
    }
