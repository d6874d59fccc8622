"""``ocop-bot officer add|invite|list|remove|web-link``: commune officers and admins from the
shell.

Every change is written to the audit log with the actor ``cli``. ``add --admin`` only
applies an id ``ADMIN_TELEGRAM_IDS`` lists (the setting decides who is admin; see
``bot/roles.py``). Invites print a deep
link ``https://t.me/<bot>?start=inv_<code>`` and write its QR code as a PNG; the bot's
username comes from ``TELEGRAM_BOT_USERNAME`` (without it the link shows a placeholder to
fill in and no QR code is written, since a QR of a placeholder could not be scanned).
``web-link`` prints a one-time login link to the officer web page on its last line.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from bot.reports.qr import write_qr
from bot.roles import ADMIN_CHANNEL
from bot.settings import Settings
from bot.storage.audit import AuditRepo
from bot.storage.db import Database
from bot.storage.officers import OfficerRepo
from bot.storage.users import Role, UserRepo
from bot.storage.web import WebAuthRepo
from bot.weblogin import LOGIN_TTL, new_login_url
from knowledge.communes import CommuneDirectory

BOT_PLACEHOLDER = "<TEN_BOT>"
CHANNELS = ("telegram", "zalo", "console")
"""The channels a user can be on (``--channel``)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    officer = sub.add_parser("officer", help="cán bộ xã: thêm, mời, liệt kê, gỡ quyền")
    actions = officer.add_subparsers(dest="officer_command", required=True)

    add = actions.add_parser("add", help="cấp quyền cán bộ (hoặc quản trị) cho một người dùng")
    add.add_argument("--user", required=True, help="mã người dùng trên kênh (Telegram user id)")
    add.add_argument("--channel", default="telegram", choices=CHANNELS)
    scope = add.add_mutually_exclusive_group(required=True)
    scope.add_argument("--commune", help="mã xã (ví dụ 13864)")
    scope.add_argument(
        "--admin",
        action="store_true",
        help="quản trị viên (mọi xã; id phải có trong ADMIN_TELEGRAM_IDS)",
    )
    add.set_defaults(func=run_add)

    invite = actions.add_parser("invite", help="tạo mã mời cán bộ một xã (đường dẫn + mã QR)")
    invite.add_argument("--commune", required=True, help="mã xã (ví dụ 13864)")
    invite.add_argument("--ttl-hours", type=float, default=None, help="hiệu lực (giờ)")
    invite.add_argument("--qr", type=Path, default=None, help="nơi ghi ảnh QR (.png)")
    invite.set_defaults(func=run_invite)

    listing = actions.add_parser("list", help="liệt kê cán bộ và quản trị viên")
    listing.add_argument("--commune", default=None)
    listing.set_defaults(func=run_list)

    remove = actions.add_parser("remove", help="gỡ quyền cán bộ/quản trị của một người dùng")
    remove.add_argument("--user", required=True)
    remove.add_argument("--channel", default="telegram", choices=CHANNELS)
    remove.set_defaults(func=run_remove)

    web = actions.add_parser(
        "web-link", help="đường dẫn đăng nhập trang web cán bộ (một lần, 10 phút)"
    )
    web.add_argument("--user", required=True, help="mã người dùng trên kênh")
    web.add_argument("--channel", default="telegram", choices=CHANNELS)
    web.set_defaults(func=run_web_link)


def _communes(settings: Settings) -> CommuneDirectory:
    root = settings.knowledge_root()
    return CommuneDirectory.load(root / "communes.yaml", settings.served_area)


def _commune_or_none(settings: Settings, commune_id: str) -> str | None:
    commune = _communes(settings).get(commune_id)
    if commune is None:
        print(f"Không có xã mã {commune_id} trong khu vực phục vụ.", file=sys.stderr)
        return None
    return commune.name


