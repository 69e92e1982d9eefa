"""The chat page in a real browser (Debian's Chromium through Playwright) against the real Rasa
server, the action server and the web server."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT = 30_000
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def bot_texts(page):
    return page.locator(".message-bot .message-text").all_inner_texts()


def user_texts(page):
    return page.locator(".message-user .message-text").all_inner_texts()


def wait_for_bot_messages(page, count: int):
    page.wait_for_function(
        "n => document.querySelectorAll('.message-bot').length >= n", arg=count, timeout=ANSWER_TIMEOUT
    )


def open_chat(page, chat_server, query: str = ""):
    page.goto(f"{chat_server.url}/{query}")
    wait_for_bot_messages(page, 1)  # the greeting
    return page


def conversation_id(page) -> str:
    return page.evaluate("document.getElementById('chat').conversationId")


def ask(page, text: str):
    before = page.locator(".message-bot").count()
    page.fill("#chat-input", text)
    page.press("#chat-input", "Enter")
    wait_for_bot_messages(page, before + 1)
    page.wait_for_timeout(300)  # a turn may have more than one message


def axe_violations(page, axe_source):
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_greeting_question_and_answer_in_danish(page, chat_server):
    open_chat(page, chat_server)
    assert page.locator("html").get_attribute("lang") == "da"
    assert "Hej" in bot_texts(page)[0]
    # The greeting comes from the hidden "/greet", which is never shown as the user's message.
    assert page.locator(".message-user").count() == 0
    assert page.locator(".quick-reply").count() >= 2
    # The typing indicator shows while the assistant answers.
    page.evaluate(
        """() => { window.__typingSeen = false;
        const t = document.getElementById('chat-typing');
        new MutationObserver(() => { if (!t.hidden) window.__typingSeen = true; })
          .observe(t, {attributes: true}); }"""
    )
    ask(page, "hvad kan du hjælpe med?")
    assert page.evaluate("window.__typingSeen") is True
    assert page.locator("#chat-typing").is_hidden()
    answer = bot_texts(page)[-1]
    assert "kompetence" in answer.lower()
    # "- " lines are shown as a real list.
    assert page.locator(".message-bot").last.locator("ul > li").count() >= 2
    assert page.js_errors == []


def test_quick_reply(page, chat_server):
    open_chat(page, chat_server)
    button = page.locator(".quick-reply", has_text="Hvad kan du hjælpe med?")
    button.click()
    wait_for_bot_messages(page, 2)
    # The button's title is shown as what the user said; the suggestions are gone; focus is back in the input.
    assert user_texts(page)[-1] == "Hvad kan du hjælpe med?"
    assert page.locator(".quick-reply").count() == 0
    assert page.evaluate("document.activeElement.id") == "chat-input"
    assert "kompetence" in bot_texts(page)[-1].lower()


def test_conversation_survives_a_reload(page, chat_server):
    open_chat(page, chat_server)
    ask(page, "hvad kan du hjælpe med?")
    cid = conversation_id(page)
    shown = bot_texts(page)
    page.reload()
    page.wait_for_selector(".message-bot")
    assert conversation_id(page) == cid
    assert bot_texts(page) == shown
    assert user_texts(page) == ["hvad kan du hjælpe med?"]
    # The conversation goes on in the same Rasa session, and no second greeting is asked for.
    ask(page, "tak")
    events = chat_server.tracker(cid)["events"]
    said = [e.get("text") for e in events if e["event"] == "user"]
    assert said.count("/greet") == 1
    assert "hvad kan du hjælpe med?" in said and "tak" in said


def test_feedback_is_stored_with_the_conversation(page, chat_server):
    open_chat(page, chat_server)
    ask(page, "hvad kan du hjælpe med?")
    answer_turn = page.locator(".turn-bot").last
    answer_turn.get_by_role("button", name=re.compile("^Nej")).click()
    answer_turn.get_by_text("Tak for din vurdering.").wait_for()
    assert answer_turn.get_by_role("button", name=re.compile("^Nej")).get_attribute("aria-pressed") == "true"
    events = chat_server.tracker(conversation_id(page))["events"]
    feedback = [e for e in events if e["event"] == "slot" and e["name"] == "feedback"]
    assert len(feedback) == 1
    value = feedback[0]["value"]
    assert value["value"] == "ned"
    assert value["question"] == "hvad kan du hjælpe med?"
    assert "kompetence" in value["message"].lower()
    # Editors find it in the tracker store (`python -m bot.web vurderinger --ned`).
    if chat_server.tracker_db_url:
        from bot.web.feedback import feedback_entries

        stored = [e for e in feedback_entries(chat_server.tracker_db_url, value="ned")
                  if e["conversation_id"] == conversation_id(page)]
        assert [e["question"] for e in stored] == ["hvad kan du hjælpe med?"]
    # The greeting is not an answer and has no feedback buttons.
    assert page.locator(".turn-bot").first.locator(".feedback").count() == 0


def test_markup_from_the_user_is_shown_as_text(page, chat_server):
    open_chat(page, chat_server)
    evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> **fed**'
    ask(page, evil)
    assert user_texts(page)[-1] == evil
    assert page.locator("#chat-log script, #chat-log img, #chat-log b, #chat-log strong").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.js_errors == []


def test_citizen_page_greets_in_plain_language(page, chat_server):
    open_chat(page, chat_server, "?audience=citizen")
    greeting = bot_texts(page)[0]
    assert "MitID" in greeting
    titles = page.locator(".quick-reply").all_inner_texts()
    assert "Hjælp med MitID" in titles
    tracker = chat_server.tracker(conversation_id(page))
    assert tracker["slots"]["audience"] == "citizen"


def test_staff_is_the_default_audience(page, chat_server):
    open_chat(page, chat_server)
    assert chat_server.tracker(conversation_id(page))["slots"]["audience"] == "staff"
    assert "Min rolles kompetenceprofil" in page.locator(".quick-reply").all_inner_texts()


def test_keyboard_only_with_visible_focus(page, chat_server):
    open_chat(page, chat_server)
    page.locator("body").focus()
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
            return {id: el.id, cls: el.className, text: el.innerText || '', outline: s.outlineStyle,
                    width: parseFloat(s.outlineWidth)}; }"""
        )
        seen.append(info)
        assert info["outline"] != "none" and info["width"] >= 2, f"no visible focus on {info}"
        if info["id"] == "chat-input":
            break
    reached = [i["cls"] for i in seen]
    assert any("quick-reply" in c for c in reached), seen
    assert seen[-1]["id"] == "chat-input", seen
    page.keyboard.type("hvad kan du hjælpe med?")
    before = page.locator(".message-bot").count()
    page.keyboard.press("Enter")
    wait_for_bot_messages(page, before + 1)
    # Shift+Tab goes back through the answer's controls: the feedback buttons are reachable.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "feedback-button" in focused or "chat-log" in focused


