"""The benchmark suite behind ``make bench``: seeds PostgreSQL, serves the project with
gunicorn, drives it with wrk on loopback and writes ``BENCHMARKS.md`` and a plot.

Everything is measured against the *framework floor* of the same run (:mod:`bench.floor`),
so that ratios can be compared across machines. See :mod:`bench.run` for the options.
"""
