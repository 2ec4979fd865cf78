"""Telegram handlers, one module per kind of user; thin: parse, call a service, reply."""