async def run_add(args: argparse.Namespace, settings: Settings) -> int:
    name = None
    listed = args.channel == ADMIN_CHANNEL and args.user in settings.admin_telegram_ids
    if args.admin and not listed:
        print(
            "Quản trị viên chỉ lấy từ ADMIN_TELEGRAM_IDS: thêm id Telegram vào biến này (.env)"
            " rồi khởi động lại bot. Khi khởi động, ai không có trong danh sách sẽ mất quyền"
            " quản trị.",
            file=sys.stderr,
        )
        return 2
    if not args.admin:
        name = _commune_or_none(settings, args.commune)
        if name is None:
            return 2
    db = await Database.open(settings.db_path)
    try:
        repo = OfficerRepo(db)
        user = await repo.ensure_user(args.channel, args.user)
        role = Role.ADMIN if args.admin else Role.OFFICER
        await repo.save_officer(user.id, role, args.commune)
        await AuditRepo(db).save(
            "officer_add", commune_id=args.commune, target=f"user:{user.id}", detail={"role": role}
        )
    finally:
        await db.close()
    what = "quản trị viên" if args.admin else f"cán bộ {name}"
    print(f"Đã cấp quyền {what} cho {args.channel}:{args.user}.")
    return 0


async def run_invite(args: argparse.Namespace, settings: Settings) -> int:
    name = _commune_or_none(settings, args.commune)
    if name is None:
        return 2
    hours = args.ttl_hours if args.ttl_hours is not None else settings.officer_invite_ttl_hours
    db = await Database.open(settings.db_path)
    try:
        invite = await OfficerRepo(db).create_invite(args.commune, timedelta(hours=hours))
        await AuditRepo(db).save(
            "invite_create", commune_id=args.commune, detail={"ttl_hours": hours}
        )
    finally:
        await db.close()
    username = settings.telegram_bot_username.strip().lstrip("@")
    link = f"https://t.me/{username or BOT_PLACEHOLDER}?start={invite.payload}"
    print(f"Mã mời cán bộ {name} (dùng một lần, hết hạn {invite.expires_at} UTC):")
    print(link)
    print(f"Hoặc nhắn cho bot: /start {invite.payload}")
    if not username:
        print(
            f"Chưa đặt TELEGRAM_BOT_USERNAME: thay {BOT_PLACEHOLDER} bằng tên bot;"
            " đặt biến đó rồi tạo lại mã để có ảnh QR.",
            file=sys.stderr,
        )
        return 0
    qr_path = args.qr or settings.exports_dir / f"moi-can-bo-{args.commune}-{invite.code[:6]}.png"
    write_qr(link, qr_path)
    print(f"Ảnh QR: {qr_path}")
    return 0


async def run_list(args: argparse.Namespace, settings: Settings) -> int:
    communes = _communes(settings)
    db = await Database.open(settings.db_path)
    try:
        officers = await OfficerRepo(db).list_officers(args.commune)
    finally:
        await db.close()
    if not officers:
        print("Chưa có cán bộ nào.")
        return 0
    for user in officers:
        commune = communes.get(user.commune_id or "")
        where = commune.name if commune else (user.commune_id or "mọi xã")
        role = "quản trị" if user.role is Role.ADMIN else "cán bộ"
        print(f"{user.channel}:{user.external_id}\t{role}\t{where}\t{user.display_name}")
    return 0


async def run_remove(args: argparse.Namespace, settings: Settings) -> int:
    db = await Database.open(settings.db_path)
    try:
        repo = OfficerRepo(db)
        user = await repo.users.get_by_external(args.channel, args.user)
        removed = user is not None and await repo.revoke(user.id)
        if user is not None and removed:
            await AuditRepo(db).save("officer_remove", target=f"user:{user.id}")
    finally:
        await db.close()
    if not removed:
        print(f"{args.channel}:{args.user} không phải cán bộ.", file=sys.stderr)
        return 1
    print(f"Đã gỡ quyền cán bộ của {args.channel}:{args.user}.")
    return 0


async def run_web_link(args: argparse.Namespace, settings: Settings) -> int:
    db = await Database.open(settings.db_path)
    try:
        user = await UserRepo(db).get_by_external(args.channel, args.user)
        url = None if user is None else await new_login_url(WebAuthRepo(db), settings, user)
        if user is not None and url is not None:
            await AuditRepo(db).save(
                "web_link", commune_id=user.commune_id, target=f"user:{user.id}"
            )
    finally:
        await db.close()
    if url is None:
        print(f"{args.channel}:{args.user} không phải cán bộ hay quản trị viên.", file=sys.stderr)
        return 1
    minutes = int(LOGIN_TTL.total_seconds() // 60)
    print(f"Đường dẫn đăng nhập trang web cán bộ cho {args.channel}:{args.user}")
    print(f"(dùng một lần, hết hạn sau {minutes} phút; đừng chuyển cho người khác):")
    print(url)
    return 0
