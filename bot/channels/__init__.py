"""Channels: each turns its own events into Incoming and renders Reply objects."""
