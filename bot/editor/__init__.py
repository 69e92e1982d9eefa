"""The editor: where content people review conversations, teach the assistant and publish.

Pages under /editor on the web server (bot/web), and the same operations on the command line
(`python -m bot editor …`). The YAML files in data/ (and the test stories in tests/stories/) stay the
source of truth: every change is validated in a staging copy first and only then written, tidy and
diff-friendly, and committed to git with the editor as author when the project is a git repository.

    config        EditorConfig: project root, runtime folder, Rasa servers, tracker store
    project       Project: the paths of one project tree (the real one, or a copy in tests)
    yamlio        round-trip YAML (ruamel.yaml) that keeps files byte-identical where untouched
    domain        what the domain declares: intents, entities, slots, actions, responses, forms
    nlu           NLU examples per intent: read, add (with entity annotation), move, delete
    stories       stories, rules and test stories: read, create, edit, delete, from a conversation
    catalogue_edit  catalogue entries as forms
    checks        the project's own checks (Danish messages)
    store         validate in a staging copy (own checks + `rasa data validate`), write, commit
    conversations the tracker store (read-only): list, filter, one conversation's turns
    auth          users (argon2 hashes), signed session cookies, CSRF tokens, roles
    publish       train, run the test stories, load into the running Rasa server(s), roll back
    web/          the aiohttp pages, one module per area, and their middlewares (setup_editor(app) mounts
                  them under /editor)
    cli           `python -m bot editor …`
"""
