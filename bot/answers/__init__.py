"""Answers from the knowledge base: from an understood question (intent, entities, context) to Danish
replies. Pure functions over bot.kb.queries, testable without Rasa; actions/catalogue.py is the thin
Rasa side."""
from bot.answers.model import Button, Context, Reply, Request
from bot.answers.dispatch import answer

__all__ = ["answer", "Button", "Context", "Reply", "Request"]
