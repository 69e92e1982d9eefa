"""The editor over HTTP: login, sessions, CSRF, roles, and the edits as an editor makes them in the
browser (form posts), each checked in the files and in git."""
from __future__ import annotations

import re
import time

from editor_support import EDITOR_PASSWORD, csrf_from, git, start_editor, tree_state

SAMPLE = {"id": "samtale-fallback", "intent": "ask_help"}


def page(session, server, path):
    response = session.get(server.url + path)
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return response


def post(session, server, path, data, token_from=None, **kwargs):
    if token_from is not None:
        data = {"csrf_token": csrf_from(page(session, server, token_from).text), **data}
    return session.post(server.url + path, data=data, allow_redirects=False, **kwargs)


# --- access ---------------------------------------------------------------------------------------------------------
def _editor_routes(app):
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix")
        if path and path.startswith("/editor") and route.method != "HEAD":
            yield route.method, path.format(**SAMPLE)


def test_no_page_or_action_is_reachable_without_login(editor):
    import requests

    routes = list(_editor_routes(editor.app))
    assert len(routes) > 25
    anonymous = requests.Session()
    for method, path in routes:
        if path in ("/editor/login", "/editor") or path.startswith("/editor/static"):
            continue
        response = anonymous.request(method, editor.url + path, allow_redirects=False)
        if method == "GET":
            if path.startswith("/editor/api/"):
                assert response.status_code == 401, (method, path)
            else:
                assert response.status_code == 303, (method, path, response.status_code)
                assert response.headers["Location"].startswith("/editor/login?next="), path
        else:
            assert response.status_code in (401, 403), (method, path, response.status_code)
            assert "Gem" not in response.text


def test_login_sets_a_safe_session_cookie_and_logout_ends_it(editor):
    import requests

    session = requests.Session()
    login = session.get(editor.url + "/editor/login")
    assert "Log ind" in login.text and '<html lang="da">' in login.text
    wrong = session.post(editor.url + "/editor/login", data={
        "csrf_token": csrf_from(login.text), "username": "anne", "password": "forkert-kode-1234"},
        allow_redirects=False)
    assert wrong.status_code == 401 and "Forkert brugernavn eller adgangskode." in wrong.text
    right = session.post(editor.url + "/editor/login", data={
        "csrf_token": csrf_from(wrong.text), "username": "anne", "password": "Rigtig-god-kode-2026",
        "next": "/editor/samtaler"}, allow_redirects=False)
    assert right.status_code == 303 and right.headers["Location"] == "/editor/samtaler"
    cookie = right.headers["Set-Cookie"]
    assert "editor_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Path=/editor" in cookie
    assert "Anne Jensen" in page(session, editor, "/editor/").text
    logout = post(session, editor, "/editor/logout", {}, token_from="/editor/")
    assert logout.status_code == 303
    assert session.get(editor.url + "/editor/", allow_redirects=False).status_code == 303


def test_login_is_throttled_after_repeated_failures(editor):
    import requests

    session = requests.Session()
    for attempt in range(5):
        token = csrf_from(session.get(editor.url + "/editor/login").text)
        response = session.post(editor.url + "/editor/login", data={
            "csrf_token": token, "username": "bo", "password": f"forkert-{attempt}-kode"}, allow_redirects=False)
        assert response.status_code == 401
    token = csrf_from(session.get(editor.url + "/editor/login").text)
    blocked = session.post(editor.url + "/editor/login", data={
        "csrf_token": token, "username": "bo", "password": EDITOR_PASSWORD}, allow_redirects=False)
    assert blocked.status_code == 429 and "For mange forkerte forsøg" in blocked.text


def test_an_open_redirect_after_login_is_refused(editor):
    import requests

    session = requests.Session()
    token = csrf_from(session.get(editor.url + "/editor/login").text)
    response = session.post(editor.url + "/editor/login", data={
        "csrf_token": token, "username": "anne", "password": "Rigtig-god-kode-2026",
        "next": "https://ondt.example/"}, allow_redirects=False)
    assert response.headers["Location"] == "/editor/"


