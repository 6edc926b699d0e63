"""``make bench``: seeds PostgreSQL, serves the project, drives it with wrk and writes
``BENCHMARKS.md``, every figure beside the framework floor of the same run (``bench.urls``)."""
