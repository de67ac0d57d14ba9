"""scripts/values.py compares two evaluations value by value: each run's summary, then every
value whose outcome changed (a silent error is AUTO-WRONG)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _row(file, key, got, want, review, groups=("handwritten", "typeset varied", "tuned on")):
    return {"file": file, "key": key, "got": got, "want": want, "confidence": 0.5 if review else 0.97,
            "review": review, "doubts": None, "right": got == want, "groups": list(groups)}


def test_compare_prints_each_runs_part_and_every_value_whose_outcome_changed(tmp_path):
    held = ("handwritten", "typeset heldout (held out)", "held-out family")
    base = _write(tmp_path / "base.jsonl", [
        _row("0001.tif", "ssn", None, "123-45-6789", True),
        _row("0001.tif", "grant.shares_exercised", None, 0, False),     # silent
        _row("0001.tif", "grant.shares_exercised", 0, 0, False),        # the second row's: same key
        _row("0002.tif", "holder_name", "Mary Keller", "Mary Keller", False, held)])
    new = _write(tmp_path / "new.jsonl", [
        _row("0001.tif", "ssn", "123-45-6789", "123-45-6789", False),
        _row("0001.tif", "grant.shares_exercised", None, 0, True),
        _row("0001.tif", "grant.shares_exercised", 0, 0, False),
        _row("0002.tif", "holder_name", "Mary Keller", "Mary Keller", False, held)])
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "values.py"), "compare", str(base), str(new)],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert [ln.split()[:2] for ln in out[:4]] == [["base", "tuned"], ["base", "held-out"], ["new", "tuned"],
                                                   ["new", "held-out"]]
    assert "silent 1 (50.00%)" in out[0] and "silent 0 (0.00%)" in out[2]
    changed = out[4:]
    assert len(changed) == 2
    assert "ssn" in changed[1] and "rev-WRONG" in changed[1] and "AUTO-right" in changed[1]
    assert "grant.shares_exercised" in changed[0] and "AUTO-WRONG" in changed[0] and "rev-WRONG" in changed[0]


def test_without_a_command_it_says_how_and_exits_2():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "values.py")], capture_output=True, text=True)
    assert done.returncode == 2 and "compare BASE.jsonl NEW.jsonl" in done.stderr
