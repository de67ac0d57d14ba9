"""The receipt report as one self-contained HTML file (inline CSS, the chart as inline PNG).

The chart is drawn with matplotlib's Agg canvas on a private Figure (pyplot and the global
backend are left alone), and written without a time stamp, so the same report gives the
same bytes.  The page reads on screen and printed (A4/Letter landscape, repeated table heads).
"""
from __future__ import annotations

import base64
import io
from datetime import date, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from .report_data import STATUSES

STATUS_WORDS = {"accepted": "accepted", "needs_review": "waiting for review", "rejected": "rejected"}
TYPE_WORDS = {"election_form": "Election Form", "change_notice": "Change notice", "other": "other"}
TYPE_PLURALS = {"election_form": "Election Forms", "change_notice": "Change notices", "other": "Other documents"}

CSS = """
:root { --ink:#1d2330; --muted:#5b6475; --line:#d9dde5; --late:#b3261e; --ok:#1e6b3a; --wait:#8a5a00; }
* { box-sizing: border-box; }
body { font: 14px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1180px; padding: 24px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid var(--ink); padding-bottom: 3px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
.card span { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f2f4f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.late { color: var(--late); font-weight: 600; }
.ontime { color: var(--ok); }
.st-needs_review { color: var(--wait); font-weight: 600; }
.st-rejected { color: var(--late); font-weight: 600; }
.st-accepted { color: var(--ok); }
.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 11.5px; white-space: nowrap; }
ul.plain { margin: 0; padding-left: 16px; }
.chart img { width: 100%; max-width: 1100px; height: auto; border: 1px solid var(--line); }
table.standing { max-width: 680px; }
.standing td:first-child { white-space: nowrap; }
.note { color: var(--muted); font-size: 12px; }
@media print {
  @page { size: landscape; margin: 12mm; }
  body { padding: 0; max-width: none; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tr, .card, .chart { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def _cumulative(times: list[datetime], start: datetime, end: datetime) -> tuple[list, list]:
    """Points of a step curve that rises by one at each time (drawn with where='post')."""
    xs, ys = [start], [0]
    for i, t in enumerate(times, 1):
        xs.append(t)
        ys.append(i)
    xs.append(end)
    ys.append(ys[-1])
    return xs, ys


def _chart_png(report: dict, zone: ZoneInfo, deadline: datetime, report_day: date | None) -> bytes:
    """Cumulative receipts over time against the deadline, with the review backlog at each day's end."""
    # matplotlib only here: it costs every other command half a second to load (this module
    # is loaded with the `report` command's registration).
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    series = report["series"]
    fig = Figure(figsize=(11, 3.6), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    days = [date.fromisoformat(p["day"]) for p in series]
    start, end = _midnight(days[0]), _midnight(days[-1] + timedelta(days=1))
    ax.bar([_midnight(d) + timedelta(hours=12) for d in days], [p["received"] for p in series], width=0.8,
           color="#c9d4e8", label="received that day")
    times = [datetime.fromisoformat(t["received_at"]).astimezone(zone).replace(tzinfo=None)
             for t in report["receipts_over_time"]]
    late = [t for t, r in zip(times, report["receipts_over_time"]) if not r["on_time"]]
    ax.step(*_cumulative(times, start, end), where="post", color="#1d3f8f", lw=2, label="received, cumulative")
    ax.step(*_cumulative(late, start, end), where="post", color="#b3261e", lw=1.5, label="late, cumulative")
    backlog = [(_midnight(d + timedelta(days=1)), p["review_backlog"]) for d, p in zip(days, series)
               if p["review_backlog"] is not None]
    if backlog:
        ax.plot(*zip(*backlog), color="#c07a00", lw=1.5, ls="--", marker="o", ms=3,
                label="waiting for review (end of day)")
    local_deadline = deadline.astimezone(zone).replace(tzinfo=None)
    ax.axvline(local_deadline, color="#b3261e", lw=1.5)
    ax.annotate(f"deadline {local_deadline:%d %b %H:%M}", (local_deadline, 1), xycoords=("data", "axes fraction"),
                xytext=(-4, -12), textcoords="offset points", ha="right", color="#b3261e", fontsize=9)
    if report_day is not None:
        ax.axvspan(_midnight(report_day), _midnight(report_day + timedelta(days=1)), color="#1d3f8f",
                   alpha=0.08, lw=0)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_xlim(start, end)
    ax.set_ylabel("documents")
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#e5e8ee")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _when(text: str) -> str:
    """'2003-03-31T16:58:12-05:00' -> '2003-03-31 16:58:12' and the offset, small."""
    stamp, offset = text[:19].replace("T", " "), text[19:]
    return f"{escape(stamp)}<span class=note> {escape(offset)}</span>"


def _plain(value) -> str:
    """A value in words: None empty, booleans yes/no, codes without underscores."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ") if isinstance(value, str) and " " not in value else str(value)


def _list(items: list[str]) -> str:
    if not items:
        return ""
    return "<ul class=plain>" + "".join(f"<li>{escape(str(i))}</li>" for i in items) + "</ul>"


def _document_rows(entries: list[dict]) -> str:
    rows = []
    for e in entries:
        timing = '<span class=ontime>on time</span>' if e["on_time"] else '<span class=late>LATE</span>'
        rows.append(
            "<tr>"
            f"<td class=mono>{_when(e['received_at'])}<br><span class=note>by {escape(e['received_at_source'])}</span></td>"
            f"<td>{escape(e['received_from'])}"
            + (f"<br><span class=note>{escape(e['source_name'])}</span>" if e["sender"] else "") + "</td>"
            f"<td>{escape(e['holder_name'] or '(not read)')}"
            + (f"<br><span class=note>{escape(e['holder_id'])}</span>" if e["holder_id"] else "") + "</td>"
            f"<td class=mono>{escape(e['ssn'] or '')}</td>"
            f"<td>{escape(TYPE_WORDS.get(e['document_type'], e['document_type']))}</td>"
            f"<td class=num>{escape(', '.join(map(str, e['pages'])))}</td>"
            f"<td class='st-{escape(e['status'])}'>{escape(STATUS_WORDS.get(e['status'], e['status']))}</td>"
            f"<td>{timing}</td>"
            f"<td class=num>{e['shares_tendered'] or ''}</td>"
            f"<td>{_list(e['problems'])}</td><td>{_list(e['open_review'])}</td>"
            f"<td class=mono>{escape(e['confirmation_due'] or '')}</td>"
            "</tr>")
    head = ("<thead><tr><th>Received</th><th>From</th><th>Holder</th><th>SSN</th><th>Type</th>"
            "<th class=num>Pages</th><th>Status</th><th>Timing</th><th class=num>Shares tendered</th>"
            "<th>Problems</th><th>To review</th><th>Confirm by</th></tr></thead>")
    return f"<table>{head}<tbody>{''.join(rows)}</tbody></table>"


def _cards(counts: dict) -> str:
    items = [("documents", counts["total"]), ("on time", counts["by_timing"]["on_time"]),
             ("late", counts["by_timing"]["late"])]
    items += [(STATUS_WORDS[s], counts["by_status"].get(s, 0)) for s in STATUSES]
    return "<div class=cards>" + "".join(
        f"<div class=card><b>{n}</b><span>{escape(label)}</span></div>" for label, n in items) + "</div>"


def _standing(st: dict) -> str:
    rows = [("Received", st["total"]), ("On time", st["by_timing"]["on_time"]),
            ("Late", st["by_timing"]["late"])]
    rows += [(STATUS_WORDS[s].capitalize(), st["by_status"].get(s, 0)) for s in STATUSES]
    rows += [(TYPE_PLURALS.get(t, t), n) for t, n in st["by_type"].items()]
    opt = st["options_tendered"]
    rows.append(("Options tendered (shares)", f"{opt['shares']:,}<br><span class=note>{escape(opt['basis'])}</span>"))
    conf = st["confirmations"]
    if conf:
        rows += [("Confirmations due (not yet late)", conf["due"]),
                 ("&nbsp;&nbsp;of which due on the report day", conf["due_on_report_day"]),
                 ("Confirmations overdue (none recorded as sent)", conf["overdue"]),
                 ("Confirmations recorded as sent", conf["sent"])]
        if "issued" in conf:
            rows.append(("&nbsp;&nbsp;of which letters issued (intake confirm)", conf["issued"]))
    body = "".join(f"<tr><td>{label}</td><td class=num>{value}</td></tr>" for label, value in rows)
    return f"<table class=standing><tbody>{body}</tbody></table>"


def _table(title: str, headers: list[str], rows: list[list[str]]) -> str:
    """A titled table; the cells in `rows` are HTML, already escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _mono(text: str | None) -> str:
    return f"<span class=mono>{escape(text or '')}</span>"


def _elections(st: dict) -> str:
    elections = st["options_tendered"].get("elections")
    if not elections:
        return ""
    keys = [k for k in elections[0] if not isinstance(elections[0][k], (dict, list))]
    rows = [[escape(_plain(e.get(k))) for k in keys] for e in elections]
    return _table("<h2>Elections by holder</h2>", [k.replace("_", " ") for k in keys], rows)


def _audit(audit) -> str:
    """What the audit samples found: its figures, and a table for any per-field breakdown."""
    if audit is None:
        return ""
    if not isinstance(audit, dict):
        return f"<h2>Audit samples</h2><p>{escape(str(audit))}</p>"
    words = lambda k: escape(str(k).replace("_", " "))  # noqa: E731
    plain = {k: v for k, v in audit.items() if not isinstance(v, dict)}
    body = "".join(f"<tr><td>{words(k)}</td><td class=num>{escape('n/a' if v is None else str(v))}</td></tr>"
                   for k, v in plain.items())
    out = f"<h2>Audit samples</h2><table class=standing><tbody>{body}</tbody></table>"
    for key, table in audit.items():
        if not isinstance(table, dict) or not table:
            continue
        cols = list(dict.fromkeys(c for row in table.values() if isinstance(row, dict) for c in row))
        head = "".join(f"<th class=num>{words(c)}</th>" for c in cols)
        rows = "".join(f"<tr><td>{words(name)}</td>" + "".join(
            f"<td class=num>{escape(str(row.get(c, '')) if isinstance(row, dict) else '')}</td>" for c in cols)
            + "</tr>" for name, row in table.items())
        out += f"<h3>{words(key)}</h3><table><thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>"
    return out


def _overdue(conf: dict | None) -> str:
    if not conf or not conf["overdue_documents"]:
        return ""
    rows = [[_mono(d["document_id"]), escape(d["holder_name"] or ""), _mono(d["confirmation_due"])]
            for d in conf["overdue_documents"]]
    return _table("<h3>Confirmations overdue</h3>", ["Document", "Holder", "Was due"], rows)


def _set_aside(receipts: dict) -> str:
    if not receipts["set_aside"]:
        return ""
    rows = [[f"<span class=mono>{_when(r['received_at'])}</span>", escape(r["source_name"]), escape(r["reason"] or "")]
            for r in receipts["set_aside"]]
    return _table("<h2>Files set aside (could not be read)</h2>", ["Received", "File", "Reason"], rows)


def _open_documents(opened: dict | None) -> str:
    """At the top: whether the results are final, and the documents whose holder or type is still open."""
    if not opened or not opened.get("headline"):
        return ""
    style = "ontime" if opened["final"] else "late"
    out = f"<p id=final class={style}>{escape(opened['headline'])}</p>"
    if opened["documents"]:
        rows = [[f"<span class=mono>{_when(o['received_at'])}</span>", escape(o["source_name"]),
                 _mono(o["document_id"] or "(no document)"), escape(o.get("reason") or o["why"])]
                for o in opened["documents"]]
        out += _table("", ["Received", "File", "Document", "Why the results wait on it"], rows)
    return out


def render(report: dict) -> str:
    meta, st = report["report"], report["standing"]
    day = date.fromisoformat(meta["day"]) if meta["day"] else None
    title = f"Receipt report for {day:%A %d %B %Y}" if day else "Receipt report, every day"
    deadline = datetime.fromisoformat(meta["deadline"])
    chart = ""
    if report["series"]:
        png = base64.b64encode(_chart_png(report, ZoneInfo(meta["timezone"]), deadline, day)).decode("ascii")
        chart = (f"<div class=chart><img alt='Receipts over time against the deadline, and the review backlog' "
                 f"src='data:image/png;base64,{png}'></div>")
    rec = report["receipts"]
    docs = _document_rows(report["documents"]) if report["documents"] else "<p>No documents were received.</p>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{CSS}</style></head>
<body>
<h1>{escape(title)}</h1>
<p class=sub>Offer deadline {escape(meta['deadline'])} ({escape(meta['timezone'])}). Days and times are in
the Offer's time zone. Confirmation of receipt is due within {meta['confirmation_business_days']} business
days (US federal holidays excluded). SSNs are masked.</p>
{_open_documents(report.get('open_documents'))}
<h2>{'The day' if day else 'All documents'}</h2>
{_cards(report['counts'])}
<p class=note>{rec['files']} file(s) arrived; {rec['duplicates']} duplicate(s) of files already received;
{len(rec['set_aside'])} set aside as unreadable.</p>
<h2>Documents received</h2>
{docs}
{_set_aside(rec)}
<h2>Where the Offer stands{f" at the end of {st['as_of']}" if st['as_of'] else ''}</h2>
{chart}
{_standing(st)}
{_overdue(st['confirmations'])}
{_elections(st)}
{_audit(st['audit'])}
</body></html>
"""
