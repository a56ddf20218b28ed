"""gunicorn's settings for the API (read from the working directory by `gunicorn`).

gunicorn answers a request line or header beyond these limits itself (414, 431, 400) with
HTML, not a problem. The contract bounds every parameter so that no request it allows comes
near them (a list's query at its longest, every character percent-encoded at its widest, fits
the request line); tests/test_request_line.py holds the two together. These are gunicorn's
defaults, stated so that the test reads the numbers the server uses.
"""

limit_request_line = 4094
limit_request_field_size = 8190
limit_request_fields = 100
# gunicorn's threaded worker, answering its own refusals as problem+json (api/serving.py).
worker_class = "api.core.serving.ProblemThreadWorker"
