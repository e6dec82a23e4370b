"""The layout rules, read from the source (no module is imported):

- every query lives in the store: outside ``followup/store/`` (and ``followup/web/``, which
  joins this rule later) no module builds a select, insert, update or delete statement, nor
  executes one on a session;
- the store only reads and writes rows: it imports no extraction (``followup.korean``,
  ``followup.extract``), no loop, intake or web module, and no Prefect.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "followup"
STORE = PACKAGE / "store"
NOT_YET = (PACKAGE / "web",)  # the web's queries move into the store later

# What builds a statement, as imported from SQLModel or SQLAlchemy.
STATEMENT_BUILDERS = {"select", "insert", "update", "delete", "text", "exists", "union"}
QUERY_MODULES = ("sqlmodel", "sqlalchemy")
# Session methods that run a statement (get, add, flush and commit are the unit of work).
RUNNERS = {"exec", "execute", "scalar", "scalars", "query"}
STORE_MAY_NOT_IMPORT = (
    "followup.korean",
    "followup.extract",
    "followup.loop",
    "followup.intake",
    "followup.web",
    "prefect",
)


def modules(folder: Path, *, skip: tuple[Path, ...] = ()) -> list[Path]:
    return sorted(
        path for path in folder.rglob("*.py") if not any(path.is_relative_to(s) for s in skip)
    )


def outside_store() -> list[Path]:
    return modules(PACKAGE, skip=(STORE, *NOT_YET))


def query_building(path: Path) -> list[str]:
    """What in this module builds or runs a query, as ``line: what``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    # Names bound to the query modules themselves (``import sqlalchemy as sa``).
    aliases = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.split(".")[0] in QUERY_MODULES
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in QUERY_MODULES:
            for alias in node.names:
                if alias.name in STATEMENT_BUILDERS:
                    found.append(f"{node.lineno}: imports {alias.name} from {node.module}")
        elif isinstance(node, ast.Attribute):
            value = node.value
            if (
                isinstance(value, ast.Name)
                and value.id in aliases
                and node.attr in STATEMENT_BUILDERS
            ):
                found.append(f"{node.lineno}: {value.id}.{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if node.func.attr in RUNNERS and "session" in name.lower():
                found.append(f"{node.lineno}: {name}.{node.func.attr}(...)")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def store_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return [
        name
        for name in names
        if any(name == banned or name.startswith(banned + ".") for banned in STORE_MAY_NOT_IMPORT)
    ]


def test_the_rule_sees_what_it_forbids(tmp_path: Path) -> None:
    """The checks catch each way a module builds or runs a query, and a banned import."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import sqlalchemy as sa\n"
        "from sqlmodel import Session, col, select\n"
        "from sqlalchemy import update\n"
        "def f(session, self):\n"
        "    session.exec(select(X))\n"
        "    session.execute(sa.update(X))\n"
        "    self.session.scalars(sa.delete(X))\n"
        "    sa.insert(X)\n",
        encoding="utf-8",
    )
    found = query_building(sample)
    assert [line.split(":")[0] for line in found] == ["2", "3", "5", "6", "6", "7", "7", "8"]
    sample.write_text(
        "from followup.loop.recurrence import x\nimport prefect\nfrom followup import codes\n",
        encoding="utf-8",
    )
    assert store_imports(sample) == [
        "followup.loop.recurrence",
        "followup.loop.recurrence.x",
        "prefect",
    ]
    clean = tmp_path / "clean.py"
    clean.write_text(
        "from sqlmodel import Session\nfrom followup import store\n"
        "def f(session):\n    session.get(X, 1)\n    session.add(x)\n    store.items(session)\n",
        encoding="utf-8",
    )
    assert query_building(clean) == []


def test_the_rules_read_the_whole_package() -> None:
    outside = outside_store()
    assert PACKAGE / "committee.py" in outside
    assert PACKAGE / "intake" / "sync.py" in outside
    assert not any(p.is_relative_to(STORE) or p.is_relative_to(PACKAGE / "web") for p in outside)
    assert len(modules(STORE)) > 10


@pytest.mark.parametrize("path", outside_store(), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_store_builds_queries(path: Path) -> None:
    assert query_building(path) == [], (
        f"{path.relative_to(ROOT)} builds a query: move it to the store"
    )


@pytest.mark.parametrize("path", modules(STORE), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_store_imports_no_extraction_loop_web_or_prefect(path: Path) -> None:
    assert store_imports(path) == []
