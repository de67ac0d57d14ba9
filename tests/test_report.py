"""The receipt report over a database of documents on several days (no OCR: documents are stored directly)."""
import csv
import hashlib
import io
import json
import shutil
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from intake import config as config_mod
from intake import report, report_data, report_html
from intake.cli_common import IntakeGroup
from intake.db import insert, log_event, now_utc, open_db, transaction
from intake.home import resolve
from intake.model import Document, Problem, Reading
from intake.record import store

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DEADLINE = "2003-03-31T17:00:00-05:00"
DAY = date(2003, 3, 31)


def sha(n: int) -> str:
    return hashlib.sha256(f"fax {n}".encode()).hexdigest()


def r(value, confidence=0.98, review=False) -> Reading:
    return Reading(value, confidence, needs_review=review)


def grant(shares_tendered, review=False) -> dict:
    return {"grant_date": r("2001-05-14"), "shares_granted": r(shares_tendered),
            "exercise_price": r("12.50"), "shares_exercised": r(0),
            "shares_tendered": r(shares_tendered, 0.5 if review else 0.98, review)}


# n, received_at, type, status, on_time, name, ssn, tendered, review keys, problems, sender
DOCS = [
    (1, "2003-03-27T09:10:00-05:00", "election_form", "accepted", True, "Jane Q. Doe", "123-45-6789",
     [10000, 2500], [], [], "+1 603 555 0101 ACME CORP"),
    (2, "2003-03-27T15:00:00-05:00", "change_notice", "needs_review", True, "Ann Lee", "222-33-4444",
     None, ["signed_at"], [], None),
    (3, "2003-03-28T11:00:00-05:00", "election_form", "accepted", True, "Bob Roe", "333-44-5555",
     [4000], [], [], None),
    (4, "2003-03-28T16:00:00-05:00", "election_form", "rejected", True, "Cy Poe", "444-55-6666",
     [500], [], [("missing_signature", "no signature found on the form")], None),
    (5, "2003-03-31T16:58:12-05:00", "election_form", "accepted", True, "Dee Fox", "555-66-7777",
     [7000], [], [], "603-555-0199"),
    (6, "2003-03-31T16:59:59-05:00", "election_form", "needs_review", True, "Ed Kay", "666-77-8888",
     [1200], ["holder_name", "grants.0.shares_tendered"],
     [("ssn_mismatch", "the SSN does not match the ledger")], None),
    (7, "2003-03-31T17:00:01-05:00", "election_form", "rejected", False, "Flo Ray", "777-88-9999",
     [3000], [], [("late", "received after the deadline")], None),
    (8, "2003-04-01T04:30:00+00:00", "election_form", "needs_review", False, "Gus Ng", "888-99-0000",
     [100], ["ssn"], [("late", "received after the deadline")], None),
    (9, "2003-04-01T10:00:00-05:00", "other", "rejected", False, None, None, None, [], [], None),
]


def _doc(n, received, doc_type, status, on_time, name, ssn, tendered, review, problems, sender, receipt_id):
    fields = {}
    if doc_type != "other":
        fields = {"holder_name": r(name), "ssn": r(ssn), "signature_present": r(True),
                  "signed_at": r("2003-03-20")}
        if doc_type == "election_form":
            fields.update(tender_elected=r(bool(tendered)), additional_sheet_attached=r(False),
                          address=r("12 Elm St, Nashua NH 03060"))
    grants = [grant(t, review="grants.0.shares_tendered" in review and i == 0) for i, t in enumerate(tendered or [])]
    for key in review:
        if key in fields:
            fields[key] = r(fields[key].value, 0.4, True)
    return Document(sha256=sha(n), receipt_id=receipt_id, source_name=f"fax{n:04d}.tif", pages=[1, 2],
                    document_type=doc_type, type_confidence=0.99, received_at=received,
                    received_at_source="sidecar" if sender else "tiff", deadline=DEADLINE, on_time=on_time,
                    sender=sender, fields=fields, grants=grants, grant_sources=["form"] * len(grants),
                    holder=r(f"E{1000 + n}") if name else None,
                    problems=[Problem(c, m) for c, m in problems], status=status)


