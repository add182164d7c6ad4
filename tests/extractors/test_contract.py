"""The scikit-learn contract of every extractor, tested directly.

``check_estimator`` skips most checks for string input, so the behaviours users
rely on are asserted here one by one.
"""

import inspect

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from hypedetect.extractors.hedging import Hedging
from hypedetect.extractors.promotional import PromotionalLanguage
from hypedetect.extractors.readability import Readability
from hypedetect.extractors.sourcing import Sourcing
from hypedetect.features import feature_union

EXTRACTORS = [PromotionalLanguage, Hedging, Sourcing, Readability]

TEXTS = pd.Series(
    [
        "Officials said the plan may cost $4 million, according to a filing.",
        "This groundbreaking, world-class product will revolutionize your life! Buy now!",
        "“We are cautious,” said Jane Doe, an analyst. Some experts believe it could fail.",
        "The council met on Tuesday. It approved the budget by 7 votes to 2.",
    ],
    index=["a", "b", "c", "d"],
)
LABELS = np.array([0, 1, 0, 0])


@pytest.mark.parametrize("cls", EXTRACTORS)
def test_constructor_is_keyword_only_and_only_stores(cls):
    params = inspect.signature(cls.__init__).parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for name, p in params.items() if name != "self")
    estimator = cls()
    assert not [name for name in vars(estimator) if name.endswith("_")]


@pytest.mark.parametrize("cls", EXTRACTORS)
def test_string_tags(cls):
    tags = cls().__sklearn_tags__()
    assert tags.input_tags.string is True


@pytest.mark.parametrize("cls", EXTRACTORS)
def test_bare_string_is_rejected(cls):
    with pytest.raises(ValueError, match="Iterable over raw text documents expected"):
        cls().fit("a bare string")
    fitted = cls().fit(TEXTS)
    with pytest.raises(ValueError, match="string object received"):
        fitted.transform("a bare string")


@pytest.mark.parametrize("cls", EXTRACTORS)
def test_feature_names_are_prefixed_with_the_dimension(cls):
    estimator = cls().fit(TEXTS)
    names = estimator.get_feature_names_out()
    assert len(names) == estimator.transform(TEXTS).shape[1]
    assert all(name.startswith(f"{cls.dimension}__") for name in names)
    assert len(set(names)) == len(names)


def test_hedging_feature_name_example():
    assert "hedging__hedges_per_1k" in Hedging().fit(TEXTS).get_feature_names_out()


@pytest.mark.parametrize("cls", EXTRACTORS)
def test_set_output_pandas_keeps_the_index(cls):
    out = cls().set_output(transform="pandas").fit(TEXTS).transform(TEXTS)
    assert isinstance(out, pd.DataFrame)
    assert list(out.index) == list(TEXTS.index)
    assert list(out.columns) == list(cls().fit(TEXTS).get_feature_names_out())


@pytest.mark.parametrize("cls", EXTRACTORS)
def test_clone_and_refit_give_identical_output(cls):
    first = cls().fit(TEXTS)
    second = clone(first).fit(TEXTS)
    np.testing.assert_array_equal(first.transform(TEXTS), second.transform(TEXTS))
    assert np.isfinite(first.transform(TEXTS)).all()


def test_pipeline_with_feature_union_and_classifier():
    pipe = Pipeline(
        [("features", feature_union()), ("scale", StandardScaler()), ("clf", LogisticRegression())]
    )
    pipe.fit(TEXTS, LABELS)
    proba = pipe.predict_proba(TEXTS)[:, 1]
    assert proba.shape == (4,)
    names = pipe[:-1].get_feature_names_out()
    assert "promotional__puffery_per_1k" in names and "readability__flesch_reading_ease" in names


def test_feature_union_of_two_extractors():
    union = FeatureUnion([("h", Hedging()), ("s", Sourcing())])
    out = union.fit_transform(TEXTS)
    assert out.shape[0] == 4
    assert out.shape[1] == len(Hedging().fit(TEXTS).get_feature_names_out()) + len(
        Sourcing().fit(TEXTS).get_feature_names_out()
    )


def test_column_transformer_on_a_dataframe_text_column():
    frame = pd.DataFrame({"text": TEXTS, "n": [1.0, 2.0, 3.0, 4.0]})
    transformer = ColumnTransformer(
        [("hedging", Hedging(), "text"), ("keep", "passthrough", ["n"])]
    ).set_output(transform="pandas")
    out = transformer.fit_transform(frame)
    assert list(out.index) == list(frame.index)
    assert "hedging__hedging__hedges_per_1k" in out.columns
    assert out["keep__n"].tolist() == [1.0, 2.0, 3.0, 4.0]


@pytest.mark.parametrize("cls", EXTRACTORS)
def test_one_column_2d_input_is_accepted(cls):
    frame = pd.DataFrame({"text": TEXTS})
    np.testing.assert_array_equal(cls().fit(frame).transform(frame), cls().fit(TEXTS).transform(TEXTS))


@pytest.mark.parametrize("cls", EXTRACTORS)
def test_non_text_items_are_rejected_with_their_position(cls):
    with pytest.raises(ValueError, match="Document 1 is float"):
        cls().fit(TEXTS).transform(["fine", 3.5])


@pytest.mark.parametrize("cls", EXTRACTORS)
def test_transform_before_fit_raises_not_fitted(cls):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        cls().transform(TEXTS)


@parametrize_with_checks([cls() for cls in EXTRACTORS])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("cls", EXTRACTORS)
@pytest.mark.parametrize("text", list(TEXTS) + ["", "Tags:\na, b, c, d\nViral Phrases:\n- “x y”\n- “z w”"])
def test_score_equals_features_of_evidence(cls, text):
    from hypedetect.document import parse

    extractor = cls().fit(TEXTS)
    doc = parse(text)
    assert dict(extractor.score(doc)) == pytest.approx(dict(extractor.features(doc, extractor.evidence(doc))))
