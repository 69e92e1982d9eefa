"""Running the assistant in production: resilient stores, the action-failure apology, the scaled-out
profile (PostgreSQL, Redis, several Rasa replicas behind HAProxy).

    python -m bot.deploy check      # is the production environment complete and within PostgreSQL's limits?
    python -m bot.deploy up         # replicas + action servers + HAProxy on this machine
    python -m bot.deploy lb-config  # the HAProxy configuration (docker-compose)

See docs/deployment.md.
"""
