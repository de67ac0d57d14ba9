"""One exception tree for the whole program.

Library code raises these; only the CLI edge (`intake.cli`) turns them into exit
codes and one-line messages.  Each carries the exit code the contract gives it.
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    input_failed = 1   # some input could not be processed (the others still were)
    usage = 2          # the command was called wrongly
    software = 3       # a missing system tool or a bug: not the input's fault


class IntakeError(Exception):
    """An error with a message for people and the exit code it maps to."""

    exit_code = ExitCode.input_failed

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(IntakeError):
    """The configuration file is missing a value or holds a bad one."""

    exit_code = ExitCode.usage


class UsageError(IntakeError):
    exit_code = ExitCode.usage


class BadInput(IntakeError):
    """A file that cannot be read as a document; it is set aside with this reason."""

    exit_code = ExitCode.input_failed

    def __init__(self, message: str, code: str = "unreadable"):
        super().__init__(message)
        self.code = code


class ToolError(IntakeError):
    """Tesseract or Poppler is missing or failed."""

    exit_code = ExitCode.software


class NotFound(IntakeError):
    exit_code = ExitCode.usage


class ValidationError(IntakeError):
    """A value typed by a person does not have the shape its field needs."""

    exit_code = ExitCode.usage


class MissingFile(BadInput):
    """A file named on the command line (or by a fax server) that is not there."""

    def __init__(self, path):
        from pathlib import Path
        super().__init__(f"{Path(path).absolute()}: no such file.", "missing")
