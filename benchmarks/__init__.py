"""Research benchmarks behind the design choices in docs/ (attention paths, grammar libraries).
Not part of the installed package: run them from the repository's root, as
`python -m benchmarks.attention` or `python -m benchmarks.structured`."""
