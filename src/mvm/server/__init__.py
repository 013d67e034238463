"""The mvm server: many DOS sessions, each in its own process, behind an HTTP + WebSocket API.

- serve.py   `mvm serve`: the listening socket, the token file, uvicorn
- app.py     the API (FastAPI): routes, token check, body limit, errors
- manager.py sessions: their processes, states, output, limits, VDD requests
- worker.py  the session process: one Machine driven over a pipe
- auth.py    the token and the server file clients find it by

This package's top level imports nothing heavy: the fork server imports
worker.py through it and must not load the web framework.
"""
