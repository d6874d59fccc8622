"""FAQ benchmark: answer latency, index build time and memory (prints figures; not a test).

Run: ``.venv/bin/python bench/faq.py`` (``--entries 5000`` sets the size of the synthetic
knowledge base, ``--passes`` the number of passes over the evaluation questions).

Measures, with the shipped knowledge base and with one grown synthetically to 5,000
entries (each shipped entry copied with extra words drawn from the knowledge vocabulary
in its question, variants and keywords, so postings and candidate lists grow as they would
with more content):

- startup: loading the YAML and building the index (goal ≤ 1 s shipped);
- p50/p99 latency of ``FaqEngine.answer`` over ``tests/data/faq_eval.yaml`` (goal p99 ≤ 2 ms
  shipped, ≤ 10 ms at 5,000 entries), after one warm-up pass;
- process RSS after each stage.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.answers import FaqEngine  # noqa: E402
from knowledge.evaluation import load_items  # noqa: E402
from knowledge.faq import KnowledgeBase, Topic, load_faq  # noqa: E402
from knowledge.replies import Texts  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"
QUESTIONS = ROOT / "tests" / "data" / "faq_eval.yaml"
GOALS = {"startup_s": 1.0, "p99_shipped_ms": 2.0, "p99_grown_ms": 10.0}


def rss_mb() -> float:
    """Current resident set size (VmRSS), in MB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def grow(kb: KnowledgeBase, size: int, seed: int = 7) -> KnowledgeBase:
    """A knowledge base of ``size`` entries: the shipped ones plus altered copies."""
    rng = random.Random(seed)
    vocabulary = sorted(
        {w for e in kb.entries for w in (e.question + " " + e.answer).split() if w.isalpha()}
    )
    entries = list(kb.entries)
    copy = 0
    while len(entries) < size:
        base = kb.entries[copy % len(kb.entries)]
        copy += 1

        def vary(text: str) -> str:
            extra = " ".join(rng.sample(vocabulary, 3))
            return f"{text} {extra}"

        entries.append(
            dataclasses.replace(
                base,
                id=f"{base.id[:30]}-s{copy}",
                question=vary(base.question),
                variants=tuple(vary(v) for v in base.variants),
                keywords=tuple(vary(k) for k in base.keywords[:3]),
                related=(),
            )
        )
    topic = Topic("synthetic", "Synthetic", tuple(e.id for e in entries))
    return KnowledgeBase((*kb.topics, topic), tuple(entries))


def latencies(engine: FaqEngine, questions: list[str], passes: int) -> list[list[float]]:
    """Milliseconds per answer: one list per question, one value per pass."""
    for question in questions:  # warm-up
        engine.answer(question)
    timings: list[list[float]] = [[] for _ in questions]
    gc.disable()
    try:
        for _ in range(passes):
            for number, question in enumerate(questions):
                start = time.perf_counter()
                engine.answer(question)
                timings[number].append((time.perf_counter() - start) * 1000)
    finally:
        gc.enable()
    return timings


def report(label: str, timings: list[list[float]], goal_ms: float) -> float:
    """Print the figures; return the p99 of every answer."""
    every = [t for runs in timings for t in runs]
    best = [min(runs) for runs in timings]
    print(
        f"  {label} latency, every answer: p50 {percentile(every, 0.5):.2f} ms,"
        f" p99 {percentile(every, 0.99):.2f} ms, max {max(every):.2f} ms,"
        f" mean {statistics.fmean(every):.2f} ms   goal p99 ≤ {goal_ms:g} ms"
    )
    print(
        f"  {label} latency, best pass per question (CPU cost without scheduler noise):"
        f" p50 {percentile(best, 0.5):.2f} ms, p99 {percentile(best, 0.99):.2f} ms"
    )
    return percentile(every, 0.99)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()

    texts = Texts.load(KNOWLEDGE / "replies")
    questions = [item.asked for item in load_items(QUESTIONS)]
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(
        f"questions: {len(questions)} from {QUESTIONS.relative_to(ROOT)}, "
        f"{args.passes} passes after one warm-up pass"
    )
    print(f"RSS before loading: {rss_mb():.1f} MB")

    start = time.perf_counter()
    shipped = FaqEngine.build(KNOWLEDGE, texts)
    startup = time.perf_counter() - start
    shipped_ms = latencies(shipped, questions, args.passes)
    print(f"\nshipped knowledge base: {len(shipped.kb.entries)} entries")
    print(
        f"  startup (load YAML + build index): {startup * 1000:.0f} ms"
        f"   goal ≤ {GOALS['startup_s'] * 1000:.0f} ms"
    )
    p99_shipped = report("answer", shipped_ms, GOALS["p99_shipped_ms"])
    print(f"  RSS: {rss_mb():.1f} MB")

    grown_kb = grow(load_faq(KNOWLEDGE / "faq"), args.entries)
    start = time.perf_counter()
    grown = FaqEngine.build(KNOWLEDGE, texts, grown_kb)
    build = time.perf_counter() - start
    grown_ms = latencies(grown, questions, args.passes)
    print(f"\nsynthetic knowledge base: {len(grown.kb.entries)} entries")
    print(f"  index build (normalise + index, YAML already loaded): {build * 1000:.0f} ms")
    p99_grown = report("answer", grown_ms, GOALS["p99_grown_ms"])
    print(f"  RSS: {rss_mb():.1f} MB")
    after = os.getloadavg()
    print(
        f"\nSUMMARY faq: startup {startup * 1000:.0f} ms, p99 shipped {p99_shipped:.2f} ms"
        f" (goal ≤ {GOALS['p99_shipped_ms']:g}), p99 at {len(grown.kb.entries)} entries"
        f" {p99_grown:.2f} ms (goal ≤ {GOALS['p99_grown_ms']:g}), index build"
        f" {build:.1f} s, load average {load[0]:.1f} → {after[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