def test_csrf_is_required_on_every_post(editor):
    session = editor.session()
    before = tree_state(editor.project.root)
    data = {"text": "hvad går du ud på", "intent": "ask_help"}
    missing = post(session, editor, "/editor/eksempler/ny", data)
    assert missing.status_code == 403 and "CSRF" in missing.text
    wrong = post(session, editor, "/editor/eksempler/ny", {**data, "csrf_token": "0" * 64})
    assert wrong.status_code == 403
    token = csrf_from(page(session, editor, "/editor/eksempler/ny").text)
    foreign = post(session, editor, "/editor/eksempler/ny", {**data, "csrf_token": token},
                   headers={"Origin": "https://ondt.example"})
    assert foreign.status_code == 403
    # Another user's token does not work in this session.
    other = editor.session("bo", EDITOR_PASSWORD)
    stolen = csrf_from(page(other, editor, "/editor/eksempler/ny").text)
    assert post(session, editor, "/editor/eksempler/ny", {**data, "csrf_token": stolen}).status_code == 403
    assert tree_state(editor.project.root) == before


def test_login_form_has_csrf_protection_too(editor):
    import requests

    response = requests.post(editor.url + "/editor/login", data={"username": "anne", "password": "Rigtig-god-kode-2026"},
                             allow_redirects=False)
    assert response.status_code == 403


def test_users_page_is_for_admins_only(editor):
    bo = editor.session("bo", EDITOR_PASSWORD)
    assert bo.get(editor.url + "/editor/brugere").status_code == 403
    token = csrf_from(page(bo, editor, "/editor/").text)
    forbidden = post(bo, editor, "/editor/brugere", {"csrf_token": token, "action": "remove", "username": "anne"})
    assert forbidden.status_code == 403
    assert editor.state.users.get("anne") is not None
    anne = editor.session()
    assert "Opret bruger" in page(anne, editor, "/editor/brugere").text


def test_an_admin_creates_a_user_who_can_log_in(editor):
    anne = editor.session()
    response = post(anne, editor, "/editor/brugere", {
        "action": "add", "username": "cecilie", "name": "Cecilie Holm", "role": "editor",
        "password": "Cecilies-kode-2026", "password2": "Cecilies-kode-2026"}, token_from="/editor/brugere")
    assert response.status_code == 303
    assert "Cecilie Holm" in page(editor.session("cecilie", "Cecilies-kode-2026"), editor, "/editor/").text


def test_changing_a_password_ends_the_sessions(editor):
    bo = editor.session("bo", EDITOR_PASSWORD)
    anne = editor.session()
    post(anne, editor, "/editor/brugere", {"action": "password", "username": "bo", "password": "Bos-nye-kode-2026",
                                          "password2": "Bos-nye-kode-2026"}, token_from="/editor/brugere")
    assert bo.get(editor.url + "/editor/", allow_redirects=False).status_code == 303


