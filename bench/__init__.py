"""Benchmark of the API under gunicorn on the demo dataset: `python -m bench`."""
