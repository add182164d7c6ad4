"""The README's library examples run as written (on small texts written here)."""

from __future__ import annotations

import json
import re

import pytest

from ._shared import REPO

ARTICLE = (
    "The council voted 7-2 on Tuesday to close the Elm Street library, officials said. "
    "Residents said the decision was rushed, and the mayor told reporters she would review it. "
    "The library lent 40,000 books last year, according to the city's annual report."
)
PROMOTION = (
    "We are thrilled to announce our groundbreaking, world-class platform! "
    "This revolutionary eco-friendly solution will transform your business forever. Buy now!"
)


def _library_blocks() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Library") : readme.index("## The model")]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_the_library_section_has_examples():
    assert len(_library_blocks()) >= 4


def test_the_readme_library_examples_run_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "greenwash.txt").write_text("# invented for this test\neco-friendly\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "council.txt").write_text(ARTICLE * 2, encoding="utf-8")
    (tmp_path / "more.jsonl").write_text(json.dumps({"id": "p1", "text": PROMOTION * 4}) + "\n", encoding="utf-8")
    (tmp_path / "articles.csv").write_text(
        "id,outlet,text\n" + "".join(f'a{i},{"paper" if i % 2 else "brand"},"{ARTICLE}"\n' for i in range(4)),
        encoding="utf-8",
    )
    namespace = {"text": ARTICLE, "texts": [ARTICLE, PROMOTION * 4], "sources": ["paper", "brand"]}
    for block in _library_blocks():
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["frame"].shape[0] == 2
    assert namespace["spans"] and all(span.text for span in namespace["spans"])
    assert set(namespace["ranking"]["outlet"]) == {"paper", "brand"}  # the last ranking: rank_files by outlet
    assert namespace["summary"].rows == 2 and (tmp_path / "scores.csv").exists()


@pytest.mark.parametrize("name", ["parse", "extract_features", "explain", "score_files", "rank_sources"])
def test_every_name_the_readme_uses_is_a_top_level_name(name):
    import hypedetect

    assert callable(getattr(hypedetect, name))
