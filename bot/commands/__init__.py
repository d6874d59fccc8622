"""Sub-commands of ``ocop-bot``; each module has ``register(subparsers)``."""
