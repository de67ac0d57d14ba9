"""`intake review ...`: the reviewer's commands, a thin click layer over `review`.

The lead registers the group: `from review.cli import review_group; cli.add_command(review_group)`.
Every command takes `--reviewer NAME` (default: the OS user), `--home` and `--debug`.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import sys

import click

from intake.cli_common import Context, IntakeGroup, common_options, error_line, pass_context
from intake.db import default_actor, events_for
from intake.errors import ExitCode, UsageError
from intake.privacy import mask_ssn
from intake.results import document_json

from . import actions, queue, terminal
from intake.inbox import shown_name
from .masking import redact_all


class ReviewGroup(IntakeGroup):
    """Also turns a database that stays busy or locked into one line and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except sqlite3.OperationalError as exc:
            if getattr(ctx.find_object(Context), "debug", False):
                raise
            click.echo(f"intake: the database is busy or locked ({error_line(exc)}); try again.", err=True)
            ctx.exit(int(ExitCode.input_failed))


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
reviewer_option = click.option("--reviewer", metavar="NAME", default=default_actor, show_default="the OS user",
                               help="Who is reviewing; recorded in the audit trail.")


@click.group("review", cls=ReviewGroup)
@common_options
def review_group():
    """Work through the review queue: uncertain fields and problems a person must decide.

    Example: intake review work --reviewer alice
    """


def _task_row(row: dict) -> str:
    what = f"{row['key']} = {terminal.shown(row['key'], row['value'])} ({row['confidence']:.2f})" \
        if row["kind"] == "field" else f"problem {row['code']}: {redact_all(row['message'])}"
    held = f"  [held by {row['claimed_by']}]" if row["claimed_by"] else ""
    late = "" if row["on_time"] else "  LATE"
    return f"{row['position']:>4}  {row['document_id']}  {shown_name(row['source_name'])}{late}  {what}{held}"


@review_group.command("list")
@json_option
@common_options
@pass_context
def list_cmd(obj, as_json):
    """List the queue in the order reviewers get it (SSNs masked).

    Example: intake review list --json
    """
    rows = queue.queue_rows(obj.db())
    for row in rows:
        click.echo(json.dumps(row) if as_json else _task_row(row))
    if not as_json:
        click.echo(f"{len(rows)} task(s) in the queue")


@review_group.command("next")
@json_option
@reviewer_option
@common_options
@pass_context
def next_cmd(obj, as_json, reviewer):
    """Claim your next task and show it; answer it with `accept`, `fix` or `reject`.

    Example: intake review next --reviewer alice
    """
    db, cfg = obj.db(), obj.config()
    task = queue.claim_next(db, reviewer, cfg.review.claim_minutes)
    if task is None:
        click.echo(json.dumps(None) if as_json else "The queue is empty.")
        return
    if as_json:
        click.echo(json.dumps({"task": task.task_id, "kind": task.kind, "document_id": task.document_id,
                               "key": task.key, "code": task.code}))
        return
    for line in terminal.task_lines(db, task, draw=_can_draw(), columns=_columns(), zone=cfg.offer.timezone):
        click.echo(line)


def _can_draw() -> bool:
    enc = getattr(sys.stdout, "encoding", None) or ""
    try:
        terminal.QUADRANTS.encode(enc)
    except (LookupError, UnicodeEncodeError):
        return False
    return sys.stdout.isatty()


def _columns() -> int:
    return shutil.get_terminal_size((80, 24)).columns


@review_group.command("work")
@click.option("--no-draw", is_flag=True, help="Never draw images in the terminal (the desk in the browser shows them).")
@reviewer_option
@common_options
@pass_context
def work(obj, no_draw, reviewer):
    """Work through the queue interactively: Enter accepts, a typed value corrects
    (- records a blank), s skips, r rejects the document, v shows the SSN (recorded),
    i draws the field's image (recorded), +row / -row N add or remove a grant row, q quits.

    Example: intake review work --reviewer alice
    """
    db, cfg = obj.db(), obj.config()
    click.echo(f"Reviewing as {reviewer}. Type ? for help.")
    session = terminal.Session(db, reviewer, cfg.review.claim_minutes, read=input, write=click.echo,
                               draw=not no_draw and _can_draw(), columns=_columns(), zone=cfg.offer.timezone,
                               home=obj.home)
    try:
        session.run()
    except KeyboardInterrupt:
        click.echo("\nstopped; your claims are released.")


override_option = click.option("--reason", "reason", metavar="TEXT",
                                help="Keep a value that breaks a check (the checks are named when it is "
                                     "refused); the reason is recorded.")


