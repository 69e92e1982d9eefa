"""Answers from the knowledge base: from an understood question (intent, entities, context) to Danish
messages (bot.content.message.Message) and the context to remember. Pure functions over bot.kb.queries,
testable without Rasa; actions/catalogue.py is the thin Rasa side."""
from bot.answers.model import Context, Reply, Request
from bot.answers.dispatch import answer

__all__ = ["answer", "Context", "Reply", "Request"]
