"""The exceptions of the `ocr` package.

Every failure to turn a file into pixels ends as one of these, carrying a message for
people: one sentence, one line, naming the file. The caller (the `intake` CLI edge)
decides what an error means for the document and for the exit status.
"""

from __future__ import annotations

from pathlib import Path


def _one_line(text: str) -> str:
    """Collapse whitespace so a message (which may quote a tool) stays on one line."""
    return " ".join(str(text).split())


class OcrError(Exception):
    """Base of every error raised by `ocr`.

    `message` is a single human sentence; `path` and `page` (1-based) say what failed,
    when known.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, page: int | None = None):
        self.message = _one_line(message)
        self.path = Path(path) if path is not None else None
        self.page = page
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class UnreadableFile(OcrError):
    """The file is not a readable image or PDF: empty, truncated, corrupt, or another format."""


class EncryptedPdf(UnreadableFile):
    """The PDF is encrypted and cannot be opened without a password."""


class LimitExceeded(OcrError):
    """The file is too large in bytes, pages or pixels (for example a decompression bomb)."""


class ToolMissing(OcrError):
    """A system program that `ocr` needs is not installed; the message says how to install it."""


class ToolFailed(OcrError):
    """A system program ran but failed in a way that says nothing about the file itself."""


class ToolTimeout(OcrError):
    """A system program did not finish within its time limit."""