@review_group.command("accept")
@click.argument("document_id")
@click.argument("key")
@override_option
@reviewer_option
@common_options
@pass_context
def accept(obj, document_id, key, reason, reviewer):
    """Accept one field's value as it stands (a blank is recorded with `fix DOC KEY -`).

    KEY is printed as grants.0.shares_granted; grant1.shares_granted is taken too.

    Example: intake review accept 3f2a9c0d1e2b3a4f5e6d-p001 grants.0.shares_tendered
    """
    res = actions.accept_field(obj.db(), document_id, key, reviewer, reason=reason, cfg=obj.config())
    click.echo(f"accepted {document_id} {res['key']} (status {res['status']})")


@review_group.command("fix")
@click.argument("document_id")
@click.argument("key")
@click.argument("value")
@override_option
@reviewer_option
@common_options
@pass_context
def fix(obj, document_id, key, value, reason, reviewer):
    """Correct one field to VALUE (checked like a reading, by the Offer's rules and the
    ledger; - means blank on the paper).  A value that breaks a check needs --reason.

    Example: intake review fix 3f2a9c0d1e2b3a4f5e6d-p001 signed_at "2003-03-28 14:15"
    """
    res = actions.correct_field(obj.db(), document_id, key, value, reviewer, reason=reason, cfg=obj.config())
    click.echo(f"{res['action']} {document_id} {res['key']} (status {res['status']})")


@review_group.command("add-grant")
@click.argument("document_id")
@click.option("--grant-date", default="", help="As on the paper, e.g. 2001-05-14.")
@click.option("--shares-granted", default="", help="e.g. 10000.")
@click.option("--exercise-price", default="", help="e.g. 12.50.")
@click.option("--shares-exercised", default="", help="e.g. 0.")
@click.option("--shares-tendered", default="", help="e.g. 10000.")
@click.option("--source", type=click.Choice(["form", "additional_sheet"]), default="form", show_default=True)
@override_option
@reviewer_option
@common_options
@pass_context
def add_grant(obj, document_id, grant_date, shares_granted, exercise_price, shares_exercised, shares_tendered,
              source, reason, reviewer):
    """Add a grant row the reading missed (checked like a reading and against the ledger).

    Example: intake review add-grant 3f2a9c0d1e2b3a4f5e6d-p001 --grant-date 2001-05-14 --shares-granted 3000 --exercise-price 12.50 --shares-exercised 0 --shares-tendered 3000
    """
    typed = {"grant_date": grant_date, "shares_granted": shares_granted, "exercise_price": exercise_price,
             "shares_exercised": shares_exercised, "shares_tendered": shares_tendered}
    res = actions.add_grant(obj.db(), document_id, typed, reviewer, reason=reason, source=source, cfg=obj.config())
    click.echo(f"added grants.{res['row']} to {document_id} (status {res['status']})")


@review_group.command("remove-grant")
@click.argument("document_id")
@click.argument("row", type=int)
@click.option("--reason", required=True, help="Why the row is not on the paper (recorded).")
@reviewer_option
@common_options
@pass_context
def remove_grant(obj, document_id, row, reason, reviewer):
    """Remove grant row ROW (grants.ROW, from 0) that is not on the paper; its readings are kept.

    Example: intake review remove-grant 3f2a9c0d1e2b3a4f5e6d-p001 2 --reason "a stray mark, not a row"
    """
    res = actions.remove_grant(obj.db(), document_id, row, reason, reviewer, cfg=obj.config())
    click.echo(f"removed grants.{row} from {document_id} (status {res['status']})")


@review_group.command("release")
@reviewer_option
@common_options
@pass_context
def release_cmd(obj, reviewer):
    """Give back the documents you hold, so another reviewer can take them now.

    Example: intake review release --reviewer alice
    """
    n = actions.release_claims(obj.db(), reviewer)
    click.echo(f"released {n} document(s) held by {reviewer}")


@review_group.command("reject")
@click.argument("document_id")
@click.option("--reason", required=True, help="Why the document is rejected (recorded).")
@reviewer_option
@common_options
@pass_context
def reject(obj, document_id, reason, reviewer):
    """Reject a whole document; its open fields leave the queue with it.

    Example: intake review reject 3f2a9c0d1e2b3a4f5e6d-p001 --reason "signed by someone else"
    """
    res = actions.reject_document(obj.db(), document_id, reason, reviewer)
    click.echo(f"rejected {document_id} (status {res['status']})")


@review_group.command("resolve")
@click.argument("document_id")
@click.argument("code")
@click.option("--reason", required=True, help="Why the problem does not stand (recorded).")
@reviewer_option
@common_options
@pass_context
def resolve(obj, document_id, code, reason, reviewer):
    """Decide that one document's problem does not stand (or has been cured).

    Example: intake review resolve 3f2a9c0d1e2b3a4f5e6d-p001 missing_signature --reason "signed on page 2"
    """
    db = obj.db()
    res = actions.resolve_problem(db, actions.problem_id_for(db, document_id, code), reason, reviewer)
    click.echo(f"resolved {code} on {document_id} (status {res['status']})")


