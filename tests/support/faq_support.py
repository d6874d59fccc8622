"""Shared pieces of the FAQ tests: the engine built once from the shipped knowledge."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from knowledge.answers import FaqEngine
from knowledge.replies import Texts

REPO = Path(__file__).resolve().parents[2]
KNOWLEDGE = REPO / "knowledge"


@functools.cache
def engine() -> FaqEngine:
    return FaqEngine.load(KNOWLEDGE, Texts.load(KNOWLEDGE / "replies"))


def shared_dir() -> Path | None:
    """``../shared`` beside the checkout (CI), or ``OCOP_SHARED_DIR``; None when absent."""
    candidates = [os.environ.get("OCOP_SHARED_DIR", ""), str(REPO.parent / "shared")]
    for candidate in candidates:
        if candidate and Path(candidate, "eval", "faq-sample.yaml").is_file():
            return Path(candidate)
    return None
