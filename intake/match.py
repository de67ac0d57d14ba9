"""Comparing what the paper says with what the option ledger knows.

Pure functions on plain values, shared by the reading hook (`intake.ledger`) and
the elections (`intake.elections`), so that both match the same way.

A paper value compares with the ledger's as one of:
  agree   - the same value;
  misread - different in a way a misread explains (a digit or two, a dropped or
            moved decimal point, month and day swapped, one digit added or lost);
  null    - nothing read;
  differ  - different beyond a misread.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

AGREE, MISREAD, NULL, DIFFER = "agree", "misread", "null", "differ"
FACTS = ("grant_date", "shares_granted", "exercise_price", "shares_exercised")

# How much each verdict on each fact says about a row being a given ledger grant.
_WEIGHT = {
    "grant_date": {AGREE: 4.0, MISREAD: 1.5, NULL: 0.0, DIFFER: -2.0},
    "shares_granted": {AGREE: 3.0, MISREAD: 1.0, NULL: 0.0, DIFFER: -1.5},
    "exercise_price": {AGREE: 2.0, MISREAD: 0.8, NULL: 0.0, DIFFER: -1.0},
    "shares_exercised": {AGREE: 1.0, MISREAD: 0.3, NULL: 0.0, DIFFER: -0.5},
}
MATCH_SCORE = 4.0     # a row is a grant only with at least this much agreement ...
MATCH_MARGIN = 2.0    # ... and this much more than for any other grant of the holder


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _hamming(a: str, b: str) -> int | None:
    return sum(x != y for x, y in zip(a, b)) if len(a) == len(b) else None


def _digits_close(a: str, b: str) -> bool:
    """A digit or two misread, or one digit added or lost."""
    h = _hamming(a, b)
    return (h is not None and h <= 2 and len(a) >= 3) or levenshtein(a, b) <= 1


def _price_digits(p: str) -> str:
    return p.replace(".", "").lstrip("0").rstrip("0")


def compare(name: str, paper, ledger) -> str:
    """The verdict on one grant fact (see the module's docstring)."""
    if paper is None:
        return NULL
    if str(paper) == str(ledger):
        return AGREE
    if name == "grant_date":
        a, b = str(paper).replace("-", ""), str(ledger).replace("-", "")
        swapped = f"{a[:4]}{a[6:8]}{a[4:6]}" == b
        return MISREAD if swapped or (_hamming(a, b) or 9) <= 2 else DIFFER
    if name == "exercise_price":
        a, b = _price_digits(str(paper)), _price_digits(str(ledger))
        return MISREAD if a == b or _digits_close(a, b) else DIFFER
    return MISREAD if _digits_close(str(paper), str(ledger)) else DIFFER


def row_score(row: dict, grant: dict) -> tuple[float, dict[str, str]]:
    verdicts = {f: compare(f, row.get(f), grant[f]) for f in FACTS}
    if row.get("shares_exercised") is None and grant["shares_exercised"] == 0:
        verdicts["shares_exercised"] = NULL
    return sum(_WEIGHT[f][v] for f, v in verdicts.items()), verdicts


@dataclass
class RowMatch:
    grant_number: str | None
    score: float
    verdicts: dict[str, str]
    why: str                       # how it was matched, or why not


def match_rows(rows: list[dict], grants: list[dict]) -> list[RowMatch]:
    """Each paper row (name -> value) matched to at most one ledger grant, one to one.

    A row is matched only when unambiguous: enough agreement, clearly more than with
    any other grant, and not a grant a better-matching row has already taken.
    """
    scored = [[row_score(row, g) for g in grants] for row in rows]
    out: list[RowMatch] = [RowMatch(None, 0.0, {}, "the holder has no grants in the ledger")
                           for _ in rows]
    order = sorted(((s[0], i, j) for i, row in enumerate(scored) for j, s in enumerate(row)), reverse=True)
    taken: dict[int, int] = {}
    decided: set[int] = set()
    for score, i, j in order:
        if i in decided:
            continue
        others = sorted((s[0] for k, s in enumerate(scored[i]) if k != j), reverse=True)
        margin = score - (others[0] if others else 0.0)
        verdicts = scored[i][j][1]
        if score < MATCH_SCORE:
            out[i] = RowMatch(None, score, verdicts, "no grant in the holder's ledger agrees with it")
        elif others and margin < MATCH_MARGIN:
            out[i] = RowMatch(None, score, verdicts, "it agrees with more than one of the holder's grants")
        elif j in taken:
            out[i] = RowMatch(None, score, verdicts, f"its grant is already matched by row {taken[j] + 1}")
        else:
            taken[j] = i
            out[i] = RowMatch(grants[j]["grant_number"], score, verdicts, "matched")
        decided.add(i)
    return out


# --- names and SSNs ---------------------------------------------------------------------

def name_tokens(text: str | None) -> list[str]:
    return re.sub(r"[^A-Z ]", " ", (text or "").upper().replace("'", "")).split()


def name_variants(roster: str) -> list[str]:
    """The ways a holder writes their own name: in full, by initials, without the middle."""
    parts = roster.split()
    if len(parts) < 2:
        return [roster]
    first, last, middle = parts[0], parts[-1], parts[1:-1]
    mid = " ".join(middle)
    out = [roster, f"{first} {last}", f"{first[0]}. {last}"]
    if middle:
        out.insert(1, f"{first[0]}. {mid} {last}")
    return list(dict.fromkeys(out))


def name_key(text: str) -> str:
    return " ".join(name_tokens(text))


def ssn_digits(ssn: str | None) -> str | None:
    d = re.sub(r"\D", "", ssn or "")
    return d if len(d) == 9 else None


def ssn_distance(a: str | None, b: str | None) -> int | None:
    da, db_ = ssn_digits(a), ssn_digits(b)
    if da is None or db_ is None:
        return None
    return _hamming(da, db_)


def address_tokens(text: str | None) -> list[str]:
    return re.sub(r"[,]", " ", (text or "").upper()).split()


def correct_address(paper: str, ledger: str) -> tuple[str, str | None]:
    """(verdict, corrected): agree when the words are the same (commas aside); misread when
    as many words, at most two of them off by at most two letters, and the corrected text
    keeps the paper's line breaks; else differ."""
    kept = [line for line in paper.split(",") if re.search(r"[A-Za-z0-9]", line)]
    if len(kept) < len(paper.split(",")):
        # lines of mere marks (a blank line's rule read as "-~") are not part of the address
        verdict, corrected = correct_address(",".join(kept), ledger)
        return (MISREAD, corrected or ", ".join(x.strip() for x in kept)) if verdict != DIFFER else (DIFFER, None)
    p, lg = address_tokens(paper), address_tokens(ledger)
    if p == lg:
        return AGREE, None
    if len(p) != len(lg):
        return DIFFER, None
    off = [(a, b) for a, b in zip(p, lg) if a != b]
    if len(off) > 2 or any(levenshtein(a, b) > 2 for a, b in off):
        return DIFFER, None
    # rebuild the ledger's words (in its case) with the paper's commas
    words = ledger.replace(",", " ").split()
    lines, i = [], 0
    for line in paper.split(","):
        n = len(line.split())
        lines.append(" ".join(words[i:i + n]))
        i += n
    return MISREAD, ", ".join(x for x in lines if x)
