"""Starting up: ``import hypedetect`` and the command line load none of the heavy libraries.

pandas, scikit-learn, NLTK, trafilatura and the plotting libraries take seconds to import; they are
imported by the modules and commands that use them, so ``hypedetect --version`` returns at once.
"""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import hypedetect

#: Never loaded by ``import hypedetect``.
HEAVY = ("matplotlib", "seaborn", "nltk", "trafilatura", "dask", "pyarrow")
#: Not loaded by the command line before a command runs either.
LIBRARY = ("pandas", "sklearn", "scipy", "skops")


def _loaded_after(statement: str, names: tuple[str, ...]) -> list[str]:
    """The modules of ``names`` in ``sys.modules`` after running ``statement`` in a fresh interpreter."""
    code = f"import json, sys\n{statement}\nprint(json.dumps([name for name in {names!r} if name in sys.modules]))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_import_hypedetect_loads_no_heavy_library():
    assert _loaded_after("import hypedetect", HEAVY + LIBRARY) == []


def test_the_command_line_loads_no_heavy_library_before_a_command_runs():
    assert _loaded_after("import hypedetect.cli", HEAVY + LIBRARY) == []


def test_every_public_name_is_the_one_its_module_defines():
    for module, names in hypedetect._EXPORTS.items():
        for name in names:
            assert getattr(hypedetect, name) is getattr(importlib.import_module(module), name), name
    assert sorted(hypedetect.__all__) == sorted(name for names in hypedetect._EXPORTS.values() for name in names)
    assert set(hypedetect.__all__) <= set(dir(hypedetect))


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        hypedetect.no_such_name  # noqa: B018


def test_the_console_script_prints_the_version():
    script = Path(sys.executable).with_name("hypedetect")
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"hypedetect, version {hypedetect.__version__}"
