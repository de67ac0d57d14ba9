"""The review desk in a browser: `intake review serve [--host H] [--port P]`.

Flask with server-side pages (Jinja2), no JavaScript build step; a little plain JS in
`static/desk.js` zooms the page and keeps the answer box focused.  It works the queue
with the same keyboard flow as the terminal: Enter accepts, a typed value and Enter
corrects, `s` skips, and it calls only `review.actions` to change records.

Safety (on any address but the loopback each reviewer logs in with a password set by
`intake review user add NAME`; on the loopback each names themselves):
* every state-changing request is a POST carrying the session's CSRF token, from a page
  of the desk itself (its Origin, or else its Referer, must be the desk's), and the
  session cookie is HttpOnly and SameSite=Strict;
* images are looked up by document and field in the database and served only from
  inside the home (`review.images.inside`: no `..`, no symbolic link out);
* an SSN, or the part of a page where it is, is shown only after the reviewer reveals
  it, which is an `ssn_revealed` event; every image served is an `image_shown` event;
* the audit trail names the reviewer of the session.
"""
from __future__ import annotations

import ipaddress
import json
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, abort, g, redirect, render_template, request, session, url_for
from werkzeug.serving import make_server

from intake.db import events_for, log_event, open_db, transaction
from intake.errors import IntakeError, NotFound, ValidationError
from intake.fieldspec import GRANT_FIELDS, split_key
from intake.home import Home
from intake.ledger import load

from . import actions, checks, images, keys, users
from .masking import mask, raw_shown, redact_all, shown
from .queue import ClaimHeld, Task, claim_next, open_tasks

