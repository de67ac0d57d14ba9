"""Generate sample faxes of filled-in Election Forms, with their ground truth.

    python -m samples.generate OUT --count 40 --seed 7
    python -m samples.generate samples/demo --demo

writes ``OUT/inbox/<name>.<ext>`` (plus ``<name>.<ext>.json`` sidecars for most files),
``OUT/truth/<name>.<ext>.json`` and ``OUT/roster.csv``. The same seed gives the same set.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo


from samples import faxsim as X
from samples import fill as F
from samples import hand as H
from samples import layouts as L
from samples.people import Holder, make_roster, write_roster
from samples.typesets import TYPESETS, Typeset

__all__ = ["generate_set", "main", "DEFAULT_DEMO_SEED", "FORMATS", "FilePlan",
           "HELD_OUT_TYPESETS", "TYPESETS", "ALL_TYPESETS"]

# What a set is made of: the five named typesets (fixed combinations, all tuned on now),
# typesets drawn per document ("varied") and the held-out family ("heldout").
ALL_TYPESETS = tuple(TYPESETS) + L.FAMILIES
HELD_OUT_TYPESETS: tuple[str, ...] = (L.HELD_OUT_FAMILY,)
MIX = {"varied": 12, L.HELD_OUT_FAMILY: 3}  # draws per named typeset's one

DEFAULT_DEMO_SEED = 20030331
NY = ZoneInfo("America/New_York")
DEADLINE = datetime(2003, 3, 31, 17, 0, 0, tzinfo=NY)
FORMATS = ("tiff-g4", "tiff-g3", "pdf-fax", "pdf-scan", "jpeg")
SCENARIOS = ("form", "notice", "cover+form", "two")
STATIONS = ["ACME BRANCH", "KINKOS NASHUA", "STAPLES SALEM", "HOME OFFICE", "ALPHA MFG",
            "PELHAM PLANT", "", "HP FAX", "LOWELL SALES", "FEDEX OFFICE"]


@dataclass
class FilePlan:
    """What one output file holds and how it travels; every choice is made up front."""

    scenario: str
    typeset: str
    hand: str  # a handwriting font or "typewriter"
    fmt: str
    channel: str  # fax-fine | fax-normal | scan-grey | scan-colour
    timing: str  # early | before | close | late
    sheet: bool
    upside_down: str  # none | one | all
    sidecar: bool
    notice_second: bool = False  # in a "two" file, the second document is a change notice
    style: Typeset | None = None  # the drawn typeset when ``typeset`` names a family
    variety: bool = False  # filled with quirks (samples.fill.Quirks), as sets are now
    sideways: str = "none"  # none | one | all: pages turned 90 or 270 degrees
    pages_sent: str = "all"  # all | filled (an Election Form's instructions left out)
    pens: str = "usual"  # usual | unseen: the held-out writers' habits (`samples.hand.unseen`)
    pen_key: str = ""  # the seed of those habits' own draws (the file's other draws stay as they were)

    @property
    def ts(self) -> Typeset:
        return self.style or TYPESETS[self.typeset]


def _plan(rng: random.Random, typesets: list[str], formats: list[str]) -> FilePlan:
    scenario = rng.choices(SCENARIOS, weights=[55, 15, 18, 8])[0]
    hand = "typewriter" if rng.random() < 0.15 else rng.choice(H.HANDS)
    fax_formats = [f for f in formats if f in ("tiff-g4", "tiff-g3", "pdf-fax")]
    scan_formats = [f for f in formats if f == "pdf-scan"]
    if scenario == "notice" and "jpeg" in formats and rng.random() < 0.4:
        fmt = "jpeg"
    elif fax_formats and (not scan_formats or rng.random() < 0.9):
        fmt = rng.choices(fax_formats, weights=[{"tiff-g4": 6, "tiff-g3": 3,
                                                 "pdf-fax": 2}[f] for f in fax_formats])[0]
    elif scan_formats:
        fmt = "pdf-scan"
    else:
        fmt = formats[0]
        if fmt == "jpeg":
            scenario = "notice"
    if fmt in ("pdf-scan", "jpeg"):
        channel = "scan-colour" if rng.random() < 0.4 else "scan-grey"
    else:
        channel = "fax-normal" if rng.random() < 0.25 else "fax-fine"
    timing = rng.choices(["early", "before", "close", "late"], weights=[15, 52, 18, 15])[0]
    r = rng.random()
    upside = "one" if r < 0.1 else "all" if r < 0.13 else "none"
    return FilePlan(scenario, rng.choice(typesets), hand, fmt, channel, timing,
                    rng.random() < 0.15, upside,
                    sidecar=not fmt.startswith("tiff") or rng.random() < 0.85,
                    notice_second=rng.random() < 0.3)


def _vary(plan: FilePlan, rng: random.Random, formats: list[str]) -> FilePlan:
    """What sets made now add to a plan: quirks in the filling, pages turned sideways,
    pages photographed with a phone."""
    changes: dict = {"variety": True}
    if plan.hand != "typewriter" and rng.random() < 0.5:
        changes["hand"] = rng.choice(H.HANDS)   # a writer of another of our hands
    r = rng.random()
    changes["sideways"] = "one" if r < 0.07 else "all" if r < 0.1 else "none"
    changes["pages_sent"] = "filled" if rng.random() < 0.25 else "all"
    p = rng.random()
    if plan.fmt in ("pdf-scan", "jpeg"):
        if p < 0.45:
            changes["channel"] = "phone"
    elif p < 0.1:
        fmt = "jpeg" if plan.scenario == "notice" and "jpeg" in formats else \
            "pdf-scan" if "pdf-scan" in formats else None
        if fmt:
            changes.update(fmt=fmt, channel="phone", sidecar=True)
    return replace(plan, **changes)


def _receipt(rng: random.Random, timing: str) -> datetime:
    if timing == "early":
        d = datetime(2003, 3, rng.randint(10, 29), tzinfo=NY)
        return d + timedelta(seconds=rng.randint(8 * 3600, 20 * 3600))
    if timing == "before":
        start = datetime(2003, 3, 30, 8, 0, tzinfo=NY)
        return start + timedelta(seconds=rng.randint(0, int((DEADLINE - start).total_seconds()) - 300))
    if timing == "close":  # within a minute of the deadline, either side, or exactly on it
        return DEADLINE + timedelta(seconds=0 if rng.random() < 0.2 else rng.randint(-60, 60))
    return DEADLINE + timedelta(seconds=rng.randint(1, 2 * 86400))


def _signed(rng: random.Random, received: datetime) -> datetime:
    s = received - timedelta(minutes=rng.randint(5, 90))
    if rng.random() < 0.4:
        s -= timedelta(days=rng.randint(1, 5))
        s = s.replace(hour=rng.randint(8, 21))
    return s.replace(tzinfo=None)


def _pick_holder(rng: random.Random, roster: list[Holder], used: set, rows: int,
                 sheet: bool) -> Holder:
    pool = [h for h in roster if h.holder_id not in used] or roster
    if sheet:
        rich = [h for h in pool if sum(g.unexercised > 0 for g in h.grants) > rows]
        pool = rich or pool
    h = rng.choice(pool)
    used.add(h.holder_id)
    return h


def _documents(plan: FilePlan, rng, roster, used, received):
    """Filled pages and truth documents for one file (cover sheet first if any)."""
    rows = plan.ts.rows
    kinds = {"form": ["form"], "notice": ["notice"], "cover+form": ["form"],
             "two": ["form", "notice" if plan.notice_second else "form"]}[plan.scenario]
    pages, docs, hands = [], [], []
    for k, kind in enumerate(kinds):
        hand = plan.hand if k == 0 else rng.choice(H.HANDS + ("typewriter",))
        hands.append(hand)
        hb = F.Habits.random(rng, hand)
        if plan.pens == "unseen":
            hb = replace(hb, pen=H.unseen(hb.pen, random.Random(f"{plan.pen_key}:{k}:pen")))
        if plan.variety:
            hb = F.with_quirks(hb, rng)
        h = _pick_holder(rng, roster, used, rows, plan.sheet and kind == "form")
        signed = _signed(rng, received)
        if kind == "form":
            filled = F.fill_election_form(h, plan.ts, hb, signed, rng,
                                          want_sheet=plan.sheet and k == 0,
                                          only_filled=plan.pages_sent == "filled")
        else:
            filled = F.fill_change_notice(h, plan.ts, hb, signed, rng)
        start = len(pages)
        pages.extend(filled.pages)
        doc = {"pages": list(range(start + 1, len(pages) + 1)), **filled.doc}
        if filled.boxes:
            doc["boxes"] = F.boxes_fraction(filled.boxes, start)
        docs.append(doc)
    if plan.scenario == "cover+form":
        hb = F.Habits.random(rng, plan.hand)
        holder = next(h for h in roster if h.holder_id == docs[0]["holder_id"])
        cover = F.fill_cover(holder, hb, received.replace(tzinfo=None), len(pages) + 1, rng)
        pages.insert(0, cover)
        for d in docs:
            d["pages"] = [p + 1 for p in d["pages"]]
            for b in d.get("boxes", {}).values():
                b[4] += 1
    return pages, docs, hands


def _transmit(plan: FilePlan, rng, pages, received, path: Path):
    """Send the pages through the plan's channel and save them; returns meta."""
    n = len(pages)
    if plan.upside_down == "all":
        upside = set(range(n))
    elif plan.upside_down == "one":
        upside = {rng.randrange(n)}
    else:
        upside = set()
    skew = round(rng.uniform(-1.5, 1.5), 2)
    sender = X.Sender.random(rng, rng.choice(STATIONS))
    sent = (received + timedelta(seconds=sender.clock_skew_s)).replace(tzinfo=None)
    ch = {"fax-fine": X.FAX_FINE, "fax-normal": X.FAX_NORMAL}.get(plan.channel)
    local = received.astimezone(NY).replace(tzinfo=None)
    rotations = [180 if i in upside else 0 for i in range(n)]
    upright = [i for i in range(n) if i not in upside]
    if plan.sideways != "none" and upright:
        for i in (upright if plan.sideways == "all" else [rng.choice(upright)]):
            rotations[i] = rng.choice((90, 270))
        pages = [X.turn(p, r) if r in (90, 270) else p for p, r in zip(pages, rotations)]
    if plan.channel == "phone":
        d = rng.choice([150, 180, 220])
        out = [X.phone_page(X.turn(p, 180) if i in upside else p, rng, dpi=d,
                            skew=skew * 2) for i, p in enumerate(pages)]
        if plan.fmt == "jpeg":  # a phone's own file says 72 dpi
            X.save_jpeg(out[0], path, dpi=72, quality=rng.randint(60, 88))
            dpi = (72, 72)
        else:  # a phone scanning app's PDF, letter-sized pages
            X.save_pdf(out, path, dpi=(d, d), made=local, quality=rng.randint(55, 85),
                       title="Scan")
            dpi = (d, d)
    elif ch is not None:
        dither = rng.random() < 0.25
        thr = rng.randint(120, 175)
        out = []
        for i, p in enumerate(pages):
            out.append(X.fax_page(p, rng, ch, skew=skew + rng.uniform(-0.2, 0.2),
                                  upside_down=i in upside,
                                  header=sender.header(sent + timedelta(seconds=25 * i),
                                                       i + 1, n),
                                  dither=dither, threshold=thr))
        if plan.fmt.startswith("tiff"):
            X.save_tiff(out, path, compression="group4" if plan.fmt == "tiff-g4" else "group3",
                        dpi=ch.dpi, received_local=local, tsi=sender.tsi)
        else:
            X.save_pdf(out, path, dpi=ch.dpi, made=local)
        dpi = ch.dpi
    else:
        d = rng.choice([150, 200]) if plan.fmt == "pdf-scan" else rng.choice([150, 200, 300])
        ch = X.scan_channel(plan.channel == "scan-colour", d)
        out = [X.scan_page(p, rng, ch, skew=skew, upside_down=i in upside)
               for i, p in enumerate(pages)]
        if plan.fmt == "jpeg":
            X.save_jpeg(out[0], path, dpi=d, quality=rng.randint(60, 85))
        else:
            # a PDF of JPEG scans; Pillow encodes L/RGB pages with DCTDecode
            X.save_pdf(out, path, dpi=ch.dpi, made=local, quality=rng.randint(50, 75),
                       title="Scan")
        dpi = ch.dpi
    meta = {"channel": plan.channel, "format": plan.fmt, "dpi": list(dpi),
            "upside_down_pages": sorted(i + 1 for i in upside), "skew_deg": skew,
            "sender": sender.tsi}
    if plan.variety:
        meta["rotations"] = rotations  # degrees clockwise each page was turned
    return meta


