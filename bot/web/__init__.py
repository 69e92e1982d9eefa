"""The web server: the chat page for the intranet and the municipality's site (see docs/chat-page.md)."""
