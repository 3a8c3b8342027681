"""Tests of the benchmarks' own machinery (bench/ is not a package: its modules are imported by path)."""
