"""Glue for the pipelines data teams already run: datatrove steps, a dolma tagger, ``datasets.map``.

Each integration is its own module and imports its library only when that module is
imported, so ``import lint`` never needs datatrove, dolma or datasets. They share one rule
selection (``selection.RuleSelection``: the CLI's select, ignore, extra packs and config
file) and one result shape (``results.finding_record``: the keys of ``--format json`` plus
the character offsets ``start`` and ``end``).
"""
