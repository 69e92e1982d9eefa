"""A copy of domain/ that a test changes as an editor would on the responses page, in use for that test.

    from domain_edits import edited_domain   # noqa: F401 (a fixture)

    def test_x(edited_domain):
        edited_domain("chat_page.yml", '- text: "Send"', '- text: "Send beskeden"')
"""
from __future__ import annotations

import shutil

import pytest

from bot import settings


@pytest.fixture
def edited_domain(tmp_path, monkeypatch):
    root = tmp_path / "domain"
    shutil.copytree(settings.DOMAIN_PATH, root)
    monkeypatch.setattr(settings, "DOMAIN_PATH", root)

    def edit(filename: str, old: str, new: str) -> None:
        path = root / filename
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit
