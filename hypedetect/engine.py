"""Engines that map :func:`hypedetect.pipeline.score_partition` over a stream of partitions.

Both engines take the same function and the same partitions and yield the
results in input order, holding only a bounded number of partitions at a
time, so memory stays flat whatever the corpus size.

* :class:`LocalEngine` runs in this process, one partition after another.
* :class:`DaskEngine` runs on a ``dask.distributed`` cluster: a scheduler
  address for a cluster that is already running (one machine or many), or a
  ``LocalCluster`` of worker processes started here. Large shared arguments
  (the model, user lexicons) are sent to every worker once.

:func:`score_dask_dataframe` serves users who already hold their articles in
a Dask DataFrame: it runs the same function inside ``map_partitions``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pandas as pd

from hypedetect.errors import HypedetectError
from hypedetect.features import LexiconOption
from hypedetect.pipeline import PARTITION_COLUMNS, output_columns, score_partition

__all__ = ["DaskEngine", "LocalEngine", "make_engine", "score_dask_dataframe"]

PartitionFunction = Callable[..., pd.DataFrame]


class LocalEngine:
    """Run partitions one after another in this process.

    Examples
    --------
    >>> with LocalEngine() as engine:
    ...     list(engine.map(len, [[1, 2], [3]]))
    [2, 1]
    """

    workers = 1

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def map(self, function: PartitionFunction, parts: Iterable[Any], **shared: Any) -> Iterator[Any]:
        """Yield ``function(part, **shared)`` for each part, in order."""
        for part in parts:
            yield function(part, **shared)


class DaskEngine:
    """Run partitions on a ``dask.distributed`` cluster, results in input order.

    Parameters
    ----------
    scheduler : str or None
        Address of a running scheduler (``tcp://host:8786``). ``None`` starts a
        ``LocalCluster`` of ``workers`` single-threaded worker processes.
    workers : int
        Worker processes of the local cluster (ignored with ``scheduler``).
    in_flight : int or None
        Partitions submitted ahead of the one being written; bounds memory.
        Default: three per worker thread.

    Notes
    -----
    Workers import hypedetect themselves, so every machine of a cluster needs
    it installed (the same version). Input is read and output written here;
    workers only receive partitions and return scores.
    """

    def __init__(self, *, scheduler: str | None = None, workers: int = 2, in_flight: int | None = None) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self.in_flight = in_flight
        self._client = None
        self._cluster = None

    def __enter__(self) -> DaskEngine:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise HypedetectError(
                "--engine dask", "needs dask.distributed: pip install 'hypedetect[dask]'") from None
        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout="30s")
            else:
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None)
                self._client = Client(self._cluster)
        except OSError as error:
            self.__exit__()
            where = self.scheduler or "a local cluster"
            raise HypedetectError(where, f"cannot connect to the Dask scheduler ({error})") from None
        threads = sum(self._client.nthreads().values()) or 1
        self.workers = len(self._client.nthreads())
        if self.in_flight is None:
            self.in_flight = 3 * threads
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    @property
    def client(self):
        """The ``dask.distributed.Client`` of an entered engine (``None`` before and after)."""
        return self._client

    def map(self, function: PartitionFunction, parts: Iterable[Any], **shared: Any) -> Iterator[Any]:
        """Yield ``function(part, **shared)`` for each part, in order, computed on the cluster.

        Each value in ``shared`` is scattered to every worker once (not sent
        with each partition); ``None`` values are passed as they are.
        """
        client = self._client
        if client is None:
            raise RuntimeError("DaskEngine.map() needs the engine entered: use 'with DaskEngine(...) as engine'")
        sent = {key: value if value is None else client.scatter(value, broadcast=True, hash=False)
                for key, value in shared.items()}
        pending: deque = deque()
        for part in parts:
            pending.append(client.submit(function, part, **sent, pure=False))
            if len(pending) >= self.in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def make_engine(name: str, *, scheduler: str | None = None, workers: int = 2) -> LocalEngine | DaskEngine:
    """Return the engine called ``name`` (``"local"`` or ``"dask"``), not yet entered.

    Examples
    --------
    >>> type(make_engine("local")).__name__
    'LocalEngine'
    """
    if name == "local":
        return LocalEngine()
    if name == "dask":
        return DaskEngine(scheduler=scheduler, workers=workers)
    raise ValueError(f"unknown engine {name!r}: use 'local' or 'dask'")


def score_dask_dataframe(articles, model=None, *, lexicons: LexiconOption = None, all_features: bool = False):
    """Score a Dask DataFrame of articles with ``map_partitions``: lazily, one output row per input row.

    Parameters
    ----------
    articles : dask.dataframe.DataFrame
        Needs a ``text`` column; ``id``, ``source``, ``title``, ``error`` and
        ``warning`` are used when present.
    model : Pipeline or None
        A fitted model (see :func:`hypedetect.persistence.load_model`), sent to
        the workers once as part of the task graph; ``None`` for features only.
    lexicons, all_features
        As in :func:`hypedetect.pipeline.score_partition`.

    Returns
    -------
    dask.dataframe.DataFrame
        The columns of :func:`hypedetect.pipeline.output_columns`; call
        ``.compute()`` or write it with ``.to_parquet()``.
    """
    from dask import delayed

    columns = output_columns(model, lexicons=lexicons, all_features=all_features)
    meta = pd.DataFrame({c: pd.Series(dtype=object if i < 4 else float) for i, c in enumerate(columns)})
    shipped = delayed(model) if model is not None else None
    return articles.map_partitions(_score_articles, shipped, lexicons=lexicons, all_features=all_features,
                                   meta=meta, align_dataframes=False)


def _score_articles(articles: pd.DataFrame, model, *, lexicons: LexiconOption, all_features: bool) -> pd.DataFrame:
    """Fill in the record fields a user's frame lacks, then score it as a partition."""
    partition = pd.DataFrame({c: articles[c] if c in articles else None for c in PARTITION_COLUMNS}, dtype=object)
    partition = partition.reset_index(drop=True)
    scored = score_partition(partition, model, lexicons=lexicons, all_features=all_features)
    scored.index = articles.index
    return scored
