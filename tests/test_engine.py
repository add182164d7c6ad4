"""Tests of hypedetect.engine: the local engine and a real Dask LocalCluster give identical results."""

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from hypedetect.cli import cli
from hypedetect.engine import DaskEngine, LocalEngine, make_engine, score_dask_dataframe
from hypedetect.errors import HypedetectError
from hypedetect.persistence import load_model
from hypedetect.scoring import partitions, score_partition

from ._shared import REPO

distributed = pytest.importorskip("distributed", reason="dask.distributed is in the test extras")

DEMO = REPO / "corpora" / "demo"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A JSONL corpus of 60 articles (demo texts with numbered endings) and one malformed line."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("*.txt"))]
    lines = [json.dumps({"id": f"a{i}", "source": f"outlet{i % 4}",
                         "text": texts[i % len(texts)] + f" Item {i} of the series."}) for i in range(60)]
    lines.insert(30, '{"id": "broken", "text": ')
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster():
    """A real LocalCluster with two single-threaded worker processes."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local_cluster:
        yield local_cluster


def _score(args):
    result = CliRunner().invoke(cli, ["score", *map(str, args)], catch_exceptions=False)
    return result


def test_dask_cli_scores_identically_to_the_local_engine(cluster, corpus, tmp_path):
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    common = ["--format", "jsonl", "--all-features", "--chunk-size", "7"]
    assert _score([corpus, *common, "-o", local]).exit_code == 1  # the broken line
    result = _score([corpus, *common, "-o", dask, "--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 1
    assert "articles.jsonl: line 31" in result.output
    assert local.read_bytes() == dask.read_bytes()
    rows = [json.loads(line) for line in dask.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 61 and rows[30]["status"].startswith("error:")


def test_both_workers_take_part_and_the_model_is_sent_once(cluster, corpus, monkeypatch):
    model = load_model()
    with DaskEngine(scheduler=cluster.scheduler_address) as engine:
        assert engine.workers == 2
        scattered = []
        scatter = engine.client.scatter
        monkeypatch.setattr(engine.client, "scatter", lambda data, **kw: scattered.append(data) or scatter(data, **kw))
        results = list(engine.map(_score_where, partitions(_records_of(corpus), 5), model=model))
    assert len(results) == 13
    assert len({worker for frame in results for worker in frame["status"]}) == 2
    assert scattered == [model]  # once for all 13 partitions, not once per partition


def _records_of(path):
    from hypedetect.io import iter_inputs

    return iter_inputs([str(path)])


def _score_where(partition, model):
    """Score, noting in ``status`` the worker that did (results come back as plain rows, so in a text column)."""
    from distributed import get_worker

    return score_partition(partition, model).assign(status=get_worker().address)


def test_score_dask_dataframe_runs_the_same_function_in_map_partitions(cluster, corpus):
    import dask.dataframe as dd

    model = load_model()
    articles = pd.read_json(corpus, lines=True, nrows=30)
    expected = score_partition(articles.assign(title=None, error=None, warning=None), model)
    with distributed.Client(cluster.scheduler_address):
        scored = score_dask_dataframe(dd.from_pandas(articles, npartitions=3), model).compute()
    pd.testing.assert_frame_equal(scored.reset_index(drop=True), expected)


def test_local_cluster_started_by_the_cli_with_two_workers(corpus, tmp_path):
    out = tmp_path / "scores.csv"
    result = _score([corpus, "--format", "csv", "-o", out, "--engine", "dask", "--workers", "2", "--no-model"])
    assert result.exit_code == 1, result.output
    assert len(pd.read_csv(out)) == 61


def test_local_engine_maps_in_order():
    with LocalEngine() as engine:
        assert list(engine.map(lambda part, add: part + add, [1, 2, 3], add=10)) == [11, 12, 13]


def test_unknown_engine_and_unreachable_scheduler_are_clear():
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine("spark")
    engine = DaskEngine(scheduler="tcp://127.0.0.1:9")
    with pytest.raises(HypedetectError, match="tcp://127.0.0.1:9: cannot connect"):
        engine.__enter__()


def test_scheduler_without_dask_engine_is_a_usage_error(corpus):
    result = CliRunner().invoke(cli, ["score", str(corpus), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "--scheduler needs --engine dask" in result.output