def test_new_messages_are_announced(page, chat_server):
    open_chat(page, chat_server)
    live = page.locator("#chat-announcer")
    assert live.get_attribute("aria-live") == "polite"
    ask(page, "hvad kan du hjælpe med?")
    assert "kompetence" in live.inner_text().lower()
    assert page.get_by_label("Skriv din besked").count() == 1


def test_axe_finds_no_serious_violations(playwright_browser, chat_server, axe_source):
    # axe is injected as an inline script, which the page's CSP forbids: bypass it for the scan only.
    for viewport, query in [({"width": 1024, "height": 768}, ""), ({"width": 375, "height": 667}, "?audience=citizen")]:
        ctx = playwright_browser.new_context(locale="da-DK", viewport=viewport, bypass_csp=True)
        try:
            page = ctx.new_page()
            open_chat(page, chat_server, query)
            ask(page, "hvad kan du hjælpe med?")
            assert axe_violations(page, axe_source) == []
        finally:
            ctx.close()


@pytest.mark.parametrize(
    "viewport",
    [
        {"width": 375, "height": 667},  # a phone
        {"width": 640, "height": 400},  # 200 % zoom of a 1280×800 window
        {"width": 320, "height": 568},  # 400 % zoom of a 1280 px wide window (WCAG 1.4.10)
    ],
)
def test_phone_and_zoom_without_horizontal_scrolling(playwright_browser, chat_server, viewport):
    ctx = playwright_browser.new_context(locale="da-DK", viewport=viewport, has_touch=True)
    try:
        page = ctx.new_page()
        open_chat(page, chat_server)
        ask(page, "hvad kan du hjælpe med?")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"vandret rulning på {overflow}px"
        for selector in ("#chat-input", ".chat-send", ".quick-reply, .feedback-button"):
            target = page.locator(selector).first
            target.scroll_into_view_if_needed()
            box = target.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, selector
        # 200 % text: the browser's own zoom of text only must not break the layout either.
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"vandret rulning ved 200 % tekst: {overflow}px"
    finally:
        ctx.close()


