"""Tests for hypedetect.persistence: skops only, allow-listed types only, hostile files refused."""

import importlib
import os
import pickle
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import joblib
import numpy as np
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from hypedetect import persistence
from hypedetect.cli import main
from hypedetect.errors import ModelError
from hypedetect.model import build_pipeline
from hypedetect.persistence import load_model, save_model

TEXTS = ["We proudly announce our groundbreaking product!", "Officials said the vote passed 7-2."] * 6
LABELS = np.array([1, 0] * 6)


def test_round_trip_gives_identical_predictions(tmp_path):
    model = build_pipeline().fit(TEXTS, LABELS)
    path = save_model(model, tmp_path / "m.skops")
    loaded = load_model(path)
    np.testing.assert_allclose(loaded.predict_proba(TEXTS), model.predict_proba(TEXTS))
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, temporary file gone


def test_default_model_loads_and_scores():
    model = load_model()
    p = model.predict_proba(["Our revolutionary, world-class product will change your life! Buy now!",
                             "The council approved the budget on Tuesday, officials said."])[:, 1]
    assert p[0] > 0.5 > p[1]


def test_pickle_files_are_refused(tmp_path):
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(ModelError, match="pickle"):
        load_model(path)


def test_untrusted_types_are_refused_by_name(tmp_path):
    path = tmp_path / "other.skops"
    sio.dump(Pipeline([("clf", LogisticRegression())]), path)
    with pytest.raises(ModelError, match="LogisticRegression"):
        load_model(path)


@pytest.mark.parametrize("content", [b"", b"not a zip file at all"])
def test_garbage_is_refused_with_the_file_name(tmp_path, content):
    path = tmp_path / "broken.skops"
    path.write_bytes(content)
    with pytest.raises(ModelError, match="broken.skops"):
        load_model(path)


def test_missing_file(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_model(tmp_path / "nope.skops")


def test_top_level_api_exposes_model_and_ranking():
    import hypedetect

    model = hypedetect.load_model()
    scored = hypedetect.score_texts(model, ["We proudly announce our world-class product!"])
    ranking = hypedetect.rank_sources(scored.assign(source="brand"))
    assert ranking.loc[0, "source"] == "brand" and ranking.loc[0, "n_articles"] == 1


# --------------------------------------------------------------------------- hostile files

PAYLOAD_MODULE = '''
"""Stands in for any code a model file could run: building a Payload writes its marker file."""
from pathlib import Path


class Payload:
    def __init__(self, marker):
        self.marker = marker

    def __getstate__(self):
        return {"marker": self.marker}

    def __setstate__(self, state):
        Path(state["marker"]).write_text("code ran", encoding="utf-8")
        self.__dict__.update(state)

    def __reduce__(self):
        return (Path(self.marker).write_text, ("code ran",))
'''


@pytest.fixture
def payload(tmp_path, monkeypatch):
    """An importable class whose loading runs code, and the marker file that code would write."""
    folder = tmp_path / "payload"
    folder.mkdir()
    (folder / "hostile_payload.py").write_text(PAYLOAD_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])))
    module = importlib.import_module("hostile_payload")
    marker = tmp_path / "code-ran.marker"
    yield module.Payload(str(marker)), marker
    sys.modules.pop("hostile_payload", None)


def _hostile_skops(payload, path):
    instance, _ = payload
    sio.dump(Pipeline([("scale", StandardScaler()), ("payload", instance)]), path)
    return path


def _trained_skops(path):
    return save_model(build_pipeline().fit(TEXTS, LABELS), path)


