"""The layering contract of docs/DESIGN.md, checked on the source: imports only point down.

    app.py, app_pages/  ->  ui/  ->  lstm_core/

lstm_core runs headless (the CLI, tests, a GPU machine with no web stack): it never imports streamlit, plotly,
ui or app_pages, and only the libraries listed here. ui never imports app_pages. `make lint` runs this file.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# lstm_core may use these; statsforecast only inside the child process of forecast/baselines.py (a machine without
# it skips the statistical baselines with the reason, see test_baselines.py); dask is distributed's own foundation
# (installed with it): its configuration turns off the embedded cluster's HTTP routes (service/cluster.py)
CORE_THIRD_PARTY = {"torch", "numpy", "pandas", "safetensors", "charset_normalizer", "distributed", "dask",
                    "statsforecast"}


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) of every import in a file, including those inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_the_core_imports_only_the_core_the_standard_library_and_its_libraries():
    allowed = CORE_THIRD_PARTY | set(sys.stdlib_module_names) | {"lstm_core"}
    bad = [f"{p.relative_to(ROOT)}:{line} imports {mod}" for p in files("lstm_core") for line, mod in imports(p)
           if mod not in allowed]
    assert not bad, "\n".join(bad)


def test_ui_never_imports_a_page():
    bad = [f"{p.relative_to(ROOT)}:{line}" for p in files("ui") for line, mod in imports(p) if mod == "app_pages"]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("module", ["lstm_core", "lstm_core.lstm.cell", "lstm_core.cli"])
def test_importing_the_core_loads_no_web_stack(module):
    """Checked in a fresh interpreter: the core and its CLI start without streamlit or plotly, and the package
    itself imports nothing heavy until a name is asked for (the reference cell needs NumPy only)."""
    code = (f"import sys, {module}; heavy = {{'streamlit', 'plotly', 'ui'}} & set(sys.modules); "
            "print(sorted(heavy)); print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    heavy, torch_loaded = out.split("\n")[:2]
    assert heavy == "[]"
    if module in ("lstm_core", "lstm_core.lstm.cell"):
        assert torch_loaded == "False"


def test_the_lazy_package_exports_the_public_contracts():
    import lstm_core

    assert set(lstm_core.__all__) == set(lstm_core._EXPORTS)
    for name in ("trace", "GateTrace", "load_csv", "DataError"):
        assert getattr(lstm_core, name).__module__.startswith("lstm_core.")
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        lstm_core.nope  # noqa: B018


def test_every_page_is_thin():
    """A page draws widgets and lays out what ui/ and lstm_core return: under 200 lines (docs/DESIGN.md)."""
    fat = {p.name: n for p in files("app_pages") if (n := len(p.read_text(encoding="utf-8").splitlines())) >= 200}
    assert not fat, fat
