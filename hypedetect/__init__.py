"""hypedetect: tell newsy journalism from promotion."""

__version__ = "0.1.0"
