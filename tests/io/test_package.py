"""Tests for the hypedetect.io package: its names, the limits it shares with its readers, its imports."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import hypedetect.io as hio
from hypedetect.io import limits
from hypedetect.io.record import ColumnNames, Origin
from hypedetect.io.tables import TABLE_SUFFIXES, table_records

PACKAGE = Path(hio.__file__).parent


def test_every_public_name_is_importable_from_the_package():
    namespace: dict[str, object] = {}
    exec("from hypedetect.io import *", namespace)
    assert set(hio.__all__) <= set(namespace)
    assert {"MAX_BYTES", "MAX_TRACKED_IDS"} <= set(dir(hio))


def test_a_limit_set_on_the_package_is_the_one_the_readers_check(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("word " * 40, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hio, "MAX_BYTES", 100)
        assert limits.MAX_BYTES == hio.MAX_BYTES == 100
        [record] = hio.iter_records(path)
        assert record.error == "file is 0.1 MB, over the 0.1 MB limit"
    assert limits.MAX_BYTES == hio.MAX_BYTES == 64 * 1024 * 1024
    [record] = hio.iter_records(path)
    assert record.error is None


def test_max_tracked_ids_set_on_the_package_reaches_duplicate_marking(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("".join(f'{{"id": "{name}", "text": "T."}}\n' for name in "abca"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hio, "MAX_TRACKED_IDS", 1)
        warnings = [record.warning for record in hio.iter_records(path)]
    assert warnings == [None, "over 1 ids: later duplicate ids are not flagged", None, "duplicate id"]
    assert hio.MAX_TRACKED_IDS == 1_000_000


def _write_every_format(folder: Path) -> list[Path]:
    texts = {
        "a.txt": "Text.", "b.html": "<html><body><p>Page.</p></body></html>", "c.jsonl": '{"text": "Row."}\n',
        "d.csv": "text\nRow.\n", "e.tsv": "text\nRow.\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    pq.write_table(pa.table({"text": ["Row."]}), folder / "f.parquet")
    return sorted(folder.iterdir())


def test_open_replaced_on_the_package_opens_every_format(tmp_path):
    paths = _write_every_format(tmp_path)
    opened = []

    def recording_open(file, *args, **kwargs):
        opened.append(Path(file).name)
        raise PermissionError(13, "Permission denied", str(file))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hio, "open", recording_open, raising=False)
        records = list(hio.iter_inputs([tmp_path]))
    assert opened == [path.name for path in paths]
    assert [record.error for record in records] == ["permission denied"] * len(paths)
    assert hio.open is open
    assert all(record.error is None for record in hio.iter_inputs([tmp_path]))


def test_table_records_refuses_a_file_that_is_not_a_table():
    assert {".jsonl", ".csv", ".tsv", ".parquet"} <= TABLE_SUFFIXES
    with pytest.raises(ValueError, match="not a table"):
        list(table_records(Origin("a.txt"), ColumnNames()))


def test_import_loads_neither_trafilatura_nor_pyarrow():
    code = "import json, sys, hypedetect.io\nprint(json.dumps(sorted({'trafilatura', 'pyarrow'} & set(sys.modules))))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == []


def _imports(path: Path) -> set[str]:
    """The hypedetect modules ``path`` imports, submodules named as such."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hypedetect"):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent.parent / (submodule.replace(".", "/") + ".py")).exists()
                found.add(submodule if is_module else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("hypedetect"))
    return found


def test_the_modules_import_each_other_without_a_cycle_and_nothing_later_in_the_flow():
    graph = {
        "hypedetect.io" if path.stem == "__init__" else f"hypedetect.io.{path.stem}": _imports(path)
        for path in PACKAGE.glob("*.py")
    }
    assert len(graph) == 7
    for module, imported in graph.items():
        assert imported <= set(graph) | {"hypedetect.errors"}, module

    def reaches(start: str, target: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            step == target or (step not in seen and reaches(step, target, seen | {step}))
            for step in graph.get(start, ())
        )

    assert [module for module in graph if reaches(module, module)] == []