PAGE_WIDTH = 1400           # pixels a page image is served at (the browser zooms it further)
KEY_FILE = "desk-secret.key"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _secret(home: Home) -> bytes:
    """The key that signs the desk's session cookies, made once and kept in the home (mode 600)."""
    path = home.root / KEY_FILE
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def create_app(home: Home, *, login_required: bool) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=_secret(home), SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
                      SESSION_COOKIE_NAME="intake_desk", MAX_CONTENT_LENGTH=64 * 1024)
    cfg = home.config()
    zone = cfg.offer.timezone

    def db():
        if "db" not in g:
            g.db = open_db(home.db_path)
        return g.db

    @app.teardown_appcontext
    def close(_exc):
        conn = g.pop("db", None)
        if conn is not None:
            conn.close()

    @app.context_processor
    def common():
        return {"reviewer": session.get("reviewer"), "csrf": session.get("csrf", ""), "shown": shown,
                "login_required": login_required}

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        resp.headers.setdefault("Content-Security-Policy", "default-src 'self'; img-src 'self'; frame-ancestors 'none'")
        resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    @app.before_request
    def guard():
        if request.method == "POST":
            if not _same_origin():
                abort(403, "This request did not come from a page of the desk.")
            token = request.form.get("csrf_token", "")
            if request.endpoint != "login" and not (session.get("csrf") and
                                                    secrets.compare_digest(token, session["csrf"])):
                abort(403, "This form is stale or did not come from the desk; reload the page.")
        if request.endpoint not in ("login", "static") and not session.get("reviewer"):
            return redirect(url_for("login"))
        return None

    def _same_origin() -> bool:
        here = urlsplit(request.host_url)
        source = request.headers.get("Origin") or request.headers.get("Referer")
        if not source or source == "null":
            return False
        there = urlsplit(source)
        return (there.scheme, there.netloc) == (here.scheme, here.netloc)

    def who() -> str:
        return session["reviewer"]

    # --- logging in ------------------------------------------------------------------------

    @app.route("/login", methods=["GET", "POST"])
    def login():
        message = None
        if request.method == "POST":
            name = request.form.get("name", "")
            try:
                name = users.check_name(name)
            except ValidationError as exc:
                message = str(exc)
            else:
                if login_required:
                    name = users.login(db(), name, request.form.get("password", ""))
                    if name is None:
                        message = "That name and password do not match a reviewer of this desk."
                if message is None:
                    session.clear()
                    session.update(reviewer=name, csrf=secrets.token_urlsafe(32), revealed=[], skipped=[])
                    with transaction(db()):
                        log_event(db(), "reviewer_logged_in", actor=name,
                                  detail={"address": request.remote_addr, "password": login_required})
                    return redirect(url_for("task"))
        return render_template("login.html", message=message), 200 if message is None else 401

    @app.post("/logout")
    def logout():
        actions.release_claims(db(), who())
        session.clear()
        return redirect(url_for("login"))

    # --- the queue ---------------------------------------------------------------------------

    @app.get("/")
    def index():
        return redirect(url_for("task"))

    @app.get("/task")
    def task():
        try:
            t = claim_next(db(), who(), cfg.review.claim_minutes, skip=session.get("skipped", []))
        except IntakeError as exc:
            return render_template("done.html", message=str(exc))
        if t is None:
            left = len(session.get("skipped", []))
            return render_template("done.html", message="The queue is empty." if not left else
                                   f"Nothing left but the {left} task(s) you skipped.", skipped=left)
        return render_task(t)

    def render_task(t: Task, *, message: str | None = None, answer: str = "", ask_reason: bool = False,
                    waive_docs: list[str] | None = None, status: int = 200):
        d = db()
        doc = actions.document(d, t.document_id)
        revealed = t.document_id in session.get("revealed", [])
        view = document_view(t.document_id, revealed)
        focus = None
        if t.kind == "field":
            f = actions.field(d, t.document_id, t.key)
            place = f
            if t.key == "holder_id":       # the holder is matched from the name and SSN: show the name's place
                place = d.execute("SELECT page, bbox FROM fields WHERE document_id = ? AND key = 'holder_name'",
                                  [t.document_id]).fetchone()
                place = {"page": place[0], "bbox": place[1]} if place else f
            reading = d["readings"].get(f["reading_id"]) if f["reading_id"] else None
            evidence = json.loads(reading["evidence"] or "{}") if reading else {}
            focus = {"key": t.key, "value": shown(t.key, _value(f["value"]), revealed),
                     "confidence": f["confidence"], "raw": raw_shown(t.key, reading["raw_text"], revealed)
                     if reading and reading["raw_text"] else None,
                     "ledger": shown(t.key, evidence["ledger_expected"], revealed) if "ledger_expected" in evidence
                     else None, "page": place["page"], "box": _box(d, t.document_id, place),
                     "crop": bool(f["crop_path"]) and (split_key(t.key)[1] != "ssn" or revealed),
                     "is_ssn": split_key(t.key)[1] == "ssn", "blank": _value(f["value"]) is None}
        problem = d["problems"].get(t.problem_id) if t.kind == "problem" else None
        page = (focus or {}).get("page") or (view["pages"][0] if view["pages"] else None)
        left = len(open_tasks(d))
        return render_template("task.html", t=t, doc=doc, view=view, focus=focus, page=page,
                               problem=problem and {**problem, "message": redact_all(problem["message"])},
                               message=message, answer=answer, ask_reason=ask_reason, waive_docs=waive_docs,
                               revealed=revealed, left=left, zone=zone), status

    def _task_of(task_id: str) -> Task:
        parts = task_id.split(":")
        if len(parts) == 3 and parts[1] == "problem" and parts[2].isdigit():
            row = db().execute("SELECT code FROM problems WHERE id = ? AND document_id = ?",
                               [int(parts[2]), parts[0]]).fetchone()
            if row is None:
                abort(404)
            return Task("problem", parts[0], problem_id=int(parts[2]), code=row[0])
        if len(parts) == 2:
            try:
                return Task("field", parts[0], keys.canonical(parts[1]))
            except ValidationError:
                abort(404)
        abort(404)

    @app.post("/answer")
    def answer():
        t = _task_of(request.form.get("task", ""))
        text = request.form.get("answer", "")
        reason = request.form.get("reason", "").strip() or None
        cmd = text.strip()
        if cmd == "s":
            session["skipped"] = session.get("skipped", []) + [t.task_id]
            return redirect(url_for("task"))
        d = db()
        try:
            if t.kind == "problem":
                if cmd == "w":
                    if not reason:
                        return render_task(t, message="Give the reason for the waiver.", answer="w", ask_reason=True)
                    actions.waive(d, t.code, reason, who(), confirm=bool(request.form.get("confirm")), cfg=cfg)
                elif cmd:
                    return render_task(t, message="Enter with a reason resolves the problem; w waives it; s skips.")
                elif not reason:
                    return render_task(t, message="Say why the problem does not stand (the reason is recorded).",
                                       ask_reason=True)
                else:
                    actions.resolve_problem(d, t.problem_id, reason, who(), cfg=cfg)
            elif cmd == "":
                actions.accept_field(d, t.document_id, t.key, who(), reason=reason, cfg=cfg)
            else:
                typed = cmd[1:] if cmd.startswith("=") else cmd
                actions.correct_field(d, t.document_id, t.key, typed, who(), only_if_pending=True,
                                      reason=reason, cfg=cfg)
        except actions.NeedsConfirmation as exc:
            if t.kind == "problem":
                return render_task(t, message=str(exc), answer="w", ask_reason=True, waive_docs=exc.broken)
            return render_task(t, message=str(exc), answer=text, ask_reason=True, status=409)
        except ValidationError as exc:
            return render_task(t, message=str(exc), answer=text, status=422)
        except (ClaimHeld, IntakeError) as exc:
            return render_template("done.html", message=f"{exc} Take the next task."), 409
        return redirect(url_for("task"))

    @app.post("/reveal/<document_id>")
    def reveal(document_id: str):
        actions.document(db(), document_id)
        try:
            actions.reveal_ssn(db(), document_id, who(), why="review desk")
        except NotFound:
            abort(404)
        session["revealed"] = session.get("revealed", []) + [document_id]
        return redirect(request.form.get("back") if request.form.get("back", "").startswith("/") else url_for("task"))

    @app.post("/release")
    def release():
        n = actions.release_claims(db(), who())
        session["skipped"] = []
        return render_template("done.html", message=f"Released {n} document(s) you held.")

    @app.post("/grant/add/<document_id>")
    def grant_add(document_id: str):
        typed = {name: request.form.get(name, "") for name in GRANT_FIELDS}
        reason = request.form.get("reason", "").strip() or None
        try:
            actions.add_grant(db(), document_id, typed, who(), reason=reason, cfg=cfg)
        except IntakeError as exc:
            return render_template("done.html", message=str(exc)), 422
        return redirect(url_for("task"))

    @app.post("/grant/remove/<document_id>/<int:row>")
    def grant_remove(document_id: str, row: int):
        try:
            actions.remove_grant(db(), document_id, row, request.form.get("reason", ""), who(), cfg=cfg)
        except IntakeError as exc:
            return render_template("done.html", message=str(exc)), 422
        return redirect(url_for("task"))

    # --- documents, the ledger ----------------------------------------------------------------

    def document_view(document_id: str, revealed: bool) -> dict:
        d = db()
        doc = actions.document(d, document_id)
        fields = [{**r, "value": _value(r["value"])} for r in d.query(
            "SELECT key, value, confidence, needs_review, origin, page FROM fields WHERE document_id = ? "
            "AND key NOT LIKE 'grants.%'", [document_id])]
        for f in fields:
            f["shown"] = shown(f["key"], f["value"], revealed)
        rows = checks._rows(d, document_id)
        pending = {r[0] for r in d.execute("SELECT key FROM fields WHERE document_id = ? AND needs_review = 1",
                                           [document_id])}
        grants = [{"row": i, "cells": [(n, shown(n, rows[i].get(n)), f"grants.{i}.{n}" in pending)
                                       for n in GRANT_FIELDS]} for i in sorted(rows)]
        ledger = load(d)
        holder = checks.holder_of(d, document_id, ledger)
        problems = [{**p, "message": redact_all(p["message"])} for p in d.query(
            "SELECT id, code, message, needs_decision FROM problems WHERE document_id = ? AND resolved = 0",
            [document_id])]
        return {"fields": fields, "grants": grants, "problems": problems, "pages": json.loads(doc["pages"]),
                "holder": holder and {"holder_id": holder.holder_id, "name": holder.name,
                                      "ssn": holder.ssn if revealed else mask(holder.ssn),
                                      "grants": holder.grants},
                "history": [{**e, "detail": redact_all(json.dumps(e["detail"])) if not revealed else
                             json.dumps(e["detail"])} for e in events_for(d, document_id)][-12:]}

    @app.get("/document/<document_id>")
    def document(document_id: str):
        try:
            doc = actions.document(db(), document_id)
        except NotFound:
            abort(404)
        revealed = document_id in session.get("revealed", [])
        return render_template("document.html", doc=doc, view=document_view(document_id, revealed),
                               revealed=revealed, page=int(request.args.get("page", 0)) or
                               json.loads(doc["pages"])[0])

    @app.get("/ledger")
    def ledger():
        q = request.args.get("q", "").strip()
        found = []
        if q:
            digits = q.replace("-", "")
            rows = db().query("SELECT holder_id, name, ssn FROM holders WHERE name LIKE ? OR holder_id = ? OR "
                              "(length(?) = 4 AND ? GLOB '[0-9][0-9][0-9][0-9]' AND replace(ssn, '-', '') LIKE ?) "
                              "ORDER BY name LIMIT 50", [f"%{q}%", q, digits, digits, f"%{digits}"])
            for r in rows:
                grants = list(db().query("SELECT grant_number, grant_date, shares_granted, exercise_price, "
                                         "shares_exercised FROM ledger_grants WHERE holder_id = ? ORDER BY grant_date",
                                         [r["holder_id"]]))
                found.append({**r, "ssn": mask(r["ssn"]), "grants": grants})
        return render_template("ledger.html", q=q, found=found)

    # --- images -----------------------------------------------------------------------------

    @app.get("/page/<document_id>/<int:page>.png")
    def page_png(document_id: str, page: int):
        d = db()
        try:
            doc = actions.document(d, document_id)
        except NotFound:
            abort(404)
        if page not in json.loads(doc["pages"]):
            abort(404)
        image = images.page_image(home, d, doc["sha256"], page)
        if image is None:
            abort(404)
        if document_id not in session.get("revealed", []):
            image = images.masked(image, _ssn_boxes(d, document_id, page))
        actions.log_look(d, document_id, who(), f"page {page} in the desk")
        return Response(images.png(image, PAGE_WIDTH), mimetype="image/png")

    @app.get("/crop/<document_id>/<key>.png")
    def crop_png(document_id: str, key: str):
        d = db()
        try:
            key = keys.canonical(key)
            f = actions.field(d, document_id, key)
        except (NotFound, ValidationError):
            abort(404)
        if split_key(key)[1] == "ssn" and document_id not in session.get("revealed", []):
            abort(403, "Reveal the SSN first (the look is recorded).")
        path = images.crop_file(home, f["crop_path"])
        if path is None:
            abort(404)
        actions.log_look(d, document_id, who(), f"crop of {key} in the desk")
        return Response(path.read_bytes(), mimetype="image/png")

    return app