EXT = {"tiff-g4": "tif", "tiff-g3": "tif", "pdf-fax": "pdf", "pdf-scan": "pdf",
       "jpeg": "jpg"}


def generate_file(out_dir: Path, index: int, seed: int, roster: list[Holder], used: set,
                  plan: FilePlan) -> Path:
    rng = random.Random(f"{seed}:{index}:file")
    received = _receipt(rng, plan.timing)
    pages, docs, hands = _documents(plan, rng, roster, used, received)
    name = f"{index + 1:04d}.{EXT[plan.fmt]}"
    path = out_dir / "inbox" / name
    meta = _transmit(plan, rng, pages, received, path)
    iso = received.isoformat()
    if plan.sidecar:
        (out_dir / "inbox" / f"{name}.json").write_text(
            json.dumps({"received_at": iso, "sender": meta["sender"]}) + "\n")
    on_time = received <= DEADLINE
    for d in docs:
        d["on_time"] = on_time
    truth = {
        "source_name": name,
        "received_at": iso,
        "received_at_source": "sidecar" if plan.sidecar else "tiff",
        "page_count": len(pages),
        "meta": {"typeset": plan.typeset, "held_out": plan.typeset in HELD_OUT_TYPESETS,
                 **({"pens": plan.pens} if plan.pens != "usual" else {}),
                 "family": plan.ts.family or "named", "layout": L.axes(plan.ts),
                 **({"pages_sent": plan.pages_sent} if plan.variety else {}),
                 "hand": hands[0], "hands": hands, "typed": hands[0] == "typewriter",
                 "scenario": plan.scenario, "cover_sheet_pages": [1] if
                 plan.scenario == "cover+form" else [], "seed": seed, "index": index,
                 **meta},
        "documents": [{k: d[k] for k in ("pages", "document_type", "on_time", "holder_id",
                                          "fields", "grants", "boxes", "fill") if k in d}
                      for d in docs],
    }
    (out_dir / "truth" / f"{name}.json").write_text(json.dumps(truth, indent=1) + "\n")
    return path


