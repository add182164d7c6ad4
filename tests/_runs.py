"""Running the real ``hypedetect`` console entry point in this process, for the bad-input tests."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from hypedetect.cli import main

ARTICLE = (
    "The city council approved the budget on Tuesday after a four-hour debate, officials said. "
    "Critics said the plan was rushed, and two members voted against it. The mayor said the "
    "new spending on roads and schools would start in the spring, and that the city would "
    "publish the full figures next week."
)


@dataclass
class Run:
    """What one run of the command did: exit code, standard output, standard error (and its lines)."""

    exit_code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run_main(arguments: list[str], capsys, monkeypatch) -> Run:
    """Run ``hypedetect <arguments>`` through :func:`hypedetect.cli.main`, as the console script does."""
    monkeypatch.setattr(sys, "argv", ["hypedetect", *map(str, arguments)])
    monkeypatch.delenv("HYPEDETECT_DEBUG", raising=False)
    capsys.readouterr()
    try:
        main()
        exit_code = 0
    except SystemExit as done:
        exit_code = done.code if isinstance(done.code, int) else int(done.code is not None)
    out, err = capsys.readouterr()
    return Run(exit_code, out, err)


def assert_one_clean_line(run: Run, *fragments: str) -> str:
    """The run wrote exactly one stderr line, with each fragment, no traceback and no internal error."""
    assert len(run.err_lines) == 1, run.err
    [line] = run.err_lines
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    for fragment in fragments:
        assert fragment in line, line
    return line
