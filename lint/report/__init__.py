"""The HTML batch report: one self-contained page from a run's findings (and, where they
were computed, its provenance clusters and template lines).

Layers, each its own module: ``model`` (the page's data, plain records), ``build`` (records
from findings and texts), ``clusters`` (reuse pairs into clusters), ``credits`` (who each
text credits), ``marks`` (finding spans and the fix diff of one text), ``charts`` (the
SVG drawings), ``page`` (the HTML), ``saved`` (results saved by earlier runs) and
``command`` (``wirelint report``). Rendering needs the ``report`` extra (jinja2, drawsvg).
"""