def _zip_with(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _write(path, data):
    path.write_bytes(data)
    return path


def _cut_in_half(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _without_arrays(path):
    """A skops file whose schema is intact but whose array files are gone."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist() if not name.endswith(".npy")}
    path.unlink()
    return _zip_with(path, members)


HOSTILE_FILES = {
    "skops-with-code-running-type": (
        lambda tmp, payload: _hostile_skops(payload, tmp / "model.skops"),
        r"refused: the file contains types hypedetect does not trust: hostile_payload\.Payload$",
    ),
    "raw-pickle": (
        lambda tmp, payload: _write(tmp / "model.skops", pickle.dumps(payload[0])),
        r"pickle/joblib files are never loaded",
    ),
    "pickle-protocol-0": (
        lambda tmp, payload: _write(tmp / "model.pkl", pickle.dumps(payload[0], protocol=0)),
        r"not a skops model file$",
    ),
    "joblib-dump": (
        lambda tmp, payload: Path(joblib.dump(payload[0], tmp / "model.joblib")[0]),
        r"pickle/joblib files are never loaded",
    ),
    "compressed-joblib-dump": (
        lambda tmp, payload: Path(joblib.dump(payload[0], tmp / "model.joblib", compress=3)[0]),
        r"not a skops model file$",
    ),
    "truncated-skops": (
        lambda tmp, payload: _cut_in_half(_hostile_skops(payload, tmp / "model.skops")),
        r"not a skops model file$",
    ),
    "zip-without-schema": (
        lambda tmp, payload: _zip_with(tmp / "model.skops", {"hello.txt": "hi"}),
        r"cannot read model \(KeyError: ",
    ),
    "zip-with-broken-schema": (
        lambda tmp, payload: _zip_with(tmp / "model.skops", {"schema.json": "{not json"}),
        r"cannot read model \(JSONDecodeError: ",
    ),
    "skops-missing-its-arrays": (
        lambda tmp, payload: _without_arrays(_trained_skops(tmp / "model.skops")),
        r"cannot load model \(",
    ),
    "not-a-zip": (lambda tmp, payload: _write(tmp / "model.skops", b"PK\x03\x04 not really"), r"not a skops"),
}


@pytest.mark.parametrize("kind", list(HOSTILE_FILES))
def test_hostile_model_file_is_refused_naming_the_file_and_nothing_runs(kind, tmp_path, payload):
    build, reason = HOSTILE_FILES[kind]
    path = build(tmp_path, payload)
    marker = payload[1]
    assert not marker.exists()
    with pytest.raises(ModelError) as excinfo:
        load_model(path)
    assert str(excinfo.value).startswith(f"{path}: ")
    assert re.search(reason, excinfo.value.reason), excinfo.value.reason
    assert "\n" not in str(excinfo.value)
    assert not marker.exists()


@pytest.mark.parametrize("loader", ["skops", "pickle", "joblib"])
def test_the_hostile_files_really_run_code_when_loaded_without_hypedetect(loader, tmp_path, payload):
    """The control: the same files do run code through a loader that trusts them."""
    instance, marker = payload
    if loader == "skops":
        path = _hostile_skops(payload, tmp_path / "model.skops")
        sio.load(path, trusted=sio.get_untrusted_types(file=path))
    elif loader == "pickle":
        pickle.loads(pickle.dumps(instance))
    else:
        joblib.load(joblib.dump(instance, tmp_path / "model.joblib")[0])
    assert marker.read_text(encoding="utf-8") == "code ran"


def test_oversized_schema_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(persistence, "_MAX_SCHEMA_BYTES", 1000)
    path = _zip_with(tmp_path / "bomb.skops", {"schema.json": "[" + "0," * 5000 + "0]"})
    with pytest.raises(ModelError, match=r"bomb\.skops: cannot read model \(ValueError: schema\.json is 10003 bytes"):
        load_model(path)


@pytest.mark.parametrize("kind", list(HOSTILE_FILES))
def test_cli_refuses_hostile_model_in_one_line(kind, tmp_path, payload, capsys, monkeypatch):
    build, reason = HOSTILE_FILES[kind]
    path = build(tmp_path, payload)
    article = tmp_path / "x.txt"
    article.write_text("The council approved the budget on Tuesday, officials said.", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["hypedetect", "score", "--model", str(path), str(article)])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    assert exited.value.code == 1
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith(f"hypedetect: {path}: ") and re.search(reason, line), line
    assert not payload[1].exists()


def test_cli_refuses_code_running_skops_in_a_real_process(tmp_path, payload):
    """End to end, with the payload importable by the child: nothing runs, one line, no traceback."""
    path = _hostile_skops(payload, tmp_path / "model.skops")
    article = tmp_path / "x.txt"
    article.write_text("The council approved the budget on Tuesday, officials said.", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "hypedetect", "score", "--model", str(path), str(article)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert line == (f"hypedetect: {path}: refused: the file contains types hypedetect does not trust: "
                    "hostile_payload.Payload")
    assert not payload[1].exists()
