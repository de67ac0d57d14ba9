"""The Offer's results after the deadline, from the standing elections in a real database."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from intake import elections, results_offer
from intake.cli import cli
from ledger_fixtures import NY, Env, document, grant_row
from review import actions

AFTER = datetime(2003, 4, 2, 9, 0, tzinfo=NY)
SSNS = ("123-45-6789", "487-65-4321", "222-33-4444", "555-55-5555")


def at(month, day, hour=10):
    return datetime(2003, month, day, hour, tzinfo=NY)


@pytest.fixture
def env(tmp_path):
    """E1001 tenders one listed grant (and a six-month grant goes with it); E1002 tenders then withdraws;
    E1003 sends a form after the deadline; a stranger tenders; one more form waits for review."""
    e = Env(tmp_path)
    e.ids = {
        "tender": e.store(document(e.db, received=at(3, 25), grants=[
            grant_row("1999-06-01", 10000, "12.50", 2000, 4000)])),
        "smith_form": e.store(document(e.db, received=at(3, 20), name="John Smith", ssn="487-65-4321",
                                       grants=[grant_row("2000-02-10", 2500, "8.00", 0, 2500)])),
        "smith_notice": e.store(document(e.db, "change_notice", received=at(3, 28), name="John Smith",
                                         ssn="487-65-4321")),
        "late": e.store(document(e.db, received=at(4, 1), name="James Doe", ssn="222-33-4444",
                                 grants=[grant_row("1998-09-09", 1500, "5.00", 0, 1500)])),
        "stranger": e.store(document(e.db, received=at(3, 26), name="Zed Zulu", ssn="555-55-5555",
                                     grants=[grant_row("2001-01-01", 900, "3.00", 0, 900)])),
    }
    return e


def test_the_totals_are_the_sum_of_the_standing_elections(env):
    data = results_offer.gather(env.db, env.cfg, AFTER)
    entries = elections.compute(env.db, env.cfg)
    standing_sum = sum(e["shares_tendered"] for e in entries if e["outcome"] == "tendered")
    o = data["options_tendered"]
    assert o["total"] == standing_sum == o["elections_total"] == 4000 + 3000 + 900
    assert o["in_ledger"] == 7000 and o["grants"] == 3
    assert sum(g["shares_tendered"] for g in data["grants"]) == o["total"]
    assert [(g["grant_number"], g["shares_tendered"]) for g in data["six_month_grants"]] == [("G-2002-101", 3000)]
    assert data["holders"] == {"eligible": 3, "elected": 1, "withdrew": 1, "rejected": 0, "no_election": 1,
                               "not_in_ledger": 1, "provisional": 1}
    assert [d["document_id"] for d in data["late"]] == [env.ids["late"]]
    assert [d["document_id"] for d in data["withdrawals"]] == [env.ids["smith_notice"]]
    # The stranger's form waits for a person to say who sent it: under review, its standing provisional.
    assert [d["document_id"] for d in data["under_review"]] == [env.ids["stranger"]]
    assert data["final"] is False
    assert data["not_final_because"] == ["1 document(s) still under review", "1 holder(s)' standing is provisional",
                                         "1 tender(s) from sender(s) not matched to the option ledger"]


def test_documents_under_review_and_provisional_standings_make_the_results_not_final(env):
    pending = document(env.db, received=at(3, 27), name="James Doe", ssn="222-33-4444",
                       grants=[grant_row("1998-09-09", 1500, "5.00", 0, 1500, conf=0.4)])
    env.store(pending)
    data = results_offer.gather(env.db, env.cfg, AFTER)
    assert [d["document_id"] for d in data["under_review"]] == [env.ids["stranger"], pending.document_id]
    assert data["under_review"][1]["open_review"] == ["grants.0.shares_tendered"]
    assert "2 document(s) still under review" in data["not_final_because"]
    assert data["holders"]["provisional"] == 2
    # A standing that carries `provisional` makes the results not final, whatever made it so.
    entry = next(e for e in elections.compute(env.db, env.cfg) if e["holder_id"] == "E1003")
    assert entry.get("provisional") is True


def test_final_when_the_offer_has_closed_and_nothing_waits(tmp_path):
    env = Env(tmp_path)
    env.store(document(env.db, received=at(3, 25)))
    assert results_offer.gather(env.db, env.cfg, AFTER)["final"] is True
    early = results_offer.gather(env.db, env.cfg, at(3, 30))
    assert early["final"] is False and "had not closed" in early["not_final_because"][0]


def test_the_same_instant_gives_the_same_results_whatever_happens_later(env):
    moment = datetime.now(timezone.utc)
    first = results_offer.build(env.db, env.cfg, moment, ["json", "csv", "html"])
    actions.correct_field(env.db, env.ids["tender"], "grants.0.shares_tendered", "1000", "alice")
    assert results_offer.build(env.db, env.cfg, moment, ["json", "csv", "html"]) == first
    now = results_offer.gather(env.db, env.cfg, datetime.now(timezone.utc) + timedelta(seconds=1))
    assert now["options_tendered"]["total"] == 1000 + 3000 + 900


def test_cli_writes_three_formats_with_ssns_masked(env, tmp_path):
    out = tmp_path / "results"
    res = CliRunner().invoke(cli, ["results", "--home", str(env.home.root), "--as-of", "2003-04-02T09:00",
                                   "--out", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["offer-results.csv", "offer-results.html", "offer-results.json"]
    texts = {p.suffix: p.read_text() for p in out.iterdir()}
    for text in texts.values():
        for ssn in SSNS:
            assert ssn not in text
    rows = list(csv.DictReader(io.StringIO(texts[".csv"])))
    assert sum(int(r["shares_tendered"]) for r in rows) == json.loads(texts[".json"])["options_tendered"]["total"]
    assert "NOT FINAL" in texts[".html"] and "<script" not in texts[".html"]
    one = CliRunner().invoke(cli, ["results", "--home", str(env.home.root), "--format", "json",
                                   "--as-of", "2003-04-02T09:00"], catch_exceptions=False)
    assert json.loads(one.stdout) == json.loads(texts[".json"])
    assert "Example:" in results_offer.results_command.help


def test_the_html_renders_in_headless_chromium(env, tmp_path):
    import shutil
    import subprocess

    from PIL import Image

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("headless Chromium is not installed")
    page = tmp_path / "results.html"
    page.write_text(results_offer.build(env.db, env.cfg, AFTER, ["html"])["html"], encoding="utf-8")
    shot = tmp_path / "results.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1100,1400",
                    page.as_uri()], check=True, capture_output=True, timeout=90)
    with Image.open(shot) as img:
        gray = img.convert("L")
        assert sum(gray.histogram()[:128]) > 5000, "the screenshot is (nearly) blank"
