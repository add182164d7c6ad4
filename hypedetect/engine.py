"""Engines that map :func:`hypedetect.scoring.score_partition` over a stream of partitions.

Both engines take the same function and the same partitions and yield the
results in input order, holding only a bounded number of partitions at a
time, so memory stays flat whatever the corpus size.

* :class:`LocalEngine` runs in this process, one partition after another.
* :class:`DaskEngine` runs on a ``dask.distributed`` cluster: a scheduler
  address for a cluster that is already running (one machine or many), or a
  ``LocalCluster`` of worker processes started here. Large shared arguments
  (the model, user lexicons) are sent to every worker once. What comes back is
  never unpickled: workers return their rows as JSON, which is checked (plain
  values, one row per input row, the same ids) before it is used.

:func:`score_dask_dataframe` serves users who already hold their articles in
a Dask DataFrame: it runs the same function inside ``map_partitions``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pandas as pd

from hypedetect.errors import HypedetectError
from hypedetect.features import LexiconOption
from hypedetect.scoring import META_COLUMNS, PARTITION_COLUMNS, output_columns, score_partition

__all__ = ["DaskEngine", "LocalEngine", "make_engine", "score_dask_dataframe", "validate_scheduler_address"]

PartitionFunction = Callable[..., pd.DataFrame]

_SCHEMES = ("tcp", "tls")
# Results are read back only through these dask serialisation families: never "pickle".
_SAFE_DESERIALIZERS = ["msgpack", "error"]
_PLAIN_TYPES = (str, int, float, bool, type(None))


def validate_scheduler_address(address: str) -> str:
    """Return a scheduler address as ``scheme://host:port``, or raise ValueError saying what is wrong.

    Examples
    --------
    >>> validate_scheduler_address("10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> validate_scheduler_address("tcp://host:port")
    Traceback (most recent call last):
    ...
    ValueError: expected tcp://HOST:PORT with a port from 1 to 65535
    """
    scheme, separator, location = address.partition("://")
    if not separator:
        scheme, location = "tcp", address
    if scheme not in _SCHEMES:
        raise ValueError(f"unsupported scheme {scheme!r}: use tcp:// or tls://")
    host, _, port = location.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError("expected tcp://HOST:PORT with a port from 1 to 65535")
    if any(char.isspace() or char in "/?#@[]" for char in host):
        raise ValueError(f"{host!r} is not a host name or address")
    return f"{scheme}://{location}"


def _probe(address: str, timeout: float) -> None:
    """Connect to a TCP scheduler and wait for the first byte of its handshake, each within ``timeout`` seconds.

    A Dask scheduler sends its handshake as soon as it accepts a connection;
    ``distributed`` itself waits for it without a time limit.
    """
    scheme, _, location = address.partition("://")
    host, _, port = location.rpartition(":")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout) as connection:
            if scheme != "tcp":
                return  # TLS speaks first from the client side; distributed's own timeout applies
            if not connection.recv(1):
                raise HypedetectError(address, "the scheduler closed the connection during the handshake")
    except TimeoutError:
        raise HypedetectError(address, f"no answer from the Dask scheduler within {timeout:g} s") from None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise HypedetectError(address, f"cannot connect to the Dask scheduler ({reason})") from None


@contextlib.contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Start worker processes with SIGINT ignored, which they inherit.

    Ctrl-C then stops this process, which closes the cluster, instead of
    printing a traceback from every worker.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _plain_rows(function: PartitionFunction, part: Any, **shared: Any) -> bytes:
    """Run ``function`` on a worker and return its frame as JSON (``columns`` and ``data``, or ``error``)."""
    try:
        frame = function(part, **shared)
    except Exception as error:  # noqa: BLE001 - sent back as plain text, shown as one line
        return json.dumps({"error": f"{type(error).__name__}: {error}"}).encode("utf-8")
    return json.dumps({"columns": [str(c) for c in frame.columns], "data": frame.to_numpy(dtype=object).tolist()},
                      default=float).encode("utf-8")


def _rows_from_plain(payload: object, part: Any, where: str) -> pd.DataFrame:
    """Check a worker's JSON rows for ``part`` (plain values, one row per input row, the same ids); return them."""
    def refuse(reason: str) -> HypedetectError:
        return HypedetectError(where, f"refused a result from the cluster: {reason}")

    if not isinstance(payload, bytes | str):
        raise refuse(f"expected JSON rows, got {type(payload).__name__}")
    try:
        rows = json.loads(payload)
    except ValueError:
        raise refuse("not valid JSON") from None
    if isinstance(rows, dict) and set(rows) == {"error"} and isinstance(rows["error"], str):
        raise HypedetectError(where, f"a partition failed on the cluster ({rows['error']})")
    if not isinstance(rows, dict) or set(rows) != {"columns", "data"}:
        raise refuse("not a table of rows")
    columns, data = rows["columns"], rows["data"]
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise refuse("column names are not text")
    if not isinstance(data, list) or not all(isinstance(r, list) and len(r) == len(columns) for r in data):
        raise refuse("rows do not match the columns")
    if not all(isinstance(value, _PLAIN_TYPES) for row in data for value in row):
        raise refuse("a value is not plain text or a number")
    scores = [position for position, column in enumerate(columns) if column not in META_COLUMNS]
    if not all(isinstance(row[position], float | int | None) for row in data for position in scores):
        raise refuse("a score is not a number")
    frame = pd.DataFrame(data, columns=columns)
    frame[frame.columns[scores]] = frame[frame.columns[scores]].astype(float)
    if isinstance(part, pd.DataFrame):
        if len(frame) != len(part):
            raise refuse(f"{len(frame)} rows for a partition of {len(part)}")
        if "id" in frame and "id" in part and frame["id"].tolist() != part["id"].tolist():
            raise refuse("the ids are not those of the partition sent")
    return frame


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
    timeout : float
        Seconds to wait for a scheduler to accept the connection, and again for
        its handshake.

    Notes
    -----
    Workers import hypedetect themselves, so every machine of a cluster needs
    it installed (the same version). Input is read and output written here;
    workers only receive partitions and return scores. A cluster given by
    ``scheduler`` runs the code it is sent: connect only to a cluster you trust
    (its results are checked as plain rows, never unpickled, but the rows
    themselves are whatever it computed).
    """

    def __init__(self, *, scheduler: str | None = None, workers: int = 2, in_flight: int | None = None,
                 timeout: float = 30.0) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self.in_flight = in_flight
        self.timeout = timeout
        self._client = None
        self._cluster = None
        self._log_level: int | None = None
        self._saved_environment: str | None = None

    def __enter__(self) -> DaskEngine:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise HypedetectError(
                "--engine dask", "needs dask.distributed: pip install 'hypedetect[dask]'") from None
        self._quiet()
        try:
            if self.scheduler:
                address = validate_scheduler_address(self.scheduler)
                _probe(address, self.timeout)
                self._client = Client(address, timeout=self.timeout, deserializers=_SAFE_DESERIALIZERS)
            else:
                with warnings.catch_warnings(), _workers_ignore_ctrl_c():
                    # "Port 8787 is already in use" when another cluster runs here: nothing the user must act on.
                    warnings.simplefilter("ignore")
                    self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                 dashboard_address=None)
                self._client = Client(self._cluster, deserializers=_SAFE_DESERIALIZERS)
        except ValueError as error:
            self.__exit__()
            raise HypedetectError(self.scheduler, f"not a scheduler address ({error})") from None
        except HypedetectError:
            self.__exit__()
            raise
        except OSError as error:
            self.__exit__()
            where = self.scheduler or "a local cluster"
            raise HypedetectError(where, f"cannot connect to the Dask scheduler ({error})") from None
        threads = sum(self._client.nthreads().values()) or 1
        self.workers = len(self._client.nthreads())
        if self.in_flight is None:
            self.in_flight = 3 * threads
        return self

    def _quiet(self) -> None:
        """Keep dask's log lines (warnings on shutdown, tracebacks) off the terminal while the engine runs.

        Worker processes of a local cluster inherit the setting through the environment.
        """
        self._log_level = logging.getLogger("distributed").level
        logging.getLogger("distributed").setLevel(logging.CRITICAL + 1)
        self._saved_environment = os.environ.get("DASK_LOGGING__DISTRIBUTED")
        os.environ["DASK_LOGGING__DISTRIBUTED"] = "critical"

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._client is not None:
                self._client.close()
                self._client = None
            if self._cluster is not None:
                self._cluster.close()
                self._cluster = None
        finally:
            if self._log_level is not None:
                logging.getLogger("distributed").setLevel(self._log_level)
                self._log_level = None
                if self._saved_environment is None:
                    os.environ.pop("DASK_LOGGING__DISTRIBUTED", None)
                else:
                    os.environ["DASK_LOGGING__DISTRIBUTED"] = self._saved_environment

    @property
    def client(self):
        """The ``dask.distributed.Client`` of an entered engine (``None`` before and after)."""
        return self._client

    def map(self, function: PartitionFunction, parts: Iterable[Any], **shared: Any) -> Iterator[Any]:
        """Yield ``function(part, **shared)`` for each part, in order, computed on the cluster.

        Each value in ``shared`` is scattered to every worker once (not sent
        with each partition); ``None`` values are passed as they are. Each result
        comes back as JSON rows and is checked against its partition.
        """
        client = self._client
        if client is None:
            raise RuntimeError("DaskEngine.map() needs the engine entered: use 'with DaskEngine(...) as engine'")
        sent = {key: value if value is None else client.scatter(value, broadcast=True, hash=False)
                for key, value in shared.items()}
        pending: deque = deque()
        for part in parts:
            pending.append((client.submit(_plain_rows, function, part, **sent, pure=False), part))
            if len(pending) >= self.in_flight:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    def _result(self, future, part: Any) -> pd.DataFrame:
        where = self.scheduler or "the local Dask cluster"
        try:
            payload = future.result()
        except Exception as error:  # noqa: BLE001 - whatever the cluster sent, one line
            raise HypedetectError(where, f"refused a result from the cluster ({type(error).__name__}: "
                                  f"{error})") from None
        return _rows_from_plain(payload, part, where)


def make_engine(name: str, *, scheduler: str | None = None, workers: int = 2,
                timeout: float = 30.0) -> LocalEngine | DaskEngine:
    """Return the engine called ``name`` (``"local"`` or ``"dask"``), not yet entered.

    Examples
    --------
    >>> type(make_engine("local")).__name__
    'LocalEngine'
    """
    if name == "local":
        return LocalEngine()
    if name == "dask":
        return DaskEngine(scheduler=scheduler, workers=workers, timeout=timeout)
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
        As in :func:`hypedetect.scoring.score_partition`.

    Returns
    -------
    dask.dataframe.DataFrame
        The columns of :func:`hypedetect.scoring.output_columns`; call
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
