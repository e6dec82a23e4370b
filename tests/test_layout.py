"""The layout rules, read from the source with ``ast`` (no module is imported); an import
inside a function counts like one at the top of the module:

- every query lives in the store: outside ``followup/store/`` no module builds a select,
  insert, update or delete statement, nor executes one on a session; the web does not even
  fetch a row by its key (``session.get(Model, id)``): it calls the store for that too;
- the store only reads and writes rows: it imports no extraction (``followup.korean``,
  ``followup.extract``), no loop, intake or web module, and no Prefect;
- the domain (``followup/`` but ``web/``, ``cli/`` and ``demo.py``) imports no Prefect, no
  ``flows``, no web or CLI module, no FastAPI or Starlette;
- ``followup/documents/`` imports no web module, no FastAPI or Starlette;
- ``flows/`` call the domain's public functions only: no private name from ``followup``, and
  never the store, ``models``, SQLModel or SQLAlchemy directly;
- every package under ``followup/`` has an ``__init__.py`` with a docstring; ``followup/``
  itself has at most :data:`MAX_TOP_MODULES` modules;
- no function of the web is longer than :data:`MAX_WEB_FUNCTION` lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "followup"
STORE = PACKAGE / "store"
WEB = PACKAGE / "web"
CLI = PACKAGE / "cli"
DOCUMENTS = PACKAGE / "documents"
FLOWS = ROOT / "flows"
MAX_TOP_MODULES = 12
MAX_WEB_FUNCTION = 80

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
DOMAIN_MAY_NOT_IMPORT = (
    "prefect",
    "flows",
    "followup.web",
    "followup.cli",
    "fastapi",
    "starlette",
)
DOCUMENTS_MAY_NOT_IMPORT = ("followup.web", "fastapi", "starlette")
FLOWS_MAY_NOT_IMPORT = ("followup.store", "models", "sqlmodel", "sqlalchemy")


def modules(folder: Path, *, skip: tuple[Path, ...] = ()) -> list[Path]:
    return sorted(
        path for path in folder.rglob("*.py") if not any(path.is_relative_to(s) for s in skip)
    )


def outside_store() -> list[Path]:
    return modules(PACKAGE, skip=(STORE,))


def domain() -> list[Path]:
    return modules(PACKAGE, skip=(WEB, CLI, PACKAGE / "demo.py"))


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def query_building(path: Path, *, gets: bool = False) -> list[str]:
    """What in this module builds or runs a query, as ``line: what``; with ``gets``, also a
    row fetched by its key (``session.get(Model, id)``, not ``request.session.get("key")``)."""
    tree = parse(path)
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
            if "session" not in name.lower():
                continue
            if node.func.attr in RUNNERS or (gets and node.func.attr == "get" and by_key(node)):
                found.append(f"{node.lineno}: {name}.{node.func.attr}(...)")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def by_key(call: ast.Call) -> bool:
    """``get(Model, id)``: a model and its key, not a mapping's ``get("key"[, default])``."""
    args = call.args
    return len(args) >= 2 and not isinstance(args[0], ast.Constant)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def bindings(path: Path, root: Path = ROOT) -> list[tuple[int, str, str | None]]:
    """Every module and name this module imports, anywhere in it, as ``(line, dotted name,
    the local name it is bound to)``: ``from a.b import c`` gives ``a.b`` (bound to nothing)
    and ``a.b.c`` (bound to ``c``); a relative import is resolved (the module's name is its
    path below ``root``)."""
    package = module_name(path, root)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: list[tuple[int, str, str | None]] = []
    for node in ast.walk(parse(path)):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, alias.name, alias.asname or alias.name.split(".")[0])
                for alias in node.names
            ]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            found.append((node.lineno, base, None))
            found += [
                (node.lineno, f"{base}.{alias.name}", alias.asname or alias.name)
                for alias in node.names
            ]
    return found