def test_reconnects_after_a_dropped_connection(page, chat_server):
    sockets = []

    def proxy(ws):
        ws.connect_to_server()
        sockets.append(ws)

    page.route_web_socket(re.compile(r"/socket\.io/"), proxy)
    open_chat(page, chat_server)
    cid = conversation_id(page)
    sockets[-1].close()
    page.get_by_text("Forbindelsen blev afbrudt").wait_for(timeout=10_000)
    page.get_by_text("Forbindelsen er genoprettet.").wait_for(timeout=20_000)
    assert len(sockets) >= 2
    ask(page, "hvad kan du hjælpe med?")
    assert conversation_id(page) == cid
    assert "kompetence" in bot_texts(page)[-1].lower()


def test_start_over_begins_a_new_conversation(page, chat_server):
    open_chat(page, chat_server)
    ask(page, "hvad kan du hjælpe med?")
    old = conversation_id(page)
    page.get_by_role("button", name="Start forfra").click()
    page.wait_for_function("old => document.getElementById('chat').conversationId !== old", arg=old)
    wait_for_bot_messages(page, 1)
    assert page.locator(".message-user").count() == 0
    assert "Hej" in bot_texts(page)[0]


def test_the_delete_button_asks_first_and_then_deletes_the_conversation(page, chat_server):
    import sqlalchemy as sa

    open_chat(page, chat_server)
    ask(page, "hvordan får jeg mitid?")
    cid = conversation_id(page)
    before = page.locator(".message-bot").count()
    page.get_by_role("button", name="Slet samtalen").click()
    wait_for_bot_messages(page, before + 1)
    assert "Vil du have, at jeg sletter hele samtalen?" in bot_texts(page)[-1]
    assert user_texts(page)[-1] == "Slet min samtale"
    before = page.locator(".message-bot").count()
    page.get_by_role("button", name="Ja, slet samtalen").click()
    wait_for_bot_messages(page, before + 1)
    assert "Din samtale er nu slettet" in bot_texts(page)[-1]
    engine = sa.create_engine(chat_server.tracker_db_url)
    try:
        with engine.connect() as connection:
            left = connection.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": cid}).scalar()
    finally:
        engine.dispose()
    assert left == 0


def test_embed_snippet_opens_the_chat_in_a_dialog_frame(page, chat_server):
    page.goto(f"{chat_server.url}/eksempel")
    launcher = page.get_by_role("button", name="Chat med assistenten")
    assert launcher.get_attribute("aria-expanded") == "false"
    launcher.click()
    assert launcher.get_attribute("aria-expanded") == "true"
    frame = page.frame_locator("iframe[title='Chat med digital parathed-assistenten']")
    frame.locator(".message-bot").first.wait_for(timeout=ANSWER_TIMEOUT)
    frame.get_by_role("button", name="Luk chatten").click()
    # The frame tells the page with postMessage, so the launcher changes a moment after the click.
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("document.activeElement.className") == "parathed-chat-launcher"


def test_unavailable_assistant_is_explained(page, chat_server_without_rasa):
    page.goto(chat_server_without_rasa + "/")
    page.get_by_text("Chatten er ikke tilgængelig lige nu").wait_for(timeout=20_000)
    page.fill("#chat-input", "hej")
    page.press("#chat-input", "Enter")
    page.get_by_text("Beskeden blev ikke sendt").wait_for()
    assert page.input_value("#chat-input") == "hej"  # nothing the user wrote is lost


def test_the_scripts_texts_come_with_the_page(page, chat_server_without_rasa):
    # The script has no words of its own: they come from domain/chat_page.yml in the page (bot/web/texts.py).
    page.goto(chat_server_without_rasa + "/")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#chat-form-error")).to_have_text("Skriv en besked, før du sender.")
    page.fill("#chat-input", "x" * 1000)
    page.evaluate("document.getElementById('chat-input').value += 'x'")  # past the field's maxlength
    page.press("#chat-input", "Enter")
    expect(page.locator("#chat-form-error")).to_have_text("Beskeden er for lang. Skriv højst 1000 tegn.")
    assert not page.js_errors
