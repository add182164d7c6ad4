"""The built wheel carries the lexicons, the Punkt parameters, the report template, the corpus manifests
and the default model: it loads the model and trains on the shared corpora away from the source tree."""

import gzip
import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hypedetect import corpora

from ._shared import REPO, require_corpora

pytestmark = [pytest.mark.slow, pytest.mark.integration]

#: Records kept from the head of each shared corpus file: enough for every validation of the card to run.
SLICE_ROWS = 25

#: The sentence and headline corpora the learned detectors train on.
DETECTOR_CORPORA = ("babe", "clickbait_chakraborty", "claim_strength")


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory) -> Path:
    """Build the wheel and install it (without dependencies) into a folder of its own."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheels)], check=True, capture_output=True, cwd=tmp_path)
    wheel = next(wheels.glob("hypedetect-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    return target


def _run_installed(target: Path, script: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run ``script`` with the installed wheel first on the path, after checking it is the one imported."""
    check = (
        "import hypedetect, pathlib\n"
        f"assert pathlib.Path(hypedetect.__file__).is_relative_to({str(target)!r}), hypedetect.__file__\n"
    )
    return subprocess.run([sys.executable, "-c", check + script], capture_output=True, text=True, check=False,
                          cwd=cwd, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})


def test_default_model_loads_from_an_installed_wheel(installed_wheel, tmp_path):
    script = (
        "from hypedetect.persistence import load_model\n"
        "p = load_model().predict_proba(['We proudly announce our world-class product! Buy now!'])[0, 1]\n"
        "print(round(float(p), 3))\n"
    )
    proc = _run_installed(installed_wheel, script, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout) > 0.5


def _corpus_slice(root: Path, target: Path, rows: int) -> Path:
    """Copy the first ``rows`` records of every manifest's files and of the PTC articles (with their sentences),
    and the detectors' corpora whole."""
    for name in corpora.list_manifests():
        manifest = corpora.load_manifest(name)
        for spec in manifest.files:
            source, copy = root / manifest.folder / spec.path, target / manifest.folder / spec.path
            copy.parent.mkdir(parents=True, exist_ok=True)
            with gzip.open(source, "rt", encoding="utf-8") as lines, gzip.open(copy, "wt", encoding="utf-8") as out:
                out.writelines(itertools.islice(lines, rows))
    ptc = target / "ptc_semeval2020"
    ptc.mkdir()
    with gzip.open(root / ptc.name / "articles_with_spans.jsonl.gz", "rt", encoding="utf-8") as lines:
        articles = list(itertools.islice(lines, rows))
    with gzip.open(ptc / "articles_with_spans.jsonl.gz", "wt", encoding="utf-8") as out:
        out.writelines(articles)
    kept = {str(json.loads(line)["article_id"]) for line in articles}
    with (root / ptc.name / "sentences.tsv").open(encoding="utf-8") as rows_in, \
            (ptc / "sentences.tsv").open("w", encoding="utf-8") as rows_out:
        rows_out.write(next(rows_in))
        rows_out.writelines(line for line in rows_in if line.split("\t", 1)[0] in kept)
    for name in DETECTOR_CORPORA:  # small: copied whole, so every detector has both classes in every fold
        shutil.copytree(root / name, target / name)
    return target


def test_train_runs_from_an_installed_wheel_on_a_slice_of_the_shared_corpora(installed_wheel, tmp_path):
    shared = _corpus_slice(require_corpora(), tmp_path / "corpora", SLICE_ROWS)
    work = tmp_path / "elsewhere"  # no source tree and no ../shared beside it: the manifests come from the wheel
    work.mkdir()
    script = (
        "import sys\n"
        "from hypedetect.cli import main\n"
        f"sys.argv = ['hypedetect', 'train', '-o', 'slice.skops', '--corpora', {str(shared)!r}]\n"
        "main()\n"
    )
    proc = _run_installed(installed_wheel, script, work)
    assert proc.returncode == 0, proc.stderr
    card = json.loads((work / "slice.card.json").read_text(encoding="utf-8"))
    training = {name for name in corpora.list_manifests() if corpora.load_manifest(name).training}
    assert set(card["training_data"]) == training
    assert card["n_articles"] > 0 and f"({card['n_articles']} articles)" in proc.stdout
    assert (work / "slice.skops").is_file()
