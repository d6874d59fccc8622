"""FAQ storage on a real temporary database with the real migrations."""

from __future__ import annotations

from pathlib import Path

from bot.storage.db import Database
from bot.storage.faq import FaqRepo, UnansweredReason
from bot.storage.users import UserRepo
from tests.support.records import handoffs, votes


async def test_gaps_group_the_same_question_and_count_hand_offs(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users, repo = UserRepo(db), FaqRepo(db)
    lan, _ = await users.touch("test", "1", "Lan")
    mai, _ = await users.touch("test", "2", "Mai")
    first = await repo.save_unanswered(
        user_id=lan.id,
        commune_id="13864",
        question="Ocop có quay video?",
        normalized="ocop co quay video",
        reason=UnansweredReason.UNSURE,
    )
    await repo.save_unanswered(
        user_id=mai.id,
        commune_id="13864",
        question="ocop co quay video ko",
        normalized="ocop co quay video",
        reason=UnansweredReason.UNSURE,
    )
    await repo.save_unanswered(
        user_id=mai.id,
        commune_id=None,
        question="giá vàng",
        normalized="gia vang",
        reason=UnansweredReason.OUT_OF_SCOPE,
    )
    assert await repo.save_handoff(first, lan.id)
    assert not await repo.save_handoff(first, lan.id)  # once
    gaps = await repo.list_gaps()
    assert [(g.normalized, g.count, g.handoffs) for g in gaps] == [
        ("ocop co quay video", 2, 1),
        ("gia vang", 1, 0),
    ]
    assert gaps[0].example == "ocop co quay video ko"  # the latest wording
    await db.close()


async def test_only_the_asker_can_hand_off_a_question(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "ocop.db")
    users, repo = UserRepo(db), FaqRepo(db)
    lan, _ = await users.touch("test", "1", "Lan")
    mai, _ = await users.touch("test", "2", "Mai")
    saved = await repo.save_unanswered(
        user_id=lan.id,
        commune_id="13864",
        question="q",
        normalized="q",
        reason=UnansweredReason.UNSURE,
    )
    assert not await repo.save_handoff(saved, mai.id)
    assert await handoffs(db) == []
    assert await repo.save_handoff(saved, lan.id)
    assert [h.id for h in await handoffs(db, "13864")] == [saved]
    assert await handoffs(db, "99999") == []
    await db.close()


async def test_votes_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "ocop.db"
    db = await Database.open(path)
    lan, _ = await UserRepo(db).touch("test", "1", "Lan")
    await FaqRepo(db).save_vote(lan.id, "star-bands", up=True)
    await db.close()
    db = await Database.open(path)
    assert await votes(db, "star-bands") == (1, 0)
    await db.close()
