"""The HTML report: stories side by side, evidence highlighted, sources ranked.

:func:`build_report` scores read articles with a model and renders them;
:func:`render_report` turns already-scored articles (and the evidence,
contributions and ranking computed earlier in the pipeline) into one
self-contained page.
"""

from hypedetect.report.build import build_report, methods_section
from hypedetect.report.render import render_report

__all__ = ["build_report", "methods_section", "render_report"]
