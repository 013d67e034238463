"""Imported by the fork server before it forks any session: everything a session needs is loaded and warm."""

from .worker import warm_up

warm_up()
