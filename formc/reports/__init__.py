"""Service reports: processing time against the promise, the channel mix and its cost, the completion funnel.

:mod:`formc.reports.figures` computes every figure from plain rows (what the
store holds, read by :mod:`formc.reports.rows`); :mod:`formc.reports.render`
writes them as HTML (tables and SVG charts), JSON or CSV. The figures are pure
functions of the rows and the period, so the same store gives the same report.
"""
