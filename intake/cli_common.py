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


# Commands that do work make their home on first use silently (the contract); any other
# command that finds no home makes one too but says so, since a look at nothing is likely a mistake.
MAKE_HOME_SILENTLY = ("init", "process", "watch", "receive", "roster import", "evaluate")


@dataclass
class Context:
    home_arg: str | None = None
    debug: bool = False
    _home: Home | None = None

    @property
    def home(self) -> Home:
        """The home, made on first use (the contract); a one-line note when a look made it."""
        if self._home is None:
            home = resolve(self.home_arg)
            new = not home.config_path.exists()
            self._home = home.ensure()
            if new and _command_name() not in MAKE_HOME_SILENTLY:
                click.echo(f"intake: there was no home at {home.root}; made a new, empty one "
                           "(intake init makes one on purpose; --home DIR or INTAKE_HOME picks another).",
                           err=True)
        return self._home

    def config(self):
        return self.home.config()

    def db(self):
        from .db import open_db
        return open_db(self.home.db_path)


def _command_name() -> str:
    """The running command without the program's name: `status`, `review list`."""
    ctx = click.get_current_context(silent=True)
    return " ".join(ctx.command_path.split()[1:]) if ctx is not None else ""


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


_HELP_INSTEAD = getattr(click.exceptions, "NoArgsIsHelpError", ())   # click 8.2 and later


def usage_line(exc: click.ClickException) -> str:
    """Click's error as one sentence: `intake process: missing argument 'FILES...' (see intake process --help).`"""
    text = " ".join(exc.format_message().split()).rstrip(".")
    text = text[:1].lower() + text[1:]
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return f"intake: {text}."
    return f"{ctx.command_path}: {text} (see {ctx.command_path} --help)."


class IntakeGroup(click.Group):
    """A click group whose commands' errors become one line on stderr and an exit code.

    Click's own usage errors (a missing argument, an unknown option) are one sentence too,
    with the exit code click gives them (2, the contract's usage error).
    """

    def main(self, *args, standalone_mode: bool = True, **extra):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **extra)
        try:
            rv = super().main(*args, standalone_mode=False, **extra)
        except click.ClickException as exc:
            if isinstance(exc, _HELP_INSTEAD):   # a group called alone: its help, as click shows it
                exc.show()
            else:
                click.echo(usage_line(exc), err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("intake: stopped.", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

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
