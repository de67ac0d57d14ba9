"""The desk in the browser, over HTTP against a real server: logins, cross-site requests,
paths outside the home, SSNs, the audit trail's names.  (The browser itself: test_review_browser.py.)"""
from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from intake.db import events_for, open_db
from intake.home import Home

SSN_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d{9}(?![0-9A-Za-z])|(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def intake(home: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from intake.cli import main; main()", "--home", str(home),
                           "review", *args], capture_output=True, text=True, timeout=60, **kw)


class Desk:
    """`intake review serve` running in its own process."""

    def __init__(self, home: Path, host: str = "127.0.0.1"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-c", "from intake.cli import main; main()", "--home",
                                      str(home), "review", "serve", "--host", host, "--port", str(self.port)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/login", timeout=1)
                return
            except requests.ConnectionError:
                if self.proc.poll() is not None:
                    raise AssertionError(self.proc.stderr.read())
                time.sleep(0.2)
        raise AssertionError("the desk did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)

    def session(self, name: str, password: str | None = None) -> "Reviewer":
        return Reviewer(self, name, password)


class Reviewer:
    def __init__(self, desk: Desk, name: str, password: str | None):
        self.desk, self.s = desk, requests.Session()
        data = {"name": name} | ({"password": password} if password is not None else {})
        self.login = self.s.post(desk.url + "/login", data=data, headers=self.origin(), allow_redirects=False)
        self.csrf = None

    def origin(self) -> dict:
        return {"Origin": self.desk.url}

    def get(self, path: str) -> requests.Response:
        r = self.s.get(self.desk.url + path, allow_redirects=True)
        m = re.search(r'name="csrf_token" value="([^"]+)"', r.text)
        if m:
            self.csrf = m.group(1)
        return r

    def post(self, path: str, data: dict, headers: dict | None = None, csrf: bool = True) -> requests.Response:
        body = {**data, **({"csrf_token": self.csrf} if csrf else {})}
        return self.s.post(self.desk.url + path, data=body, headers=self.origin() if headers is None else headers,
                           allow_redirects=False)


@pytest.fixture
def loopback(demo_queue):
    desk = Desk(demo_queue)
    yield demo_queue, desk
    desk.stop()


def task_of(html: str) -> str:
    return re.search(r'name="task" value="([^"]+)"', html).group(1)


def test_cross_site_requests_are_refused(loopback):
    home, desk = loopback
    alice = desk.session("alice")
    page = alice.get("/task")
    task = task_of(page.text)
    assert alice.s.cookies.get("intake_desk") and "SameSite=Strict" in alice.login.headers["Set-Cookie"]
    assert "HttpOnly" in alice.login.headers["Set-Cookie"]
    for headers, csrf in (({"Origin": "http://evil.example"}, True), ({}, True), (None, False),
                          ({"Referer": "http://evil.example/x"}, True)):
        r = alice.post("/answer", {"task": task, "answer": "s"}, headers=headers, csrf=csrf)
        assert r.status_code == 403, (headers, csrf)
    r = alice.post("/answer", {"task": task, "answer": "s", "csrf_token": "forged"}, csrf=False)
    assert r.status_code == 403
    assert alice.post("/release", {}).status_code == 200                   # the real form goes through
    assert requests.post(desk.url + "/release", headers={"Origin": desk.url}, allow_redirects=False).status_code == 403


def test_no_path_outside_the_home_is_served(loopback, tmp_path):
    home, desk = loopback
    secret = tmp_path / "outside.png"
    secret.write_bytes(b"\x89PNG outside the home")
    db = open_db(Home(home).db_path)
    doc, key = db.execute("SELECT document_id, key FROM fields WHERE crop_path IS NOT NULL AND key != 'ssn' "
                          "LIMIT 1").fetchone()
    bob = desk.session("bob")
    assert bob.get(f"/crop/{doc}/{key}.png").status_code == 200
    link = Home(home).crops / "link.png"
    link.symlink_to(secret)
    for path in ("../" * 6 + str(secret).lstrip("/"), str(secret), "crops/../../outside.png", "crops/link.png",
                 "intake.db"):
        with db.conn:
            db.execute("UPDATE fields SET crop_path = ? WHERE document_id = ? AND key = ?", [path, doc, key])
        r = bob.get(f"/crop/{doc}/{key}.png")
        assert r.status_code == 404 and b"outside the home" not in r.content, path
    for url in ("/static/../web.py", "/static/..%2fweb.py", "/static/%2e%2e/web.py", f"/page/{doc}/..%2f..%2fintake.db",
                "/crop/../../etc/passwd", f"/crop/{doc}/..%2f..%2fintake.db.png", "/../intake.db",
                f"/page/{doc}/99.png"):
        r = bob.get(url)
        assert r.status_code in (400, 404) and b"SQLite" not in r.content, url


def test_ssn_shown_only_after_a_recorded_reveal_and_audit_names_the_reviewer(loopback):
    home, desk = loopback
    db = open_db(Home(home).db_path)
    doc = db.execute("SELECT document_id FROM documents WHERE source_name = '0001.tif'").fetchone()[0]
    ssn = json.loads(db.execute("SELECT value FROM fields WHERE document_id = ? AND key = 'ssn'", [doc]).fetchone()[0])
    carol = desk.session("carol")
    page = carol.get(f"/document/{doc}")
    assert page.status_code == 200 and ssn not in page.text and not SSN_DIGITS.findall(page.text)
    assert carol.get(f"/crop/{doc}/ssn.png").status_code == 403
    found = carol.get("/ledger?q=8944")
    assert "Sarah B. Stewart" in found.text and ssn not in found.text
    assert "Sarah B. Stewart" in carol.get("/ledger?q=stew").text
    masked = carol.get(f"/page/{doc}/2.png").content
    assert carol.post(f"/reveal/{doc}", {"back": f"/document/{doc}"}).status_code == 302
    assert ssn in carol.get(f"/document/{doc}").text
    assert carol.get(f"/crop/{doc}/ssn.png").status_code == 200
    assert carol.get(f"/page/{doc}/2.png").content != masked        # the SSN's place painted over until then
    kinds = [(e["kind"], e["actor"]) for e in events_for(db, doc)]
    assert ("ssn_revealed", "carol") in kinds and ("image_shown", "carol") in kinds


def test_a_network_desk_asks_each_reviewer_to_log_in(demo_queue):
    home = demo_queue
    refused = intake(home, "serve", "--host", "0.0.0.0", "--port", str(free_port()))
    assert refused.returncode == 2 and "intake review user add" in refused.stderr
    short = intake(home, "user", "add", "dora", "--password-stdin", input="short\n")
    assert short.returncode == 2
    ok = intake(home, "user", "add", "dora", "--password-stdin", input="correct horse battery\n")
    assert ok.returncode == 0
    stored = open_db(Home(home).db_path).execute("SELECT password_hash FROM review_users WHERE name = 'dora'")
    hashed = stored.fetchone()[0]
    assert hashed.startswith("scrypt$") and "correct horse" not in hashed
    desk = Desk(home, host="0.0.0.0")
    try:
        assert desk.session("dora").login.status_code == 401                         # a name is not enough
        assert desk.session("dora", "wrong password").login.status_code == 401
        assert desk.session("eve", "correct horse battery").login.status_code == 401
        dora = desk.session("dora", "correct horse battery")
        assert dora.login.status_code == 302
        page = dora.get("/task")
        task = task_of(page.text)
        r = dora.post("/answer", {"task": task, "answer": "-"})
        assert r.status_code == 302
        anon = requests.get(desk.url + "/task", allow_redirects=False)
        assert anon.status_code == 302 and anon.headers["Location"].endswith("/login")
        doc = task.split(":")[0]
        events = events_for(open_db(Home(home).db_path), doc)
        assert any(e["kind"] in ("field_accepted", "field_corrected") and e["actor"] == "dora" for e in events)
    finally:
        desk.stop()


def test_a_problem_needs_a_reason_and_a_wide_waiver_is_listed_first(loopback):
    home, desk = loopback
    db = open_db(Home(home).db_path)
    a, b = [r[0] for r in db.execute("SELECT document_id FROM documents WHERE on_time = 1 ORDER BY document_id "
                                     "LIMIT 2")]
    with db.conn:
        pa, pb = (db.execute("INSERT INTO problems (document_id, code, message, needs_decision, created_at) "
                             "VALUES (?, 'missing_pages', 'the signature page is missing', 1, '2003-04-01')",
                             [d]).lastrowid for d in (a, b))
    alice = desk.session("alice")
    alice.get("/task")
    r = alice.post("/answer", {"task": f"{a}:problem:{pa}", "answer": ""})            # Enter: not resolved
    assert r.status_code == 200 and "Say why the problem does not stand" in r.text
    r = alice.post("/answer", {"task": f"{a}:problem:{pa}", "answer": "", "reason": "   "})
    assert "Say why" in r.text
    assert db.execute("SELECT resolved FROM problems WHERE id = ?", [pa]).fetchone()[0] == 0
    r = alice.post("/answer", {"task": f"{a}:problem:{pa}", "answer": "w", "reason": "pages on file"})
    assert r.status_code == 200 and a in r.text and b in r.text and 'id="confirm"' in r.text
    assert db.execute("SELECT count(*) FROM waivers").fetchone()[0] == 0                # asked first
    r = alice.post("/answer", {"task": f"{a}:problem:{pa}", "answer": "w", "reason": "pages on file", "confirm": "1"})
    assert r.status_code == 302
    assert db.execute("SELECT actor FROM waivers").fetchall() == [("alice",)]
    assert db.execute("SELECT count(*) FROM problems WHERE id IN (?, ?) AND resolved = 1", [pa, pb]).fetchone()[0] == 2
