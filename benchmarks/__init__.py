"""The WIR-monitor benchmark (see benchmarks/run.py): `python -m benchmarks`."""
