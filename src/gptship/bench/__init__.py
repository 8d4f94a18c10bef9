"""Benchmarks, each run as a module (`python -m gptship.bench.throughput`); they need the
`bench` extra, and nothing in the package imports them."""
