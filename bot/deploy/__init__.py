"""Running the assistant in production: resilient stores, the action-failure apology, the scaled-out
profile (PostgreSQL, Redis, several Rasa replicas) and a small sticky reverse proxy.

    python -m bot.deploy check      # is the production environment complete and within PostgreSQL's limits?
    python -m bot.deploy up         # replicas + action servers + proxy on this machine
    python -m bot.deploy proxy      # only the sticky reverse proxy

See docs/deployment.md.
"""
