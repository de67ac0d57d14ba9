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

from . import report_csv, report_data, report_html
from .cli_common import common_options, pass_context
from .config import Config
from .errors import UsageError

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


def build(db: sqlite_utils.Database, cfg: Config, day: date | None, formats: list[str]) -> dict[str, str]:
    """The report of `day` (None: every day) in each of `formats`, as text."""
    report = report_data.gather(db, cfg, day)
    return {fmt: render(report, fmt) for fmt in formats}


def file_name(day: date | None, fmt: str) -> str:
    return f"receipt-report-{day.isoformat() if day else 'all'}.{fmt}"


def targets(formats: list[str], day: date | None, out: Path | None, default_folder: Path) -> dict[str, Path]:
    """Where each format goes (see the module docstring); empty for stdout."""
    if len(formats) == 1 and out is None:
        return {}
    if len(formats) == 1 and not out.is_dir():
        return {formats[0]: out}
    folder = out if out is not None else default_folder
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {folder} is a file; with several formats it must be a folder.")
    return {fmt: folder / file_name(day, fmt) for fmt in formats}


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


def day_note(day: date | None, documents: int, *, defaulted: bool, cfg: Config) -> str:
    """Which day was reported and why, when it was not asked for; and when the report is empty."""
    parts = []
    if defaulted:
        parts.append(f"the report of {day.isoformat()}, yesterday in the Offer's time zone "
                     f"({cfg.offer.timezone.key}); --date YYYY-MM-DD or --all reports other days")
    if not documents:
        parts.append("no document has been received yet" if day is None
                     else f"no document was received on {day.isoformat()}")
    return ": ".join(parts) + "." if parts else ""


@click.command("report")
@click.option("--date", "day_text", metavar="YYYY-MM-DD",
              help="The day to report, in the Offer's time zone (default: yesterday).")
@click.option("--all", "all_days", is_flag=True, help="Report every day at once.")
@click.option("--format", "format_text", default=DEFAULT_FORMATS, show_default=True, metavar="LIST",
              help="Comma-separated formats: html, csv, json.")
@click.option("--out", type=click.Path(path_type=Path), metavar="PATH",
              help="The file (one format) or folder (several formats) to write; "
                   "without it one format goes to stdout and several to HOME/reports.")
@common_options
@pass_context
def report_command(obj, day_text, all_days, format_text, out):
    """The receipt report of one day: every document received that day, and
    where the Offer stands (received, on time, late, accepted, waiting for
    review, rejected, options tendered, confirmations due or overdue).

    A report of a past day made again from the same database is the same.

    Example: intake report --date 2003-03-31 --format html,csv,json --out reports/
    """
    if day_text and all_days:
        raise UsageError("Give either --date or --all, not both.")
    formats = parse_formats(format_text)
    cfg = obj.config()
    day = None if all_days else (parse_day(day_text) if day_text else
                                 yesterday(cfg, datetime.now(cfg.offer.timezone)))
    db = obj.db()
    try:
        report = report_data.gather(db, cfg, day)
        texts = {fmt: render(report, fmt) for fmt in formats}
    finally:
        db.close()
    note = day_note(day, len(report["documents"]), defaulted=not (day_text or all_days), cfg=cfg)
    if note:
        click.echo(f"intake: {note}", err=True)
    where = targets(formats, day, out, obj.home.reports)
    if not where:
        click.echo(texts[formats[0]], nl=False)
        return
    for fmt, path in where.items():
        write_atomic(path, texts[fmt])
        click.echo(str(path))
