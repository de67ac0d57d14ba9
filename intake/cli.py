"""The `intake` command: a thin click layer over the Python API."""
from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import leases
from .cli_common import IntakeGroup, common_options, error_line, pass_context, setup_logging
from .errors import BadInput, ExitCode, MissingFile
from .progress import Progress, is_terminal
from .results import document_json
from .summary import duplicate_line, summary_line, totals_line
from .workers import ReadAhead, pool as worker_pool


@click.group(cls=IntakeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@pass_context
def cli(obj):
    """Reads faxed Election Forms, records them against the Offer's deadline,
    and queues every uncertain field for review.

    Example: intake process samples/demo/inbox/*.tif --json
    """
    setup_logging(obj.debug)


@cli.command()
@common_options
@pass_context
def init(obj):
    """Create the home folder and its default configuration.

    Example: intake --home /srv/intake init
    """
    home = obj.home
    obj.db().close()
    click.echo(f"home ready at {home.root} (configuration {home.config_path.name}, inbox {home.inbox})")


def workers_for(cfg) -> int:
    return cfg.reading.workers or os.cpu_count() or 1


@contextmanager
def page_pool(cfg):
    """Worker processes for page work, one per core unless configured otherwise."""
    n = workers_for(cfg)
    if n <= 1:
        yield None
        return
    with worker_pool(n, "fork") as workers:  # workers die with this process, even after kill -9
        pool = ReadAhead(workers)
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document (JSON Lines).")
@click.option("--show-pii", is_flag=True, help="Show social security numbers unmasked.")
@common_options
@pass_context
def process(obj, files, as_json, show_pii):
    """Ingest FILES now, as the watcher does, and print one result per document.

    On a terminal a bar counts the files read; the totals follow the results.

    Example: intake process fax0001.tif fax0002.pdf --json
    """
    home, cfg, db = obj.home, obj.config(), obj.db()
    leaser = leases.for_command(home.db_path, cfg.watch.lease_seconds)  # a dead run's work is taken up
    failed = 0
    arrivals = []
    for path in files:  # receipt first: every arrival is recorded before any image work
        try:
            check_input_file(path)
            arrivals.append((path, leases.record(leaser, home, db, cfg, path)))
        except BadInput as exc:
            click.echo(f"intake: {with_path(error_line(exc), path)}", err=True)
            failed += 1
        except OSError as exc:
            click.echo(f"intake: {path}: {exc.strerror or exc}.", err=True)
            failed += 1
    docs, duplicates = [], 0
    with page_pool(cfg) as pool, Progress(len(arrivals)) as progress:
        for i, (path, arr) in enumerate(arrivals):
            if pool is not None and i + 1 < len(arrivals):
                # The next file's pages are read while this one is finished: no core waits.
                from .pipeline import read_ahead
                read_ahead(home, db, cfg, arrivals[i + 1][1].receipt_id, pool)
            outcome = leases.process(leaser, home, db, cfg, arr, pool)
            progress.step(outcome.source_name)
            if outcome.error:
                progress.say(f"intake: {with_path(error_line(outcome.error), path)}")
                failed += 1
            first = duplicate_words(db, arr.duplicate_of) if outcome.duplicate else None
            duplicates += bool(first)
            for doc_id in outcome.document_ids:
                doc = document_json(db, doc_id, cfg.offer.timezone, show_pii=show_pii)
                docs.append(doc)
                line = (json.dumps(doc) if as_json else duplicate_line(outcome.source_name, first, doc)
                        if first else summary_line(doc))
                progress.say(line, out=sys.stdout)
    if not as_json or is_terminal():
        click.echo(totals_line(docs, files=len(files), failed=failed, duplicates=duplicates), err=as_json)
    if failed:
        raise click.exceptions.Exit(int(ExitCode.input_failed))


def check_input_file(path: Path) -> None:
    """A path given on the command line that is not a file is an error naming it in full."""
    if not path.exists() and not path.is_symlink():
        raise MissingFile(path)
    if path.is_dir():
        raise BadInput(f"{path} is a folder, not a file.", "not_a_file")


def with_path(message: str, path: Path) -> str:
    """A message that begins with the file's name, beginning with its path as given instead."""
    return str(path) + message[len(path.name):] if message.startswith(path.name) else message


def duplicate_words(db, receipt_id: int | None) -> str | None:
    """`receipt 3 (0003.jpg, received 2003-03-31T11:46:38-05:00)`: the earlier copy of a duplicate."""
    if receipt_id is None:
        return None
    first = db["receipts"].get(receipt_id)
    return f"receipt {receipt_id} ({first['source_name']}, received {first['received_at']})"


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the contract's JSON for each document.")
@click.option("--show-pii", is_flag=True, help="Show social security numbers unmasked.")
@common_options
@pass_context
def documents(obj, as_json, show_pii):
    """List every recorded document, in order of receipt, one line each, then the totals.

    Example: intake documents --json
    """
    cfg, db = obj.config(), obj.db()
    docs = []
    for row in db.query("SELECT document_id FROM documents ORDER BY received_at, document_id"):
        doc = document_json(db, row["document_id"], cfg.offer.timezone, show_pii=show_pii)
        docs.append(doc)
        click.echo(json.dumps(doc) if as_json else summary_line(doc))
    if not as_json:
        click.echo(totals_line(docs))


from .report import report_command  # noqa: E402  (registered here; the command lives in its own module)

cli.add_command(report_command)


def main() -> None:
    cli(prog_name="intake")


@cli.command()
@click.argument("set_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--split", type=click.Choice(["all", "train", "test"]), default="all",
              help="train: typesets the reading was tuned on; test: the held-out typeset.")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Import this ledger first (to measure what the ledger adds).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--keep-home", type=click.Path(file_okay=False, path_type=Path),
              help="Process into this home (kept) instead of a temporary one.")
@common_options
def evaluate(set_dir, split, roster, as_json, keep_home):
    """Score the pipeline on a generated sample set (SET_DIR/inbox and SET_DIR/truth).

    On a terminal a bar counts the files read; the scores follow.

    Example: intake evaluate /tmp/set1 --split test
    """
    from . import evaluate as ev
    with Progress() as progress:
        summ = ev.run(set_dir, split=split, roster=roster, home_dir=keep_home, progress=progress)
    click.echo(json.dumps(summ, indent=1) if as_json else ev.format_text(summ))


# Commands that live in their own modules (imported last: they use the shared options above).
from review.cli import review_group  # noqa: E402  (the reviewer's commands live in the review package)

from .elections import elections_command  # noqa: E402
from .report import report_command  # noqa: E402
from .roster import roster_group  # noqa: E402
from .status import status_command  # noqa: E402
from .watch import receive_command, watch_command  # noqa: E402

for _command in (review_group, roster_group, elections_command, report_command, watch_command,
                 receive_command, status_command):
    cli.add_command(_command)

from .confirm import confirm_command  # noqa: E402  (issue 16: confirmations of receipt)

cli.add_command(confirm_command)

from .results_offer import results_command  # noqa: E402  (issue 16: the Offer's results)

cli.add_command(results_command)