@review_group.command("show")
@click.argument("document_id")
@click.option("--show-pii", is_flag=True, help="Show the SSN unmasked (the look is recorded).")
@json_option
@reviewer_option
@common_options
@pass_context
def show(obj, document_id, show_pii, as_json, reviewer):
    """Show a document: every field with its origin, and its whole history.

    Example: intake review show 3f2a9c0d1e2b3a4f5e6d-p001
    """
    db, cfg = obj.db(), obj.config()
    doc = actions.document(db, document_id)
    if show_pii and db.execute("SELECT 1 FROM fields WHERE document_id = ? AND key = 'ssn'",
                               [document_id]).fetchone():
        actions.reveal_ssn(db, document_id, reviewer, why="review show --show-pii")
    contract = document_json(db, document_id, cfg.offer.timezone, show_pii=show_pii)
    rows = [{**r, "value": json.loads(r["value"]) if r["value"] is not None else None, "image": bool(r["image"])}
            for r in db.query("SELECT key, value, confidence, needs_review, origin, crop_path IS NOT NULL AS image "
                              "FROM fields WHERE document_id = ?", [document_id])]
    rows.sort(key=lambda r: queue.field_rank(r["key"]))
    for r in rows:
        if r["key"].endswith("ssn") and not show_pii:
            r["value"] = mask_ssn(r["value"])
    history = events_for(db, document_id)
    if as_json:
        click.echo(json.dumps({"document": contract, "fields": rows, "history": history if show_pii else
                               json.loads(redact_all(json.dumps(history)))}))
        return
    click.echo(f"document {document_id}")
    click.echo("  " + terminal.document_header(doc, cfg.offer.timezone))
    click.echo("fields:")
    for r in rows:
        flag = "REVIEW" if r["needs_review"] else "      "
        click.echo(f"  {flag} {r['key']:<28} {terminal.shown(r['key'], r['value'], True):<32} "
                   f"{r['confidence']:.2f}  {r['origin']}")
    for p in contract["problems"]:
        click.echo(f"problem: {p['code']}: {redact_all(p['message'])}")
    click.echo("history:")
    for line in terminal.history_lines(history, show_pii=show_pii):
        click.echo("  " + line)


@review_group.command("set-received")
@click.argument("document_id")
@click.option("--at", "at", required=True, metavar="ISO",
              help="When it was received, e.g. 2003-03-31T16:45 (Offer's time zone unless an offset is given).")
@click.option("--reason", required=True, help="Why, e.g. 'hand delivered to J. Polakiewicz' (recorded).")
@reviewer_option
@common_options
@pass_context
def set_received(obj, document_id, at, reason, reviewer):
    """Record a receipt time by hand (a hand-delivered form) and decide on time again.

    Example: intake review set-received 3f2a9c0d1e2b3a4f5e6d-p001 --at 2003-03-31T16:45 --reason "hand delivered"
    """
    cfg = obj.config()
    zone = cfg.offer.timezone
    when = actions.parse_received_at(at, zone)
    res = actions.set_received(obj.db(), document_id, when, reason, reviewer, cfg.offer.deadline, zone)
    timing = "on time" if res["on_time"] else "LATE"
    click.echo(f"{document_id} received {res['received_at']} ({timing}; status {res['status']})")


@review_group.command("waive")
@click.argument("code")
@click.option("--reason", required=True, help="Why the Company waives it (recorded).")
@click.option("--yes", is_flag=True, help="Waive without asking, though it touches several documents.")
@reviewer_option
@common_options
@pass_context
def waive(obj, code, reason, yes, reviewer):
    """Waive a problem for every document that has it (Instruction 7); `late` waives lateness.
    When it touches more than one document, they are listed and you are asked first.

    Example: intake review waive missing_address --reason "address on file with payroll"
    """
    db = obj.db()
    scope = actions.waiver_scope(db, code)
    if len(scope) > 1 and not yes:
        click.echo(f"waiving {code} touches {len(scope)} documents:")
        for doc_id in scope:
            click.echo(f"  {doc_id}")
        if not sys.stdin.isatty():
            raise UsageError(f"Not waived: it touches {len(scope)} documents; run again with --yes to waive it for all.")
        if not click.confirm(f"waive {code} for all {len(scope)}?", default=False):
            click.echo("not waived")
            return
    res = actions.waive(db, code, reason, reviewer, confirm=True, cfg=obj.config())
    click.echo(f"waived {code} for {len(res['documents'])} document(s)")
    for doc_id, status in res["documents"].items():
        click.echo(f"  {doc_id}: {status}")