def _value(text):
    return json.loads(text) if text is not None else None


def _box(db, document_id: str, f: dict) -> dict | None:
    """The field's place as percentages of its page (for the outline drawn over the page)."""
    if not f["bbox"] or not f["page"]:
        return None
    size = _page_size(db, document_id, f["page"])
    if size is None:
        return None
    x0, y0, x1, y1 = json.loads(f["bbox"])
    w, h = size
    return {"left": 100 * x0 / w, "top": 100 * y0 / h, "width": 100 * (x1 - x0) / w, "height": 100 * (y1 - y0) / h}


def _page_size(db, document_id: str, page: int) -> tuple[int, int] | None:
    row = db.execute("SELECT p.width, p.height FROM pages p JOIN documents d ON d.sha256 = p.sha256 "
                     "WHERE d.document_id = ? AND p.page_no = ?", [document_id, page]).fetchone()
    return (row[0], row[1]) if row and row[0] and row[1] else None


def _ssn_boxes(db, document_id: str, page: int) -> list[tuple[int, int, int, int]]:
    row = db.execute("SELECT bbox FROM fields WHERE document_id = ? AND key = 'ssn' AND page = ? AND bbox IS NOT NULL",
                     [document_id, page]).fetchone()
    return [tuple(json.loads(row[0]))] if row else []


def serve(home: Home, host: str, port: int, *, echo=print) -> None:
    """Run the desk until stopped (Ctrl-C)."""
    login_required = not is_loopback(host)
    db = open_db(home.db_path)
    try:
        has_users = db.execute("SELECT 1 FROM review_users LIMIT 1").fetchone() is not None
    finally:
        db.close()
    if login_required and not has_users:
        raise ValidationError(f"The desk on {host} asks each reviewer to log in, and no reviewer has a password: "
                              "set one with `intake review user add NAME` first.")
    app = create_app(home, login_required=login_required)
    server = make_server(host, port, app, threaded=True)
    shown_host = f"[{host}]" if ":" in host else host
    echo(f"review desk at http://{shown_host}:{server.server_port}/ "
         f"({'each reviewer logs in' if login_required else 'loopback only: each reviewer names themselves'}); "
         "Ctrl-C stops it")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
