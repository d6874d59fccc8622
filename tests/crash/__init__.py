"""Crash safety: the bot as a subprocess, killed with SIGKILL at random points and restarted
(see ``tests/test_crash.py``).

``console`` drives ``python -m bot chat`` over pipes; ``scenario`` says what each message
should do to the stored state and checks the database after every kill.
"""
