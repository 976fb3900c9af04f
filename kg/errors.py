"""Errors a user can cause. The CLI turns each into one line on stderr and exit code 2."""


class InputError(Exception):
    """The input cannot be used: missing, empty, binary, undecodable or not a gazette."""


class UsageError(Exception):
    """A command was asked for something it cannot do (bad option value, unknown query…)."""