def imported(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    return [(line, name) for line, name, _ in bindings(path, root)]


def banned_imports(path: Path, banned: tuple[str, ...], root: Path = ROOT) -> list[str]:
    return [
        f"{line}: {name}"
        for line, name in imported(path, root)
        if any(name == ban or name.startswith(ban + ".") for ban in banned)
    ]


def store_imports(path: Path, root: Path = ROOT) -> list[str]:
    return [line.split(": ", 1)[1] for line in banned_imports(path, STORE_MAY_NOT_IMPORT, root)]


def private_names(path: Path, root: Path = ROOT) -> list[str]:
    """Private names (``_x``) this module takes from ``followup``: imported, or read as an
    attribute of a module or name it imported from there."""
    found = []
    bound = set()
    for line, name, local in bindings(path, root):
        parts = name.split(".")
        if parts[0] != "followup":
            continue
        if any(part.startswith("_") for part in parts[1:]):
            found.append(f"{line}: {name}")
        if local is not None:
            bound.add(local)
    for node in ast.walk(parse(path)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            root_name: ast.expr = node.value
            while isinstance(root_name, ast.Attribute):
                root_name = root_name.value
            if (
                isinstance(root_name, ast.Name)
                and root_name.id in bound
                and not node.attr.startswith("__")
            ):
                found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def long_functions(path: Path, most: int) -> list[str]:
    """The functions of this module longer than ``most`` lines, def line to last line."""
    return [
        f"{node.lineno}: {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(parse(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > most
    ]


def packages() -> list[Path]:
    return sorted(
        folder
        for folder in {path.parent for path in PACKAGE.rglob("*.py")}
        if "__pycache__" not in folder.parts
    )


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
        "    sa.insert(X)\n"
        "    session.get(X, 1)\n",
        encoding="utf-8",
    )
    found = query_building(sample)
    assert [line.split(":")[0] for line in found] == ["2", "3", "5", "6", "6", "7", "7", "8"]
    assert query_building(sample, gets=True)[-1] == "9: session.get(...)"
    sample.write_text(
        "from followup.loop.recurrence import x\nimport prefect\nfrom followup import codes\n",
        encoding="utf-8",
    )
    assert store_imports(sample, tmp_path) == [
        "followup.loop.recurrence",
        "followup.loop.recurrence.x",
        "prefect",
    ]
    clean = tmp_path / "clean.py"
    clean.write_text(
        "from sqlmodel import Session\nfrom followup import store\n"
        "def f(session, request):\n    session.get(X, 1)\n    session.add(x)\n"
        "    store.items(session)\n"
        "    request.session.get('csrf')\n    request.session.get('at', 0)\n",
        encoding="utf-8",
    )
    assert query_building(clean) == []
    assert query_building(clean, gets=True) == ["4: session.get(...)"]


def test_the_import_rules_see_deferred_relative_and_private_imports(tmp_path: Path) -> None:
    """Imports inside functions count, relative ones are resolved, private names are seen
    however they are reached; a long function is measured from its def line."""
    folder = tmp_path / "followup" / "loop"
    folder.mkdir(parents=True)
    sample = folder / "sample.py"
    sample.write_text(
        "from . import updates\n"
        "from ..web import deps\n"
        "import followup.intake.sync as sync\n"
        "def f():\n"
        "    import prefect\n"
        "    from followup.outbox._impl import x\n"
        "    from followup.loop.remind import _ladder\n"
        "    return updates._secret, sync._read, updates.__name__\n",
        encoding="utf-8",
    )
    assert banned_imports(sample, DOMAIN_MAY_NOT_IMPORT, tmp_path) == [
        "2: followup.web",
        "2: followup.web.deps",
        "5: prefect",
    ]
    assert [name for _, name in imported(sample, tmp_path)][:2] == [
        "followup.loop",
        "followup.loop.updates",
    ]
    assert private_names(sample, tmp_path) == [
        "6: followup.outbox._impl",
        "6: followup.outbox._impl.x",
        "7: followup.loop.remind._ladder",
        "8: updates._secret",
        "8: sync._read",
    ]
    sample.write_text("@decorated\ndef f():\n" + "    x = 1\n" * MAX_WEB_FUNCTION, encoding="utf-8")
    assert long_functions(sample, MAX_WEB_FUNCTION) == [f"2: f ({MAX_WEB_FUNCTION + 1} lines)"]
    sample.write_text("def f():\n" + "    x = 1\n" * (MAX_WEB_FUNCTION - 1), encoding="utf-8")
    assert long_functions(sample, MAX_WEB_FUNCTION) == []


def test_the_rules_read_the_whole_package() -> None:
    outside = outside_store()
    assert PACKAGE / "committee.py" in outside
    assert PACKAGE / "intake" / "sync.py" in outside
    assert WEB / "team.py" in outside and WEB / "admin" / "views.py" in outside
    assert not any(p.is_relative_to(STORE) for p in outside)
    assert len(modules(STORE)) > 10
    inside = domain()
    assert STORE / "items.py" in inside and DOCUMENTS / "table.py" in inside
    assert not any(p.is_relative_to(WEB) or p.is_relative_to(CLI) for p in inside)
    assert PACKAGE / "demo.py" not in inside
    assert len(modules(FLOWS)) > 5
    assert {WEB, WEB / "admin", STORE, PACKAGE / "minutes" / "formats"} <= set(packages())


@pytest.mark.parametrize("path", outside_store(), ids=relative)
def test_only_the_store_builds_queries(path: Path) -> None:
    assert query_building(path, gets=path.is_relative_to(WEB)) == [], (
        f"{relative(path)} builds or runs a query: move it to the store"
    )


@pytest.mark.parametrize("path", modules(STORE), ids=relative)
def test_the_store_imports_no_extraction_loop_web_or_prefect(path: Path) -> None:
    assert store_imports(path) == []


@pytest.mark.parametrize("path", domain(), ids=relative)
def test_the_domain_imports_no_prefect_flows_web_or_cli(path: Path) -> None:
    assert banned_imports(path, DOMAIN_MAY_NOT_IMPORT) == []


@pytest.mark.parametrize("path", modules(DOCUMENTS), ids=relative)
def test_documents_import_no_web(path: Path) -> None:
    assert banned_imports(path, DOCUMENTS_MAY_NOT_IMPORT) == []


@pytest.mark.parametrize("path", modules(FLOWS), ids=relative)
def test_flows_call_only_the_domains_public_functions(path: Path) -> None:
    assert banned_imports(path, FLOWS_MAY_NOT_IMPORT) == [], (
        f"{relative(path)} reaches the database itself: call a domain function"
    )
    assert private_names(path) == []


@pytest.mark.parametrize("folder", packages(), ids=relative)
def test_every_package_says_what_it_holds(folder: Path) -> None:
    init = folder / "__init__.py"
    assert init.is_file(), f"{relative(folder)} has no __init__.py"
    assert ast.get_docstring(parse(init)), f"{relative(init)} has no docstring"


def test_the_package_keeps_few_top_level_modules() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, f"followup/ has {len(top)} modules: {top}"


@pytest.mark.parametrize("path", modules(WEB), ids=relative)
def test_web_functions_are_short(path: Path) -> None:
    assert long_functions(path, MAX_WEB_FUNCTION) == []
