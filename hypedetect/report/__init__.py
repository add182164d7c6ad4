"""The HTML report: stories side by side, evidence highlighted, sources ranked.

:func:`render_report` turns scored articles (and the evidence, contributions
and ranking computed earlier in the pipeline) into one self-contained page.
"""

from hypedetect.report.render import render_report

__all__ = ["render_report"]
