"""Loading a new model into a running Rasa server without pausing it (for «Træn og udgiv»).

Rasa 3.6's PUT /model loads the model on the server's event loop: while the model loads (10-30 s on
a quiet machine, minutes on a busy one) the server answers nobody; messages wait and are answered
afterwards, but a client that gives up meanwhile gets nothing. With install(), the model is loaded in
a worker thread (with its own event loop), the server keeps answering with the old model, and the new
agent replaces the old one in one step when it is ready – exactly as Rasa does it, only off the loop.

install() runs inside every Rasa server process, before it starts serving: bot.deploy.rasa_patches
calls it (endpoints.yml loads the patches through bot.deploy.stores). It changes nothing else: loading from a
model server or remote storage, and every error message, are Rasa's own.
"""
from __future__ import annotations

import asyncio
import logging

logger = logging.getLogger(__name__)

_installed = False


def install() -> bool:
    """Makes PUT /model load in a worker thread. Idempotent; returns True when installed."""
    global _installed
    if _installed:
        return True
    try:
        import rasa.server
    except ImportError:  # not inside a Rasa process
        return False
    original = rasa.server._load_agent

    async def _load_agent(model_path=None, model_server=None, remote_storage=None, endpoints=None):
        if model_server is not None or remote_storage is not None or not model_path:
            return await original(model_path=model_path, model_server=model_server,
                                  remote_storage=remote_storage, endpoints=endpoints)
        loop = asyncio.get_running_loop()

        def load():
            return asyncio.run(original(model_path=model_path, endpoints=endpoints))

        logger.info("Indlæser ny model i baggrunden; serveren svarer imens med den nuværende.")
        return await loop.run_in_executor(None, load)

    _load_agent.__wrapped__ = original
    rasa.server._load_agent = _load_agent
    _installed = True
    logger.info("Nye modeller (PUT /model) indlæses i baggrunden, uden pause i svarene.")
    return True
