"""Benchmarks: `make bench` (python -m benchmarks.run) runs every benchmarks/bench_*.py module."""
