"""The `intake` command: a thin click layer over the Python API."""
from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import click

from . import arrival, pipeline
from .cli_common import IntakeGroup, common_options, error_line, pass_context, setup_logging
from .errors import BadInput, ExitCode
from .results import document_json


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
    with ProcessPoolExecutor(max_workers=n) as pool:
        yield pool


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document (JSON Lines).")
@click.option("--show-pii", is_flag=True, help="Show social security numbers unmasked.")
@common_options
@pass_context
def process(obj, files, as_json, show_pii):
    """Ingest FILES now, as the watcher does, and print one result per document.

    Example: intake process fax0001.tif fax0002.pdf --json
    """
    home, cfg, db = obj.home, obj.config(), obj.db()
    failed = False
    arrivals = []
    for path in files:  # receipt first: every arrival is recorded before any image work
        try:
            arrivals.append(arrival.record(home, db, cfg, path))
        except FileNotFoundError:
            click.echo(f"intake: {path}: no such file.", err=True)
            failed = True
        except BadInput as exc:
            click.echo(f"intake: {error_line(exc)}", err=True)
            failed = True
        except OSError as exc:
            click.echo(f"intake: {path.name}: {exc.strerror or exc}.", err=True)
            failed = True
    with page_pool(cfg) as pool:
        for arr in arrivals:
            outcome = pipeline.process_receipt(home, db, cfg, arr.receipt_id, pool)
            if outcome.error:
                click.echo(f"intake: {error_line(outcome.error)}", err=True)
                failed = True
            for doc_id in outcome.document_ids:
                doc = document_json(db, doc_id, cfg.offer.timezone, show_pii=show_pii)
                click.echo(json.dumps(doc) if as_json else summary_line(doc))
    if failed:
        raise click.exceptions.Exit(int(ExitCode.input_failed))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the contract's JSON for each document.")
@click.option("--show-pii", is_flag=True, help="Show social security numbers unmasked.")
@common_options
@pass_context
def documents(obj, as_json, show_pii):
    """List every recorded document, in order of receipt, one line each.

    Example: intake documents --json
    """
    cfg, db = obj.config(), obj.db()
    for row in db.query("SELECT document_id FROM documents ORDER BY received_at, document_id"):
        doc = document_json(db, row["document_id"], cfg.offer.timezone, show_pii=show_pii)
        click.echo(json.dumps(doc) if as_json else summary_line(doc))


def summary_line(doc: dict) -> str:
    name = doc["fields"].get("holder_name", {}).get("value") if doc["fields"] else None
    review = [k for k, f in doc["fields"].items() if f["needs_review"]]
    review += [f"grants.{i}.{k}" for i, g in enumerate(doc["grants"])
               for k, f in g.items() if k != "source" and f["needs_review"]]
    timing = "on time" if doc["on_time"] else "LATE"
    parts = [f"{doc['source_name']} p{','.join(map(str, doc['pages']))}", doc["document_type"],
             doc["status"], f"received {doc['received_at']} ({timing})"]
    if name:
        parts.append(f"holder {name}")
    if doc["fields"].get("tender_elected", {}).get("value") is not None:
        parts.append("tender YES" if doc["fields"]["tender_elected"]["value"] else "tender no")
    if doc["grants"]:
        parts.append(f"{len(doc['grants'])} grant(s)")
    if review:
        parts.append(f"to review: {', '.join(review)}")
    if doc["problems"]:
        parts.append("problems: " + ", ".join(p["code"] for p in doc["problems"]))
    return " | ".join(parts)


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

    Example: intake evaluate /tmp/set1 --split test
    """
    from . import evaluate as ev
    summ = ev.run(set_dir, split=split, roster=roster, home_dir=keep_home)
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