def add_receipt(db, n, received, **extra) -> int:
    return insert(db, "receipts", {"sha256": sha(n), "source_name": f"fax{n:04d}.tif",
                                   "received_at": received, "received_at_source": "tiff",
                                   "recorded_at": now_utc(), **extra})


def fill(db) -> None:
    with transaction(db):
        for n, received, *rest in DOCS:
            rid = add_receipt(db, n, received, state="done")
            store(db, None, _doc(n, received, *rest, receipt_id=rid))
        # A duplicate of fax 5 and an unreadable file, both on March 31.
        add_receipt(db, 5, "2003-03-31T17:30:00-05:00", state="duplicate", duplicate_of=5)
        add_receipt(db, 99, "2003-03-31T12:00:00-05:00", state="quarantined",
                    error="fax0099.tif: not an image")


@pytest.fixture
def cfg():
    return config_mod.parse("")


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "intake.db")
    fill(database)
    yield database
    database.close()


@pytest.fixture
def home(tmp_path):
    h = resolve(tmp_path / "home").ensure()
    database = open_db(h.db_path)
    fill(database)
    database.close()
    return h


def doc_id(n: int) -> str:
    return sha(n)[:20] + "-p001"


def test_day_documents_and_counts(db, cfg):
    rep = report_data.gather(db, cfg, DAY)
    assert [d["document_id"] for d in rep["documents"]] == [doc_id(n) for n in (5, 6, 7, 8)]
    assert rep["counts"]["by_status"] == {"accepted": 1, "needs_review": 2, "rejected": 1}
    assert rep["counts"]["by_timing"] == {"on_time": 2, "late": 2}
    assert rep["receipts"]["files"] == 6 and rep["receipts"]["duplicates"] == 1
    assert rep["receipts"]["set_aside"][0]["source_name"] == "fax0099.tif"
    first, second, _, last = rep["documents"]
    assert first["received_from"] == "603-555-0199" and first["sender"] == "603-555-0199"
    assert second["received_from"] == "fax0006.tif"          # no fax header: the file name
    assert first["received_at"] == "2003-03-31T16:58:12-05:00"
    assert last["received_at"] == "2003-03-31T23:30:00-05:00"  # 04:30 UTC is still March 31 in New York
    assert second["open_review"] == ["holder name", "grant 1: shares tendered"]
    assert second["problems"] == ["the SSN does not match the ledger"]
    assert first["confirmation_due"] == "2003-04-07" and first["pages"] == [1, 2]
    assert first["holder_name"] == "Dee Fox" and first["shares_tendered"] == 7000


def test_standing_up_to_the_report_day(db, cfg):
    st = report_data.gather(db, cfg, DAY)["standing"]
    assert st["as_of"] == "2003-03-31"
    assert st["total"] == 8
    assert st["by_timing"] == {"on_time": 6, "late": 2}
    assert st["by_status"] == {"accepted": 3, "needs_review": 3, "rejected": 2}
    assert st["options_tendered"]["shares"] == 10000 + 2500 + 4000 + 7000   # accepted on-time tenders
    conf = st["confirmations"]
    assert (conf["due"], conf["overdue"], conf["sent"]) == (8, 0, 0)
    assert conf["by_due_date"] == {"2003-04-03": 2, "2003-04-04": 2, "2003-04-07": 4}
    # The day before shows the standing of that day only.
    earlier = report_data.gather(db, cfg, date(2003, 3, 28))["standing"]
    assert earlier["total"] == 4 and earlier["by_status"] == {"accepted": 2, "needs_review": 1, "rejected": 1}


