"""zhclean's service layer: the Litestar app, the `zhclean` command and the batch job.

Composition and I/O only; the analysis lives in `detectors`, the index in `corpus`.
"""
