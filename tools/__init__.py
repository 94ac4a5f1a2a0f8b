"""Developers' tools (evaluation, corruption generator): run from a checkout, not installed with tqcheck."""
