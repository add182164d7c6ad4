"""The four extractors, one per dimension, as scikit-learn transformers."""
