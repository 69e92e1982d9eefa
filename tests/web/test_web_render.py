"""The page's safe text rendering (web/src/render.js), tested with node's own test runner."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from bot import settings


def test_render_js_unit_tests_pass():
    node = shutil.which("node")
    if not node:
        if os.environ.get("CI"):
            pytest.fail("node mangler")
        pytest.skip("node er ikke installeret")
    result = subprocess.run(
        [node, "--test", "test/"], cwd=settings.ROOT / "web", capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
