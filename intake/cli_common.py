"""What every command shares: --home, --debug, and turning errors into exit codes.

Library code raises `IntakeError` (or `ocr.errors.OcrError`); this is the one
place that turns them into a one-line message on stderr and an exit code.
"""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

import click

from ocr.errors import OcrError

from .errors import ExitCode, IntakeError
from .home import Home, resolve
from .privacy import redact


@dataclass
class Context:
    home_arg: str | None = None
    debug: bool = False
    _home: Home | None = None

    @property
    def home(self) -> Home:
        if self._home is None:
            self._home = resolve(self.home_arg).ensure()
        return self._home

    def config(self):
        return self.home.config()

    def db(self):
        from .db import open_db
        return open_db(self.home.db_path)


pass_context = click.make_pass_decorator(Context, ensure=True)


def _set_home(ctx: click.Context, _param, value):
    if value is not None:
        ctx.ensure_object(Context).home_arg = value
    return value


def _set_debug(ctx: click.Context, _param, value):
    if value:
        ctx.ensure_object(Context).debug = True
    return value


def home_option(fn):
    return click.option("--home", "home", metavar="DIR", envvar="INTAKE_HOME", expose_value=False,
                        is_eager=True, callback=_set_home,
                        help="The home folder (default: $INTAKE_HOME or ./intake-home).")(fn)


def debug_option(fn):
    return click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
                        help="Show tracebacks and debug logs.")(fn)


def common_options(fn):
    """--home and --debug on a command (every command takes them, as the contract says)."""
    return home_option(debug_option(fn))


def error_line(exc: BaseException) -> str:
    return redact(" ".join(str(exc).split())) or exc.__class__.__name__


class IntakeGroup(click.Group):
    """A click group whose commands' errors become one line on stderr and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (IntakeError, OcrError) as exc:
            obj = ctx.find_object(Context)
            if obj is not None and obj.debug:
                raise
            click.echo(f"intake: {error_line(exc)}", err=True)
            code = exc.exit_code if isinstance(exc, IntakeError) else ExitCode.input_failed
            ctx.exit(int(code))


def setup_logging(debug: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_RedactFilter())


class _RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        return True