def test_security_headers(editor):
    response = page(editor.session(), editor, "/editor/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


# --- conversations -------------------------------------------------------------------------------------------------------
def test_conversations_are_listed_and_filtered(editor):
    session = editor.session()
    everything = page(session, editor, "/editor/samtaler").text
    assert "3 samtaler" in everything
    fallback = page(session, editor, "/editor/samtaler?fallback=1").text
    assert "1 samtale<" in fallback and "hvad går du egentlig ud på" in fallback and "lærer" not in fallback
    negative = page(session, editor, "/editor/samtaler?ned=1").text
    assert "Negativ vurdering: 1" in negative and "hvad går du egentlig" not in negative
    search = page(session, editor, "/editor/samtaler?q=L%C3%86RER").text
    assert "1 samtale<" in search
    bad = page(session, editor, "/editor/samtaler?fra=i-går").text
    assert "ÅÅÅÅ-MM-DD" in bad


def test_one_conversation_shows_intent_confidence_and_entities(editor):
    session = editor.session()
    html = page(session, editor, "/editor/samtaler/samtale-ned").text
    assert "Kompetenceprofil for en rolle (ask_role_profile)" in html
    assert "62 %" in html and "«lærer» = role (folkeskolelaerer)" in html
    assert "Hjalp ikke (tommel ned)" in html
    assert "/editor/eksempler/ny?samtale=samtale-ned&amp;tur=1" in html
    fallback = page(session, editor, "/editor/samtaler/samtale-fallback").text
    assert "Ikke forstået" in fallback and "41 %" in fallback
    assert session.get(editor.url + "/editor/samtaler/findes-ikke").status_code == 404


# --- edits ----------------------------------------------------------------------------------------------------------------
def test_add_a_users_message_as_an_example(editor):
    session = editor.session()
    form = page(session, editor, "/editor/eksempler/ny?samtale=samtale-fallback&tur=1").text
    assert 'value="hvad går du egentlig ud på"' in form
    assert '<option value="ask_help" selected>' in form  # the best guess after the fallback
    response = post(session, editor, "/editor/eksempler/ny", {
        "csrf_token": csrf_from(form), "text": "hvad går du egentlig ud på", "intent": "ask_help",
        "samtale": "samtale-fallback", "tur": "1"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/editor/samtaler/samtale-fallback"
    assert "- hvad går du egentlig ud på" in editor.project.read("data/nlu/core.yml")
    assert git(editor.project.root, "log", "-1", "--format=%an|%s").startswith(
        "Anne Jensen|Nyt eksempel på ask_help")
    shown = page(session, editor, response.headers["Location"]).text
    assert "er gemt som eksempel på" in shown and "Gemt i git som" in shown


def test_an_example_with_an_entity_correcting_the_intent(editor):
    session = editor.session()
    form = page(session, editor, "/editor/eksempler/ny?samtale=samtale-ned&tur=1").text
    assert 'value="lærer"' in form and 'value="folkeskolelaerer"' in form
    response = post(session, editor, "/editor/eksempler/ny", {
        "csrf_token": csrf_from(form), "text": "hvad skal en lærer kunne om datasikkerhed", "intent": "ask_role_profile",
        "ent-1-text": "lærer", "ent-1-entity": "role", "ent-1-value": "",
        "ent-2-text": "datasikkerhed", "ent-2-entity": "area", "ent-2-value": "",
        "ent-3-text": "", "ent-3-entity": "", "ent-3-value": ""})
    assert response.status_code == 303, response.text[:1000]
    assert "- hvad skal en [lærer](role) kunne om [datasikkerhed](area)" in editor.project.read("data/nlu/catalogue.yml")


def test_a_guessed_entity_the_catalogue_does_not_know_is_not_offered_as_an_annotation(editor, tracker):
    # The understanding once tagged "repertoire" as a role; the form would have saved it as [repertoire](role).
    text = "hvad er dit repertoire, og hvad skal en lærer kunne"
    guess, teacher = text.index("repertoire"), text.index("lærer")
    tracker.start("samtale-gaet")
    tracker.user("samtale-gaet", text, "nlu_fallback", 0.4, ranking=[("nlu_fallback", 0.4), ("ask_help", 0.3)],
                 entities=[{"entity": "role", "start": guess, "end": guess + 10, "value": "repertoire",
                            "extractor": "DIETClassifier"},
                           {"entity": "role", "start": teacher, "end": teacher + 5, "value": "folkeskolelaerer",
                            "extractor": "x"}])
    form = page(editor.session(), editor, "/editor/eksempler/ny?samtale=samtale-gaet&tur=1").text
    assert 'value="repertoire"' not in form
    assert 'value="lærer"' in form and 'value="folkeskolelaerer"' in form


def test_an_invalid_example_is_refused_with_a_clear_message_and_nothing_written(editor):
    session = editor.session()
    before = tree_state(editor.project.root)
    head = git(editor.project.root, "rev-parse", "HEAD")
    duplicate = post(session, editor, "/editor/eksempler/ny", {"text": "Hej", "intent": "ask_help"},
                     token_from="/editor/eksempler/ny")
    assert duplicate.status_code == 422
    assert "allerede et eksempel på intentet «greet»" in duplicate.text and "Intet er gemt" in duplicate.text
    assert 'name="move"' in duplicate.text  # offers to move it instead
    entity = post(session, editor, "/editor/eksempler/ny", {
        "text": "hej med dig", "intent": "greet", "ent-1-text": "lærer", "ent-1-entity": "role"},
        token_from="/editor/eksempler/ny")
    assert entity.status_code == 422 and "står ikke i eksemplet" in entity.text
    assert 'aria-invalid="true"' in entity.text
    assert tree_state(editor.project.root) == before
    assert git(editor.project.root, "rev-parse", "HEAD") == head


def test_save_a_conversation_as_a_test_story_with_a_corrected_intent(editor):
    session = editor.session()
    form = page(session, editor, "/editor/samtaler/samtale-fallback/historie").text
    assert 'value="intent:nlu_fallback" selected' in form
    data = {"csrf_token": csrf_from(form), "name": "spørger hvad den går ud på", "target": "test",
            "step-count": "4", "step-1-choice": "intent:ask_help", "step-1-text": "hvad går du egentlig ud på",
            "step-2-choice": "action:utter_ask_rephrase", "step-3-choice": "", "step-4-choice": ""}
    suggested = post(session, editor, "/editor/samtaler/samtale-fallback/historie", {**data, "action": "suggest"})
    assert suggested.status_code == 200
    assert 'value="action:utter_help" selected' in suggested.text
    assert 'value="action:utter_ask_rephrase" selected' not in suggested.text
    saved = post(session, editor, "/editor/samtaler/samtale-fallback/historie", {
        **data, "step-2-choice": "action:utter_help", "action": "save"})
    assert saved.status_code == 303, saved.text[:2000]
    text = editor.project.read("tests/stories/editor.yml")
    assert ("  - story: spørger hvad den går ud på\n    steps:\n      - user: |\n          hvad går du egentlig ud på\n"
            "        intent: ask_help\n      - action: utter_help\n") in text


def test_a_story_that_contradicts_a_rule_is_refused(editor):
    session = editor.session()
    before = tree_state(editor.project.root)
    response = post(session, editor, "/editor/historier/ny", {
        "type": "story", "name": "forkert svar", "step-count": "2",
        "step-1-choice": "intent:greet", "step-2-choice": "action:utter_goodbye"}, token_from="/editor/historier/ny")
    assert response.status_code == 422
    assert "efter «greet» svarer assistenten altid med «utter_greet»" in response.text
    assert tree_state(editor.project.root) == before


def test_create_edit_and_delete_a_rule(editor):
    session = editor.session()
    created = post(session, editor, "/editor/historier/ny", {
        "type": "rule", "name": "tak for kaffe", "step-count": "2", "cond-count": "0",
        "wait_for_user_input": "on", "step-1-choice": "intent:thank", "step-2-choice": "action:utter_thank"},
        token_from="/editor/historier/ny?type=rule")
    # An unconditional rule for «thank» exists already: Rasa sees no conflict (same answer), so it is saved.
    assert created.status_code == 303, created.text[:2000]
    assert "  - rule: tak for kaffe\n    steps:\n      - intent: thank\n      - action: utter_thank\n" in \
        editor.project.read("data/rules/editor.yml")
    listing = page(session, editor, "/editor/historier").text
    link = re.search(r'href="(/editor/historier/rediger\?type=rule&amp;fil=data%2Frules%2Feditor.yml[^"]+)"', listing)
    form = page(session, editor, link.group(1).replace("&amp;", "&")).text
    fields = dict(re.findall(r'<input type="hidden" name="(fil|nr|navn|version|type)" value="([^"]*)"', form))
    edited = post(session, editor, "/editor/historier/rediger", {
        **fields, "csrf_token": csrf_from(form), "name": "tak for kaffe", "action": "save", "step-count": "3",
        "cond-count": "1", "cond-1-choice": "slot:audience", "cond-1-extra": "citizen", "wait_for_user_input": "on",
        "step-1-choice": "intent:thank", "step-2-choice": "action:utter_thank", "step-3-choice": ""})
    assert edited.status_code == 303, edited.text[:2000]
    assert "    condition:\n      - slot_was_set:\n          - audience: citizen\n" in \
        editor.project.read("data/rules/editor.yml")
    stale = post(session, editor, "/editor/historier/rediger", {
        **fields, "csrf_token": csrf_from(form), "action": "delete"})
    assert stale.status_code == 422 and "ændret, siden du åbnede" in stale.text
    form = page(session, editor, link.group(1).replace("&amp;", "&")).text
    fields = dict(re.findall(r'<input type="hidden" name="(fil|nr|navn|version|type)" value="([^"]*)"', form))
    deleted = post(session, editor, "/editor/historier/rediger", {**fields, "csrf_token": csrf_from(form),
                                                                  "action": "delete"})
    assert deleted.status_code == 303
    assert "tak for kaffe" not in editor.project.read("data/rules/editor.yml")


def test_edit_a_catalogue_entry(editor):
    session = editor.session()
    url = "/editor/katalog/rediger?fil=data/catalogue/tilbud.yml&post=tilbud.1&id=digcompsat"
    form = page(session, editor, url).text
    values = dict(re.findall(r'<(?:input type="text"|textarea) id="[^"]+" name="(f\.[^"]+)"(?: [^>]*)?>(?:([^<]*)</textarea>)?', form))
    inputs = dict(re.findall(r'name="(f\.[^"]+)" value="([^"]*)"', form))
    areas = re.findall(r'name="(f\.[^"]+)"[^>]*>([^<]*)</textarea>', form)
    data = {**inputs, **{k: v.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&") for k, v in areas}}
    data.update({"csrf_token": csrf_from(form), "fil": "data/catalogue/tilbud.yml", "post": "tilbud.1",
                 "id": "digcompsat", "version": re.search(r'name="version" value="([^"]+)"', form).group(1),
                 "f.målgrupper": "medarbejdere\nledere"})
    before = editor.project.read("data/catalogue/tilbud.yml")
    saved = post(session, editor, "/editor/katalog/rediger", data)
    assert saved.status_code == 303, saved.text[:3000]
    after = editor.project.read("data/catalogue/tilbud.yml")
    assert after.replace("målgrupper: [medarbejdere, ledere]", "målgrupper: [medarbejdere, borgere]", 1) == before
    broken = post(session, editor, "/editor/katalog/rediger", {**data, "csrf_token": csrf_from(page(session, editor, url).text),
                                                             "version": re.search(r'name="version" value="([^"]+)"', page(session, editor, url).text).group(1),
                                                             "f.type": "tryllestav"})
    assert broken.status_code == 422 and "tryllestav" in broken.text
    assert editor.project.read("data/catalogue/tilbud.yml") == after


def test_validate_everything(editor):
    session = editor.session()
    response = post(session, editor, "/editor/valider", {}, token_from="/editor/")
    assert response.status_code == 200 and "Alt er i orden" in response.text


# --- publish (with stand-ins for training and Rasa) --------------------------------------------------------------------------
def test_publish_progress_and_rollback_over_http(tmp_path, project, tracker):
    from test_editor_publish import FakeRasa, passing_tests, trainer

    from bot.editor.publish import Publisher
    from bot.editor.store import Store

    project.models_dir.mkdir(parents=True, exist_ok=True)
    (project.models_dir / "gammel.tar.gz").write_bytes(b"old")
    rasa = FakeRasa("gammel.tar.gz")
    rasa.models = {"http://a": "gammel.tar.gz"}
    store = Store(project, tmp_path / "var" / "editor", run_rasa=False)
    publisher = Publisher(project, tmp_path / "var" / "editor", ["http://a"], "t", store=store, trainer=trainer,
                          tester=passing_tests, api=rasa)
    server, stop = start_editor(tmp_path, project, tracker.url, ["http://a"], publisher=publisher)
    try:
        session = server.session("bo", EDITOR_PASSWORD)
        started = post(session, server, "/editor/udgiv", {}, token_from="/editor/udgiv")
        assert started.status_code == 303
        deadline = time.time() + 120
        while True:
            job = session.get(server.url + "/editor/api/udgiv/status").json()["job"]
            if not job["running"] or time.time() > deadline:
                break
            time.sleep(0.5)
        assert job["state"] == "udgivet" and job["progress"] == 100, job
        html = page(session, server, "/editor/udgiv").text
        assert "Rul tilbage til forrige model" in html and "gammel.tar.gz" in html
        back = post(session, server, "/editor/udgiv/tilbage", {}, token_from="/editor/udgiv")
        assert back.status_code == 303
        assert "Tilbagerulningen er startet" in page(session, server, back.headers["Location"]).text
        deadline = time.time() + 60
        while session.get(server.url + "/editor/api/udgiv/status").json()["job"]["running"] and time.time() < deadline:
            time.sleep(0.2)
        assert rasa.models["http://a"] == "gammel.tar.gz"
        assert "Assistenten bruger nu den tidligere model" in page(session, server, "/editor/udgiv").text
    finally:
        stop()
