"""`intake report`: the nightly receipt report, as HTML, CSV and JSON.

The data is gathered by `intake.report_data`, drawn by `intake.report_html` and written
as rows by `intake.report_csv`; this module picks the day, renders the formats asked for
and writes them where they were asked to go.

Where the output goes:

* one format and no `--out`: printed on stdout;
* one format and `--out PATH`: written to PATH (or, if PATH is an existing folder, to
  `PATH/receipt-report-<day>.<ext>`);
* several formats (the default is all three): written into a folder, `--out` if given
  (created if needed), else `HOME/reports`, as `receipt-report-<day>.<html|csv|json>`
  (`receipt-report-all.*` with `--all`); the paths written are printed, one a line.
"""
from __future__ import annotations

import json
import os
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import click
import sqlite_utils

from . import asof as asof_mod
from . import report_csv, report_data, report_html
from .cli_common import common_options, pass_context
from .config import Config
from .errors import UsageError
from .receipt import iso

FORMATS = ("html", "csv", "json")
DEFAULT_FORMATS = ",".join(FORMATS)


def yesterday(cfg: Config, now: datetime) -> date:
    """The day before `now` (aware) in the Offer's time zone."""
    return now.astimezone(cfg.offer.timezone).date() - timedelta(days=1)


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"--date {text!r} is not a day like 2003-03-31.") from exc


def parse_formats(text: str) -> list[str]:
    chosen: list[str] = []
    for part in text.split(","):
        fmt = part.strip().lower()
        if fmt not in FORMATS:
            raise UsageError(f"Unknown report format {part.strip()!r}; choose from {', '.join(FORMATS)}.")
        if fmt not in chosen:
            chosen.append(fmt)
    return chosen


def render(report: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return report_csv.render(report)
    return report_html.render(report)


AS_OF_RULES = {False: "instant", True: "end_of_day"}      # report.as_of_rule in the JSON


def build(db: sqlite_utils.Database, cfg: Config, day: date | None, formats: list[str],
          as_of: datetime | None = None, *, recorded_later_as_now: bool = False) -> dict[str, str]:
    """The report of `day` (None: every day) in each of `formats`, as text.

    With `as_of` (an aware instant) the report shows the record as it stood then
    (`intake.asof`), so a later review does not change it; without, as it stands now.
    `recorded_later_as_now` is the rule of a day's report (`as_of` its end): a document
    recorded after `as_of` is shown as it stands now (see `intake.asof`).
    """
    if as_of is None:
        report = report_data.gather(db, cfg, day)
    else:
        snap = asof_mod.snapshot(db, as_of, recorded_later_as_now=recorded_later_as_now)
        try:
            report = report_data.gather(snap, cfg, day)
        finally:
            snap.close()
        report["report"]["as_of"] = iso(as_of, cfg.offer.timezone)
        report["report"]["as_of_rule"] = AS_OF_RULES[recorded_later_as_now]
    return {fmt: render(report, fmt) for fmt in formats}


def stood_at(cfg: Config, day: date | None, as_of_text: str | None) -> datetime | None:
    """The instant a report shows: --as-of if given, else the end of the day reported (None for --all)."""
    if as_of_text:
        return asof_mod.parse_instant(as_of_text, cfg)
    return report_data.end_of_day(day, cfg) if day is not None else None


def file_name(day: date | None, fmt: str) -> str:
    return f"receipt-report-{day.isoformat() if day else 'all'}.{fmt}"


def targets(formats: list[str], day: date | None, out: Path | None, default_folder: Path,
            name=None) -> dict[str, Path]:
    """Where each format goes (see the module docstring); empty for stdout.  `name(day, fmt)`
    names a file in a folder (default: `file_name`)."""
    if len(formats) == 1 and out is None:
        return {}
    if len(formats) == 1 and not out.is_dir():
        return {formats[0]: out}
    folder = out if out is not None else default_folder
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {folder} is a file; with several formats it must be a folder.")
    return {fmt: folder / (name or file_name)(day, fmt) for fmt in formats}


def write_atomic(path: Path, text: str) -> None:
    """Write the whole file or nothing: a half-written report is never left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def format_options(fn):
    """--format and --out, as every report command takes them."""
    fn = click.option("--out", type=click.Path(path_type=Path), metavar="PATH",
                      help="The file (one format) or folder (several formats) to write; "
                           "without it one format goes to stdout and several to HOME/reports.")(fn)
    return click.option("--format", "format_text", default=DEFAULT_FORMATS, show_default=True, metavar="LIST",
                        help="Comma-separated formats: html, csv, json.")(fn)


def emit(texts: dict[str, str], formats: list[str], where: dict[str, Path]) -> None:
    """Print the one format asked for, or write each to its file and print the paths."""
    if not where:
        click.echo(texts[formats[0]], nl=False)
        return
    for fmt, path in where.items():
        write_atomic(path, texts[fmt])
        click.echo(str(path))


@click.command("report")
@click.option("--date", "day_text", metavar="YYYY-MM-DD",
              help="The day to report, in the Offer's time zone (default: yesterday).")
@click.option("--all", "all_days", is_flag=True, help="Report every day at once.")
@click.option("--as-of", "as_of_text", metavar="INSTANT",
              help="Show the record as it stood at this instant (ISO 8601; no offset: the Offer's time zone). "
                   "Default: the end of the day reported (documents recorded later: as they stand now); "
                   "with --all, now.")
@format_options
@common_options
@pass_context
def report_command(obj, day_text, all_days, as_of_text, format_text, out):
    """The receipt report of one day: every document received that day, and
    where the Offer stands (received, on time, late, accepted, waiting for
    review, rejected, options tendered, confirmations due or overdue).

    A day's report shows what stood at the end of that day, rebuilt from the event
    log: a review made on a later day does not change it.  A document recorded after
    that day ended (files of an earlier day read later) is shown as it stands now,
    with every correction made so far.  --as-of shows everything as it stood at any moment.

    Example: intake report --date 2003-03-31 --format html,csv,json --out reports/
    """
    if day_text and all_days:
        raise UsageError("Give either --date or --all, not both.")
    formats = parse_formats(format_text)
    cfg = obj.config()
    day = None if all_days else (parse_day(day_text) if day_text else
                                 yesterday(cfg, datetime.now(cfg.offer.timezone)))
    if as_of_text and not day_text and not all_days:
        moment = asof_mod.parse_instant(as_of_text, cfg) - timedelta(microseconds=1)   # midnight ends a day
        day = moment.astimezone(cfg.offer.timezone).date()
    when = stood_at(cfg, day, as_of_text)
    db = obj.db()
    try:
        texts = build(db, cfg, day, formats, as_of=when, recorded_later_as_now=not as_of_text)
    finally:
        db.close()
    emit(texts, formats, targets(formats, day, out, obj.home.reports))
