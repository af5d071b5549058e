"""Benchmarks of chime_accounts against the raw boto3 ``chime`` client it wraps.

Run them all with ``python -m benchmarks`` (``--quick`` for a small run). Every figure is
measured against raw boto3 in the same run, as the median ratio over interleaved repeats
with its min and max, and checked against the budget of issue 6. See docs/performance.md.
"""