def test_confirmations_overdue_and_sent(db, cfg):
    with transaction(db):
        log_event(db, "confirmation_sent", actor="cfo", document_id=doc_id(1))
    rep = report_data.gather(db, cfg, date(2003, 4, 7))
    conf = rep["standing"]["confirmations"]
    assert rep["documents"] == []
    assert conf["sent"] == 1
    assert conf["overdue"] == 3          # documents 2, 3, 4 (due April 3 and 4); the "other" needs none
    assert conf["due"] == 4 and conf["due_on_report_day"] == 4
    assert [d["document_id"] for d in conf["overdue_documents"]] == [doc_id(n) for n in (2, 3, 4)]
    html = report_html.render(rep)
    assert "Confirmations overdue" in html and "No documents were received" in html


def test_review_backlog_series(db, cfg):
    series = report_data.gather(db, cfg, DAY)["series"]
    by_day = {p["day"]: p for p in series}
    assert series[0]["day"] == "2003-03-27" and series[-1]["day"] == "2003-03-31"
    assert [by_day[d]["cumulative"] for d in ("2003-03-27", "2003-03-28", "2003-03-29", "2003-03-31")] == [2, 4, 4, 8]
    assert by_day["2003-03-31"]["cumulative_late"] == 2
    assert [by_day[d]["review_backlog"] for d in ("2003-03-27", "2003-03-30", "2003-03-31")] == [1, 1, 3]


def test_corrections_show_in_later_reports(db, cfg):
    with transaction(db):
        db.execute("UPDATE fields SET value = ?, needs_review = 0, origin = 'review' "
                   "WHERE document_id = ? AND key = 'holder_name'", [json.dumps("Edward Kay"), doc_id(6)])
    entry = report_data.gather(db, cfg, DAY)["documents"][1]
    assert entry["holder_name"] == "Edward Kay"
    assert entry["open_review"] == ["grant 1: shares tendered"]


def test_json_is_the_same_bytes_when_made_again(db, cfg):
    first = report.build(db, cfg, DAY, ["json", "html", "csv"])
    again = report.build(db, cfg, DAY, ["json", "html", "csv"])
    assert first["json"] == again["json"]
    assert first["html"] == again["html"]
    assert first["csv"] == again["csv"]
    data = json.loads(first["json"])
    for key in ("document_id", "source_name", "received_at", "on_time", "document_type", "status",
                "holder_name", "ssn"):
        assert all(key in d for d in data["documents"])


def test_ssns_are_masked_everywhere(db, cfg):
    texts = report.build(db, cfg, None, ["json", "html", "csv"])
    for _, _, _, _, _, _, ssn, *_ in DOCS:
        if ssn:
            for fmt, text in texts.items():
                assert ssn not in text, fmt
                assert ssn.replace("-", "") not in text, fmt
    entries = json.loads(texts["json"])["documents"]
    assert entries[0]["ssn"] == "***-**-6789"
    assert entries[-1]["ssn"] is None


def test_csv_rows_match_the_json(db, cfg):
    texts = report.build(db, cfg, DAY, ["json", "csv"])
    rows = list(csv.DictReader(io.StringIO(texts["csv"])))
    entries = json.loads(texts["json"])["documents"]
    assert len(rows) == len(entries) == 4
    assert list(rows[0]) == list(report_data.DOCUMENT_COLUMNS)
    assert [row["status"] for row in rows] == [e["status"] for e in entries]
    assert [row["on_time"] for row in rows] == ["yes", "yes", "no", "no"]
    assert rows[1]["open_review"] == "holder name; grant 1: shares tendered"
    assert rows[0]["ssn"] == "***-**-7777" and rows[0]["pages"] == "1; 2"
    assert sum(int(row["shares_tendered"]) for row in rows) == 7000 + 1200 + 3000 + 100


def test_all_days(db, cfg):
    rep = report_data.gather(db, cfg, None)
    assert len(rep["documents"]) == 9 and rep["report"]["scope"] == "all"
    assert rep["standing"]["as_of"] == "2003-04-01"
    assert rep["counts"]["by_timing"] == {"on_time": 6, "late": 3}
    assert rep["counts"]["by_type"] == {"change_notice": 1, "election_form": 7, "other": 1}


