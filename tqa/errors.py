"""The one error type for problems a user can cause (bad file, bad glossary, bad flag)."""

from __future__ import annotations


class TqaError(Exception):
    """A user-facing error. The CLI prints ``str(error)`` on one line of stderr and exits 2."""


class GlossaryError(TqaError):
    """A glossary that cannot be used. ``problems`` lists every ``file:line: message`` found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
