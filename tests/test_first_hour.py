"""The first hour of a new user (issue 15): the demo never deletes a home, set-up is quiet and
installs nothing the second time, progress and totals in words, and every error one sentence
naming its path or value with the contract's exit code.

Everything runs the real scripts and the real `intake` command, in real pseudo-terminals
(pexpect) where a terminal is the point.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parents[1]
INTAKE = str(ROOT / ".venv" / "bin" / "intake") if (ROOT / ".venv" / "bin" / "intake").exists() \
    else shutil.which("intake")
ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}
ENV.pop("INTAKE_HOME", None)


def run(*args, home: Path | None = None, cwd: Path | None = None, env: dict | None = None):
    cmd = [INTAKE, *(["--home", str(home)] if home else []), *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env or ENV, timeout=300)


def one_sentence(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("intake") and lines[0].endswith(".") and "Traceback" not in stderr, stderr
    return lines[0]


# --- the demo never deletes a home ---------------------------------------------------------------

def run_demo(tmp_path: Path, files: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(ROOT / "scripts" / "demo.sh")], capture_output=True, text=True,
                          timeout=600, env={**ENV, "INTAKE_SKIP_SETUP": "1", "INTAKE_DEMO_DIR": str(tmp_path),
                                            "INTAKE_DEMO_FILES": files, **env})


def test_the_demo_leaves_a_home_named_by_INTAKE_HOME_alone(tmp_path):
    home = tmp_path / "real-home"
    home.mkdir()
    (home / "intake.db").write_text("the company's records")
    (home / "originals").mkdir()
    (home / "originals" / "fax.tif").write_bytes(b"an original")
    proc = run_demo(tmp_path, "0003.jpg 0009.tif", INTAKE_HOME=str(home))
    assert proc.returncode == 0, proc.stderr
    assert (home / "intake.db").read_text() == "the company's records"
    assert (home / "originals" / "fax.tif").read_bytes() == b"an original"
    assert sorted(p.name for p in home.iterdir()) == ["intake.db", "originals"]
    made = [p for p in tmp_path.iterdir() if p.name.startswith("demo-home-")]
    assert len(made) == 1 and (made[0] / "intake.db").is_file()
    # Quiet: at most ten lines before the first result; each document once, then the totals.
    out = proc.stdout.splitlines()
    first = next(i for i, line in enumerate(out) if line.startswith("0003.jpg"))
    assert first < 10, proc.stdout
    assert "2 documents: 2 accepted" in proc.stdout or "2 documents:" in proc.stdout
    assert proc.stderr.strip() == "", proc.stderr


def test_the_demo_refuses_a_folder_that_already_exists(tmp_path):
    # Its home is demo-home-<date-time>: take the names of the next seconds, each holding a file.
    now = datetime.now()
    taken = [tmp_path / f"demo-home-{(now + timedelta(seconds=s)).strftime('%Y%m%d-%H%M%S')}" for s in range(0, 30)]
    for folder in taken:
        folder.mkdir()
        (folder / "keep.txt").write_text("mine")
    proc = run_demo(tmp_path, "0003.jpg")
    assert proc.returncode == 2 and "already exists" in proc.stderr, (proc.stdout, proc.stderr)
    assert all((f / "keep.txt").read_text() == "mine" and len(list(f.iterdir())) == 1 for f in taken)


def test_no_script_removes_folders():
    for script in (ROOT / "scripts").glob("*.sh"):
        text = script.read_text()
        assert not re.search(r"\brm\s+-[a-zA-Z]*r", text), script
        assert "rmtree" not in text, script


def test_the_demo_set_generator_will_not_replace_a_home_inbox(tmp_path):
    home = tmp_path / "home"
    run("init", home=home)
    (home / "inbox" / "waiting.tif").write_bytes(b"a fax not yet taken")
    proc = subprocess.run([sys.executable, "-m", "samples.generate", str(home), "--demo"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and f"{home} is an intake home" in proc.stderr, proc.stderr
    assert (home / "inbox" / "waiting.tif").read_bytes() == b"a fax not yet taken"


# --- set-up: quiet, and nothing installed the second time ---------------------------------------

@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="set-up's package check is for Debian/Ubuntu")
def test_setup_twice_installs_nothing_the_second_time(tmp_path):
    # apt-get and sudo on PATH that only write down that they were called.
    trap = tmp_path / "bin"
    trap.mkdir()
    calls = tmp_path / "calls.log"
    for tool in ("apt-get", "sudo"):
        (trap / tool).write_text(f"#!/bin/sh\necho {tool} \"$@\" >> {calls}\n")
        (trap / tool).chmod(0o755)
    env = {**ENV, "PATH": f"{trap}:{os.environ['PATH']}", "INTAKE_WITH_CHROMIUM": "0"}
    setup = [str(ROOT / "scripts" / "setup.sh")]
    stamp = ROOT / ".venv" / ".intake-installed"
    kept = stamp.read_text() if stamp.exists() else None
    # A changed pyproject.toml (here: a stale stamp) installs the Python packages, quietly.
    stamp.write_text("stale\n")
    try:
        first = subprocess.run(setup, capture_output=True, text=True, env=env, timeout=900)
    finally:
        if not stamp.exists() or stamp.read_text() == "stale\n":
            stamp.write_text(kept) if kept else stamp.unlink(missing_ok=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""
    assert first.stderr.splitlines()[0] == "setup: installing the Python packages into .venv (pip)"
    assert len(first.stderr.splitlines()) == 2 and "warning" not in first.stderr.lower(), first.stderr
    second = subprocess.run(setup, capture_output=True, text=True, env=env, timeout=120)
    assert second.returncode == 0, second.stderr
    assert second.stdout == "" and len(second.stderr.splitlines()) == 1, second.stderr
    assert second.stderr.startswith("setup: ready (tesseract 5")
    assert not calls.exists(), calls.read_text()   # every package was there: apt-get never ran


def test_setup_asks_apt_get_for_exactly_what_is_missing_and_chromium_only_for_tests(tmp_path):
    # A dpkg-query that knows only some packages, and an apt-get that writes down what it was asked.
    trap = tmp_path / "bin"
    trap.mkdir()
    calls = tmp_path / "calls.log"
    (trap / "dpkg-query").write_text('#!/bin/sh\nfor last; do :; done\n'
                                     'case "$last" in tesseract-ocr*|fonts-*) printf installed;; '
                                     '*) printf not-installed;; esac\n')
    (trap / "apt-get").write_text(f'#!/bin/sh\necho apt-get "$@" >> {calls}\necho "some apt noise"\n')
    (trap / "sudo").write_text('#!/bin/sh\nexec "$@"\n')
    for tool in trap.iterdir():
        tool.chmod(0o755)
    env = {**ENV, "PATH": f"{trap}:{os.environ['PATH']}"}
    env.pop("INTAKE_WITH_CHROMIUM", None)
    setup = str(ROOT / "scripts" / "setup.sh")
    demo = subprocess.run([setup], capture_output=True, text=True, env=env, timeout=120)
    assert demo.returncode == 0, demo.stderr
    assert demo.stderr.splitlines()[0] == "setup: installing poppler-utils (apt-get)", demo.stderr
    assert len(demo.stderr.splitlines()) == 2 and "noise" not in demo.stderr + demo.stdout
    assert calls.read_text().splitlines()[-1] == "apt-get install -y -qq --no-install-recommends poppler-utils"
    tests = subprocess.run([setup, "--for-tests"], capture_output=True, text=True, env=env, timeout=120)
    assert tests.stderr.splitlines()[0] == "setup: installing poppler-utils tmux chromium chromium-driver (apt-get)", tests.stderr
    without = subprocess.run([setup, "--for-tests"], capture_output=True, text=True, timeout=120,
                             env={**env, "INTAKE_WITH_CHROMIUM": "0"})
    assert without.stderr.splitlines()[0] == "setup: installing poppler-utils tmux (apt-get)", without.stderr


# --- errors: one sentence naming the path or value, the contract's exit code ----------------------

def test_a_missing_file_is_the_same_sentence_and_code_for_process_and_receive(tmp_path):
    home = tmp_path / "home"
    run("init", home=home)
    missing = tmp_path / "nowhere" / "fax.tif"
    got = {}
    for command in ("process", "receive"):
        proc = run(command, str(missing), home=home)
        got[command] = (proc.returncode, one_sentence(proc.stderr))
    assert got["process"] == got["receive"] == (1, f"intake: {missing}: no such file.")
    # A relative path is shown in full.
    rel = run("process", "fax0001.tif", home=home, cwd=tmp_path)
    assert rel.returncode == 1 and one_sentence(rel.stderr) == f"intake: {tmp_path / 'fax0001.tif'}: no such file."
    folder = run("process", str(tmp_path), home=home)
    assert folder.returncode == 1 and one_sentence(folder.stderr) == f"intake: {tmp_path} is a folder, not a file."
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    torn = tmp_path / "torn.tif"
    torn.write_bytes(b"II*\x00" + b"\x13" * 50)
    both = run("process", str(empty), str(torn), home=home)
    assert both.returncode == 1 and both.stderr.splitlines() == [
        f"intake: {empty} is empty (0 bytes).", f"intake: {torn} is not a readable TIFF image."], both.stderr
    assert both.stdout == "2 files, 0 documents; 2 files could not be processed (see above)\n"
    roster = run("roster", "import", str(tmp_path / "ledger.csv"), home=home)
    assert roster.returncode == 1 and one_sentence(roster.stderr) == f"intake: {tmp_path / 'ledger.csv'}: no such file."


@pytest.fixture(scope="module")
def ready_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("usage") / "home"
    run("init", home=home)
    return home


@pytest.mark.parametrize("args, says", [
    (["process"], "intake process: missing argument 'FILES...' (see intake process --help)."),
    (["no-such-command"], "intake: no such command 'no-such-command' (see intake --help)."),
    (["process", "--bogus", "x.tif"], "intake process: no such option '--bogus' (see intake process --help)."),
    (["review", "fix", "doc-p001"], "intake review fix: missing argument 'KEY' (see intake review fix --help)."),
    (["evaluate", "/no/such/set"], "/no/such/set"),
    (["report", "--date"], "--date"),
    (["report", "--date", "31/03/2003"], "31/03/2003"),
    (["watch", "--once", "--bogus"], "--bogus"),
])
def test_usage_errors_are_one_sentence_with_exit_2(ready_home, args, says):
    proc = run(*args, home=ready_home)
    assert proc.returncode == 2, proc.stderr
    line = one_sentence(proc.stderr)
    assert says in line and "Usage:" not in proc.stderr and "Error:" not in proc.stderr


def test_a_group_alone_shows_its_help():
    for args in ([], ["review"]):
        proc = run(*args)
        assert proc.returncode in (0, 2) and proc.stderr.startswith("Usage: intake") or \
            proc.stdout.startswith("Usage: intake"), proc.stderr
        assert "Commands:" in proc.stderr + proc.stdout


def test_status_shows_no_python_quoting_and_names_the_bad_file(tmp_path):
    home = tmp_path / "home"
    bad = tmp_path / "bad fax.tif"
    bad.write_text("not a fax")
    proc = run("process", str(bad), home=home)
    assert proc.returncode == 1
    status = run("status", home=home)
    assert status.returncode == 0
    last = next(line for line in status.stdout.splitlines() if line.startswith("last error:"))
    assert last.startswith("last error: bad fax.tif quarantined at ") and "'" not in last, last
    assert "is not a TIFF, PDF" in last


def test_read_only_commands_in_a_folder_without_a_home_say_so(tmp_path):
    for args in (["status"], ["documents"], ["review", "list"], ["elections"]):
        where = tmp_path / "-".join(args)
        proc = run(*args, cwd=tmp_path, home=where)
        assert proc.returncode == 0, proc.stderr
        note = one_sentence(proc.stderr)
        assert note.startswith(f"intake: there was no home at {where}; made a new, empty one") and "init" in note
        assert (where / "config.toml").is_file()
        again = run(*args, cwd=tmp_path, home=where)
        assert again.stderr == "", again.stderr   # said once: the home is there now
    made = run("init", home=tmp_path / "by-init")
    assert made.stderr == "" and "home ready at" in made.stdout
    # A command that does work makes its home silently, as the contract says.
    work = run("process", str(tmp_path / "nothing.tif"), home=tmp_path / "by-process")
    assert one_sentence(work.stderr).endswith("nothing.tif: no such file.")
    assert (tmp_path / "by-process" / "config.toml").is_file()


def test_report_without_a_date_says_which_day_and_that_it_is_empty(tmp_path):
    home = tmp_path / "home"
    run("init", home=home)
    proc = run("report", "--format", "csv", home=home)
    assert proc.returncode == 0
    from zoneinfo import ZoneInfo
    day = (datetime.now(ZoneInfo("America/New_York")).date() - timedelta(days=1)).isoformat()
    note = one_sentence(proc.stderr)
    assert f"the report of {day}, yesterday in the Offer's time zone (America/New_York)" in note
    assert f"no document was received on {day}" in note
    asked = run("report", "--date", "2003-03-31", "--format", "csv", home=home)
    assert one_sentence(asked.stderr) == "intake: no document was received on 2003-03-31."


# --- progress, words and totals, on a terminal and off it -----------------------------------------

@pytest.fixture(scope="module")
def processed(tmp_path_factory, demo_set):
    """One home where 0003.jpg and 0009.tif (one page each) were processed, in a real terminal."""
    home = tmp_path_factory.mktemp("first-hour") / "home"
    run("init", home=home)
    files = [str(demo_set / "inbox" / n) for n in ("0003.jpg", "0009.tif")]
    child = pexpect.spawn(INTAKE, ["--home", str(home), "process", *files], env=ENV, encoding="utf-8",
                          dimensions=(24, 120), timeout=300)
    child.expect(pexpect.EOF)
    child.close()
    return home, child.before, child.exitstatus


def test_process_on_a_terminal_shows_n_of_N_and_the_totals(processed):
    _home, screen, status = processed
    assert status == 0, screen
    assert "files 0 of 2" in screen and "files 2 of 2 |" in screen, screen
    lines = [line.strip("\r") for line in screen.split("\n")]
    results = [line for line in lines if line.split("\r")[-1].startswith(("0003.jpg p1", "0009.tif p1"))]
    assert len(results) == 2, screen
    assert lines[-2].split("\r")[-1].startswith("2 files, 2 documents: "), screen


def test_process_off_a_terminal_draws_nothing_and_json_stays_json(processed, demo_set, tmp_path):
    home, _screen, _ = processed
    copy = tmp_path / "resent.jpg"
    shutil.copyfile(demo_set / "inbox" / "0003.jpg", copy)
    text = run("process", str(copy), home=home)
    assert text.returncode == 0 and text.stderr == "", text.stderr
    out = text.stdout.splitlines()
    # A resent file says it is a duplicate of the earlier receipt, and gives its result.
    assert out[0].startswith("resent.jpg: duplicate of receipt 1 (0003.jpg, received 2003-03-31T11:46:38-05:00), "
                             "the same bytes; already recorded as: 0003.jpg p1 | change notice | ")
    assert out[-1] == "1 file, 1 document: " + out[-1].split(": ", 1)[1] and "1 duplicate" in out[-1]
    as_json = run("process", str(copy), "--json", home=home)
    assert as_json.returncode == 0 and as_json.stderr == ""
    assert [json.loads(line)["source_name"] for line in as_json.stdout.splitlines()] == ["0003.jpg"]


def test_watch_once_on_a_terminal_and_off_it(tmp_path, demo_set):
    home = tmp_path / "home"
    run("init", home=home)
    for name in ("0009.tif", "0009.tif.json"):
        shutil.copyfile(demo_set / "inbox" / name, home / "inbox" / name)
    (home / "inbox" / "torn.tif").write_bytes(b"II*\x00" + b"\x13" * 50)
    child = pexpect.spawn(INTAKE, ["--home", str(home), "watch", "--once"], env=ENV, encoding="utf-8",
                          dimensions=(24, 120), timeout=300)
    child.expect(pexpect.EOF)
    child.close()
    screen = child.before
    assert child.exitstatus == 1, screen   # a file was set aside
    assert "files 2 of 2 |" in screen and '"event"' not in screen, screen   # a bar, no JSON lines
    assert "intake: torn.tif could not be read and was set aside: torn.tif is not a readable" in screen, screen
    assert "2 files, 1 document: " in screen and "1 file could not be processed" in screen, screen
    # Off a terminal: JSON lines on stderr (the log), the counts in the last; stdout stays empty
    # (a cron line sends both to one log file).
    shutil.copyfile(demo_set / "inbox" / "0003.jpg", home / "inbox" / "0003.jpg")
    piped = run("watch", "--once", home=home)
    assert piped.returncode == 0, piped.stderr
    events = [json.loads(line)["event"] for line in piped.stderr.splitlines()]
    assert "watch_started" in events and "processed" in events
    assert piped.stdout == "" and json.loads(piped.stderr.splitlines()[-1])["processed"] == 1
    shutil.copyfile(demo_set / "inbox" / "0003.jpg", home / "inbox" / "again.jpg")
    quiet = run("watch", "--once", "--no-log-json", home=home)
    assert quiet.stderr == "" and "1 duplicate of files already received" in quiet.stdout


def test_evaluate_on_a_terminal_counts_files(tmp_path, demo_set):
    for sub in ("inbox", "truth"):
        (tmp_path / "set" / sub).mkdir(parents=True)
    for name in ("0009.tif", "0009.tif.json"):
        shutil.copyfile(demo_set / "inbox" / name, tmp_path / "set" / "inbox" / name)
    shutil.copyfile(demo_set / "truth" / "0009.tif.json", tmp_path / "set" / "truth" / "0009.tif.json")
    child = pexpect.spawn(INTAKE, ["evaluate", str(tmp_path / "set")], env=ENV, encoding="utf-8",
                          dimensions=(24, 120), timeout=300, cwd=str(tmp_path))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "files 1 of 1 |" in child.before and "OVERALL" in child.before, child.before


def test_status_words_agree_with_the_review_queue(processed):
    from intake.summary import status_words, summary_line, totals_line
    home, _, _ = processed
    docs = [json.loads(line) for line in run("documents", "--json", home=home).stdout.splitlines()]
    doc = docs[0]
    # The same document, as it would stand late with one field in the queue (lateness not waived).
    late = {**doc, "status": "rejected", "on_time": False,
            "fields": {k: {**f, "needs_review": k == "signed_at"} for k, f in doc["fields"].items()},
            "problems": [{"code": "late", "message": "Received after the Offer's deadline."},
                         {"code": "six_month_grants_included", "message": "grants made since 2002-08-28 are tendered"}]}
    assert status_words(late) == "rejected (late), 1 field still to review in case lateness is waived"
    line = summary_line(late)
    assert "to review: signed_at" in line and "notes: grants made since 2002-08-28 are tendered" in line
    assert "six_month_grants_included" not in line and "needs_review" not in line
    totals = totals_line([doc, late], files=2)
    assert totals.startswith("2 files, 2 documents: ") and totals.endswith(", 1 rejected (late, 1 field still to review)")
    listed = run("review", "list", home=home).stdout
    for d in docs:   # a document shown needing review is in the queue; one shown accepted is not
        assert (d["document_id"] in listed) == (d["status"] == "needs_review"), (d["status"], listed)


# --- the README ---------------------------------------------------------------------------------

def command_paths(group, prefix=("intake",)):
    for name, cmd in sorted(group.commands.items()):
        if getattr(cmd, "hidden", False):
            continue
        yield " ".join(prefix + (name,))
        if hasattr(cmd, "commands"):
            yield from command_paths(cmd, prefix + (name,))


def test_the_readme_names_every_command_and_opens_with_its_two():
    from intake.cli import cli
    readme = (ROOT / "README.md").read_text()
    missing = [p for p in command_paths(cli) if not re.search(re.escape(p) + r"\b", readme)]
    assert not missing, f"commands not in README.md: {missing}"
    opening = readme.split("```")[1]
    assert "scripts/demo.sh" in opening and "scripts/test.sh" in opening
    for switch in ("INTAKE_WITH_CHROMIUM", "PYTHON", "INTAKE_DEMO_DIR"):
        assert switch in readme, switch
    demo_files = [p for p in (ROOT / "samples" / "demo" / "inbox").iterdir() if p.suffix != ".json"]
    assert f"read the {len(demo_files)} shipped sample faxes" in opening
    assert "Python 3.11 or later" in readme and "root" in readme and "MB of disk" in readme