def test_empty_database(tmp_path, cfg):
    empty = open_db(tmp_path / "empty.db")
    texts = report.build(empty, cfg, DAY, ["json", "html", "csv"])
    data = json.loads(texts["json"])
    assert data["documents"] == [] and data["counts"]["total"] == 0 and data["series"] == []
    assert "No documents were received" in texts["html"]


def test_default_day_is_yesterday_in_the_offer_zone(cfg):
    # 03:00 UTC on April 1 is still March 31 in New York: yesterday is March 30.
    assert report.yesterday(cfg, datetime(2003, 4, 1, 3, 0, tzinfo=timezone.utc)) == date(2003, 3, 30)


def run_cli(home, *args):
    group = IntakeGroup("intake", commands=[report.report_command])
    return CliRunner().invoke(group, ["report", "--home", str(home.root), *args], catch_exceptions=False)


def test_cli_json_on_stdout(home):
    result = run_cli(home, "--date", "2003-03-31", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"]["by_status"]["needs_review"] == 2


def test_cli_several_formats_into_a_folder(home, tmp_path):
    out = tmp_path / "out"
    result = run_cli(home, "--date", "2003-03-31", "--format", "html, csv,json", "--out", str(out))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["receipt-report-2003-03-31.csv", "receipt-report-2003-03-31.html",
                     "receipt-report-2003-03-31.json"]
    assert result.stdout.split() == [str(out / n) for n in ("receipt-report-2003-03-31.html",
                                     "receipt-report-2003-03-31.csv", "receipt-report-2003-03-31.json")]
    # The default: all three formats into HOME/reports; one format with --out FILE writes that file.
    assert run_cli(home, "--all").exit_code == 0
    assert (home.reports / "receipt-report-all.html").is_file()
    single = tmp_path / "one.csv"
    assert run_cli(home, "--date", "2003-03-28", "--format", "csv", "--out", str(single)).exit_code == 0
    assert single.read_text().count("\n") == 3


def test_cli_usage_errors(home):
    for args in (["--date", "31/03/2003"], ["--format", "pdf"], ["--date", "2003-03-31", "--all"]):
        result = run_cli(home, *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("intake: ") and "Traceback" not in result.stderr


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(chromium() is None, reason="headless Chromium is not installed (apt-get install -y chromium)")
def test_html_renders_in_headless_chromium(db, cfg, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report.build(db, cfg, DAY, ["html"])["html"], encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-2003-03-31.png"
    shot.unlink(missing_ok=True)
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1200,1600",
                    page.as_uri()], check=True, capture_output=True, timeout=90)
    assert shot.is_file()
    with Image.open(shot) as img:
        assert img.size == (1200, 1600)
        gray = img.convert("L")
        dark = sum(gray.histogram()[:128])
        assert dark > 5000, "the screenshot is (nearly) blank"
        assert len(img.convert("RGB").getcolors(maxcolors=1 << 20)) > 50


def test_html_is_self_contained_with_a_chart(db, cfg):
    html = report.build(db, cfg, DAY, ["html"])["html"]
    assert "data:image/png;base64," in html and "@media print" in html
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert "Receipt report for Monday 31 March 2003" in html and "fax0099.tif" in html


def test_report_is_registered_on_the_intake_command():
    from intake.cli import cli
    assert cli.commands["report"] is report.report_command
    assert "Example:" in report.report_command.help


def test_options_tendered_from_the_standing_elections(db, cfg):
    pytest.importorskip("intake.elections")
    last = report_data.gather(db, cfg, date(2003, 4, 1))["standing"]["options_tendered"]
    assert last["basis"] == "standing elections (intake.elections)"
    assert last["shares"] == sum(e["shares_tendered"] for e in last["elections"]) > 0
    assert {e["ssn"] for e in last["elections"]} >= {"***-**-6789", "***-**-7777"}
    # March 31 is not the last day of receipts: the elections (computed over every document) are not used.
    day = report_data.gather(db, cfg, DAY)["standing"]["options_tendered"]
    assert "came after the report day" in day["basis"] and day["shares"] == 10000 + 2500 + 4000 + 7000
    assert "Elections by holder" in report_html.render(report_data.gather(db, cfg, None))
