"""Errors that end a command in one line (no traceback): a message code of messages.yml's section
"runs, outputs and locks", its values and the command's exit status.

`str(error)` is the line in the terminal's language (`khuyencong --lang`, else the locale);
`error.line(lang)` the line in either language. The command line
prints it after "khuyencong <command>: " and exits with `exit_status`.
"""

from __future__ import annotations

import errno

from analysis import messages


class Fault(Exception):
    """A command cannot go on: code and params of the message, exit status (1 by default)."""

    def __init__(self, code: str, exit_status: int = 1, **params: object) -> None:
        self.code, self.params, self.exit_status = code, params, exit_status
        super().__init__(self.line("en"))

    def __str__(self) -> str:
        """The line in the terminal's language (messages.terminal_lang: --lang, else the locale)."""
        return self.line(messages.terminal_lang())

    def line(self, lang: str = "en") -> str:
        """The one-line message in `lang` ("vi" or "en")."""
        return messages.render(self.code, self.params, lang)


def reason(exc: BaseException) -> str:
    """Why an OSError happened, as people read it: "No space left on device (disk full)"."""
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text + (" (disk full)" if getattr(exc, "errno", None) == errno.ENOSPC else "")


def cannot_write(code: str, path: object, exc: BaseException, exit_status: int = 1, **params: object) -> Fault:
    """The Fault of an output that could not be written (disk full, read-only folder, a file in the
    way): message `code` with the path and the reason."""
    return Fault(code, exit_status, path=str(path), reason=reason(exc), **params)
