"""The reading (intake/reading/) knows nothing of the database, the option ledger or the review desk."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import intake.reading

PACKAGE = Path(intake.reading.__file__).parent
# What the reading must never import: the database and what writes to it, the ledger, the desk.
FORBIDDEN = ("sqlite3", "sqlite_utils", "intake.db", "intake.schema", "intake.record", "intake.ledger",
             "intake.pipeline", "review")
# All it takes from the rest of intake: the shared types, the fields' description, the value parsers.
OUTSIDE = {"intake.config", "intake.fieldspec", "intake.model", "intake.normalize"}


def _imports(module: Path) -> set[str]:
    """Every module a file imports, relative imports made absolute (`from . import x` names x)."""
    package = ["intake", "reading"]
    out: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(), filename=str(module))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] if node.level else [])
            name = ".".join(p for p in (base, node.module or "") if p)
            out.add(name)
            out |= {f"{name}.{alias.name}" for alias in node.names}
    return out


def _modules() -> list[Path]:
    found = sorted(PACKAGE.glob("*.py"))
    assert {p.stem for p in found} >= {"page", "layout", "checkboxes", "signature", "table", "values", "doubts",
                                       "kinds", "calibration", "election_form"}
    return found


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_no_module_of_the_reading_imports_the_database_the_ledger_or_the_desk():
    for module in _modules():
        for name in _imports(module):
            assert not any(_under(name, f) for f in FORBIDDEN), f"intake/reading/{module.name} imports {name}"


def test_the_reading_takes_from_the_rest_of_intake_only_the_shared_types_and_parsers():
    for module in _modules():
        # `from .. import normalize` names intake and intake.normalize; `from ..model import Reading`
        # names intake.model and intake.model.Reading, a name of an allowed module.
        outside = {n for n in _imports(module) if _under(n, "intake") and not _under(n, "intake.reading")
                   and n != "intake" and n not in OUTSIDE and n.rsplit(".", 1)[0] not in OUTSIDE}
        assert not outside, f"intake/reading/{module.name} imports {sorted(outside)}"


def test_importing_the_reading_loads_no_database_module():
    # Not only its own imports: nothing they import brings the database in either.
    names = [f"intake.reading.{p.stem}" for p in _modules() if p.stem != "__init__"]
    code = ("import sys\n" + "".join(f"import {n}\n" for n in names) +
            f"print('\\n'.join(m for m in sys.modules if any(m == f or m.startswith(f + '.') for f in {FORBIDDEN!r})))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=PACKAGE.parents[1]).stdout.split()
    assert loaded == []


def test_the_commands_load_neither_the_page_reader_nor_the_chart_library_until_asked():
    # Every `intake` command imports intake.cli; the reviewer runs one per field on deadline
    # night.  The reader (its modules, probablepeople's tables) and matplotlib had cost each
    # command about 1.8 s; they load where pages are read or the report's chart is drawn.
    heavy = ("intake.reading.page", "intake.reading.table", "probablepeople", "matplotlib", "rapidocr")
    code = ("import sys, intake.cli\n"
            f"print('\\n'.join(m for m in sys.modules if any(m == f or m.startswith(f + '.') for f in {heavy!r})))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=PACKAGE.parents[1]).stdout.split()
    assert loaded == []
