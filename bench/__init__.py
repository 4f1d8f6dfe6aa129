"""Benchmarks: `python -m bench [name ...]` runs every module in this package that defines
`main()`, or only the named ones. Each prints its figures and the ratio against a baseline
measured in the same run."""