def generate_set(out_dir: Path, count: int, seed: int, *, typesets=None, formats=None,
                 overrides: dict[int, dict] | None = None,
                 held_out: str = "include", variety: bool = True, pens: str = "usual") -> list[Path]:
    """Write ``count`` sample files, their truth and the roster under ``out_dir``.

    ``typesets`` and ``formats`` restrict the choices (default: all of them: the named
    typesets once each, ``varied`` and the held-out family by ``MIX``). ``held_out`` is
    ``include``, ``exclude`` (no held-out family) or ``only`` (nothing else).
    ``overrides`` maps a file index to FilePlan fields to force. ``variety`` (default)
    adds quirks in the filling, sideways pages and phone photographs (``_vary``); the
    committed demo set is made without.  ``pens`` "unseen" gives every handwritten
    document the held-out writers' habits (`samples.hand.unseen`); the set's files are
    otherwise those of the same seed drawn with the usual pens.
    Returns the paths of the files written to ``out_dir/inbox``.
    """
    out_dir = Path(out_dir)
    typesets = list(typesets or ALL_TYPESETS)
    formats = list(formats or FORMATS)
    for t in typesets:
        if t not in ALL_TYPESETS:
            raise ValueError(f"unknown typeset {t!r}; known: {', '.join(ALL_TYPESETS)}")
    for f in formats:
        if f not in FORMATS:
            raise ValueError(f"unknown format {f!r}; known: {', '.join(FORMATS)}")
    if held_out == "only":
        typesets = list(HELD_OUT_TYPESETS)
    elif held_out == "exclude":
        typesets = [t for t in typesets if t not in HELD_OUT_TYPESETS]
    elif held_out != "include":
        raise ValueError(f"held_out must be include, exclude or only, not {held_out!r}")
    if not typesets:
        raise ValueError("no typeset left to use")
    if pens not in ("usual", "unseen"):
        raise ValueError(f"pens must be usual or unseen, not {pens!r}")
    weighted = [t for t in typesets for _ in range(MIX.get(t, 1))]
    for sub in ("inbox", "truth"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    roster = make_roster(random.Random(f"{seed}:roster"), max(12, count * 2))
    write_roster(roster, out_dir / "roster.csv")
    used: set = set()
    paths = []
    for i in range(count):
        plan = _plan(random.Random(f"{seed}:{i}:plan"), weighted, formats)
        if variety:
            plan = _vary(plan, random.Random(f"{seed}:{i}:arrival"), formats)
        if pens != "usual":
            plan = replace(plan, pens=pens, pen_key=f"{seed}:{i}")
        if overrides and i in overrides:
            plan = replace(plan, **overrides[i])
        if plan.typeset in L.FAMILIES and plan.style is None:
            plan = replace(plan, style=L.draw(random.Random(f"{seed}:{i}:layout"),
                                              plan.typeset))
        paths.append(generate_file(out_dir, i, seed, roster, used, plan))
    return paths


# The committed demo set: one file per situation worth showing (see samples/README.md).
DEMO_OVERRIDES: dict[int, dict] = {
    0: dict(scenario="form", typeset="classic", hand="caveat", fmt="tiff-g4",
            channel="fax-fine", timing="before", sheet=False, upside_down="none",
            sidecar=True),
    1: dict(scenario="cover+form", typeset="modern", hand="kalam", fmt="tiff-g4",
            channel="fax-fine", timing="before", sheet=False, upside_down="none",
            sidecar=True),
    2: dict(scenario="notice", typeset="compact", hand="indie-flower", fmt="jpeg",
            channel="scan-grey", timing="before", sheet=False, upside_down="none",
            sidecar=True),
    3: dict(scenario="two", typeset="classic", hand="patrick-hand", fmt="tiff-g4",
            channel="fax-fine", timing="close", sheet=False, upside_down="none",
            sidecar=True, notice_second=False),
    4: dict(scenario="form", typeset="edgar", hand="shadows-into-light", fmt="tiff-g3",
            channel="fax-normal", timing="late", sheet=False, upside_down="none",
            sidecar=True),
    5: dict(scenario="form", typeset="modern", hand="typewriter", fmt="tiff-g4",
            channel="fax-fine", timing="early", sheet=False, upside_down="none",
            sidecar=False),
    6: dict(scenario="form", typeset="compact", hand="caveat", fmt="tiff-g4",
            channel="fax-fine", timing="before", sheet=False, upside_down="one",
            sidecar=True),
    7: dict(scenario="form", typeset="classic", hand="kalam", fmt="tiff-g4",
            channel="fax-fine", timing="before", sheet=True, upside_down="none",
            sidecar=True),
    8: dict(scenario="notice", typeset="modern", hand="patrick-hand", fmt="tiff-g4",
            channel="fax-normal", timing="close", sheet=False, upside_down="none",
            sidecar=True),
    9: dict(scenario="form", typeset="legal", hand="indie-flower", fmt="pdf-fax",
            channel="fax-fine", timing="before", sheet=False, upside_down="none",
            sidecar=True),
    10: dict(scenario="two", typeset="edgar", hand="caveat", fmt="tiff-g4",
             channel="fax-fine", timing="before", sheet=False, upside_down="none",
             sidecar=True, notice_second=True),
    11: dict(scenario="form", typeset="compact", hand="shadows-into-light",
             fmt="pdf-scan", channel="scan-grey", timing="late", sheet=False,
             upside_down="none", sidecar=True),
}


def generate_demo(out_dir: Path, seed: int = DEFAULT_DEMO_SEED) -> list[Path]:
    """Write the demo set into OUT_DIR, replacing its inbox/ and truth/ (never in an intake home)."""
    out_dir = Path(out_dir)
    if any((out_dir / marker).exists() for marker in ("config.toml", "intake.db")):
        raise ValueError(f"{out_dir} is an intake home; its inbox is not replaced by the demo set.")
    for sub in ("inbox", "truth"):
        shutil.rmtree(out_dir / sub, ignore_errors=True)
    return generate_set(out_dir, len(DEMO_OVERRIDES), seed, overrides=DEMO_OVERRIDES,
                        variety=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.generate",
                                 description="Generate sample Election Form faxes.")
    ap.add_argument("out", type=Path, help="output folder (inbox/, truth/, roster.csv)")
    ap.add_argument("--count", type=int, default=12)
    ap.add_argument("--seed", type=int, default=DEFAULT_DEMO_SEED)
    ap.add_argument("--typesets", help=f"comma-separated, of: {','.join(ALL_TYPESETS)}")
    ap.add_argument("--formats", help=f"comma-separated, of: {','.join(FORMATS)}")
    held = ap.add_mutually_exclusive_group()
    held.add_argument("--no-held-out", action="store_true",
                      help=f"leave out the held-out family ({','.join(HELD_OUT_TYPESETS)})")
    held.add_argument("--held-out-only", action="store_true",
                      help="only the held-out family")
    ap.add_argument("--held-out-hands", action="store_true",
                    help="writers with the held-out habits (leaning, felt-pen strokes, "
                         "narrow or wide letters): the same files otherwise")
    ap.add_argument("--demo", action="store_true",
                    help="write the committed demo set (fixed plans; --count ignored)")
    a = ap.parse_args(argv)
    if a.demo:
        try:
            paths = generate_demo(a.out, a.seed)
        except ValueError as e:
            ap.error(str(e))
    else:
        ts = a.typesets.split(",") if a.typesets else None
        fm = a.formats.split(",") if a.formats else None
        held_out = "only" if a.held_out_only else "exclude" if a.no_held_out else "include"
        try:
            paths = generate_set(a.out, a.count, a.seed, typesets=ts, formats=fm,
                                 held_out=held_out, pens="unseen" if a.held_out_hands else "usual")
        except ValueError as e:
            ap.error(str(e))
    print(f"wrote {len(paths)} files to {a.out / 'inbox'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
