"""Random-walk conversation fuzzing of the core (see ``tests/test_fuzz.py``).

``inputs`` makes what a user may send, ``invariants`` checks what came back and what is
stored, ``walker`` drives many users through :class:`bot.core.Assistant` step by step.
"""