@review_group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but the loopback makes each reviewer log in.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@common_options
@pass_context
def serve(obj, host, port):
    """The review desk in a browser, until stopped: the page beside every value.

    Example: intake review serve --host 127.0.0.1 --port 8765
    """
    from . import web
    obj.db().close()
    web.serve(obj.home, host, port, echo=lambda line: click.echo(line, err=True))


@review_group.group("user")
def user_group():
    """Reviewers who log in to the desk on a network.

    Example: intake review user add alice
    """


@user_group.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@common_options
@pass_context
def user_add(obj, name, password_stdin):
    """Set (or change) a reviewer's password; only its scrypt hash is kept, in the home.

    Example: intake review user add alice
    """
    from intake.db import default_actor as _actor
    from . import users
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    users.set_password(obj.db(), name, password, _actor())
    click.echo(f"reviewer {name} can log in to the desk")


@review_group.command("audit")
@json_option
@common_options
@pass_context
def audit(obj, as_json):
    """What the audit samples (automatically accepted fields sent to review) found.

    Example: intake review audit --json
    """
    s = queue.audit_summary(obj.db())
    if as_json:
        click.echo(json.dumps(s))
        return
    rate = "n/a" if s["error_rate"] is None else f"{s['error_rate']:.1%}"
    click.echo(f"audited {s['audited']}: confirmed {s['confirmed']}, corrected {s['corrected']}, "
               f"pending {s['pending']}, closed {s['closed']}; silent error rate {rate}")


@review_group.command("undo")
@click.argument("event_id", type=int, required=False)
@click.option("--reason", help="Why it is undone (recorded).")
@click.option("--list", "list_only", is_flag=True, help="List the rejections, waivers and resolutions in force.")
@json_option
@reviewer_option
@common_options
@pass_context
def undo(obj, event_id, reason, list_only, as_json, reviewer):
    """Reverse a rejection, a waiver or a problem's resolution by a later event (nothing is deleted).

    EVENT_ID is the event that made it (see --list).

    Example: intake review undo 42 --reason "rejected the wrong document"
    """
    db = obj.db()
    if list_only or event_id is None:
        rows = actions.undoable(db)
        for r in rows:
            click.echo(json.dumps(r) if as_json else
                       f"{r['event_id']:>6}  {r['kind']:<10} {r['what']}  by {r['by']} at {r['at'][:19]}: {r['reason']}")
        return
    res = actions.undo(db, event_id, reason, reviewer)
    if as_json:
        click.echo(json.dumps(res))
    else:
        click.echo(f"{res['action'].replace('_', ' ')} (event {res['event_id']}, undoing event {res['undoes']})")


if __name__ == "__main__":
    review_group(prog_name="intake review")


@review_group.command("holder")
@click.argument("document_id")
@click.argument("holder_id", required=False)
@click.option("--reason", default="picked from the candidates in review", show_default=True,
              help="Why this holder (recorded).")
@json_option
@reviewer_option
@common_options
@pass_context
def holder(obj, document_id, holder_id, reason, as_json, reviewer):
    """Show who may have sent a document (the ledger's holders ranked by its SSN, name, address
    and grants, with the reasons), or, given HOLDER_ID (or a candidate's number), set it.

    Example: intake review holder 3f2a9c0d1e2b3a4f5e6d-p001 2 --reason "grants and address fit"
    """
    db = obj.db()
    cands = actions.holder_candidates(db, document_id)
    if holder_id is None:
        if as_json:
            click.echo(json.dumps(cands, indent=1))
        for i, c in enumerate([] if as_json else cands, 1):
            click.echo(f"{i}. {c['holder_id']}  {c['name']}  score {c['score']:+.1f}: {'; '.join(c['reasons'])}")
        return
    if holder_id.isdigit() and 1 <= int(holder_id) <= len(cands):
        holder_id = cands[int(holder_id) - 1]["holder_id"]
    res = actions.assign_holder(db, document_id, holder_id, reviewer, reason=reason)
    click.echo(json.dumps(res) if as_json else f"holder of {document_id} set to {holder_id} (status {res['status']})")


@review_group.command("set-type")
@click.argument("document_id")
@click.argument("document_type", type=click.Choice(["election_form", "change_notice", "other", "form", "notice"]))
@click.option("--reason", required=True, help="Why (recorded).")
@reviewer_option
@common_options
@pass_context
def set_type(obj, document_id, document_type, reason, reviewer):
    """Say what a document is; the fields of its type it lacks are added for review.

    Example: intake review set-type 3f2a9c0d1e2b3a4f5e6d-p001 change_notice --reason "title cut off by the fax"
    """
    res = actions.set_document_type(obj.db(), document_id, document_type, reason, reviewer)
    click.echo(f"{document_id} is a {res['document_type']}; {len(res['fields_added'])} field(s) to review "
               f"(status {res['status']})")
