"""Conversation logic, channel-neutral: takes an Incoming plus services, returns replies.

Nothing in this package imports a messenger library; it reads and writes only through
``bot.storage`` repositories and ``knowledge`` APIs.
"""
