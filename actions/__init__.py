"""Custom actions for the Rasa action server (`rasa run actions --actions actions`).

Actions stay thin: they read the tracker, call bot/ for queries and Danish text, and return events.
"""
