"""``ocop-bot officer add|invite|list|remove|web-link``: commune officers and admins from the
shell.

Every change is written to the audit log with the actor ``cli``. ``add --admin`` only
applies an id ``ADMIN_TELEGRAM_IDS`` lists (the setting decides who is admin; see
``bot/roles.py``). A commune is given by its name («van thang», with or without diacritics)
or its code; when several communes fit, the candidates are listed
(:func:`bot.staff.find_commune`, the web page's rule too). Invites print a deep link
``https://t.me/<bot>?start=inv_<code>`` and write its QR code as a PNG; the bot's username
comes from ``TELEGRAM_BOT_USERNAME`` (without it the link shows a placeholder to fill in and
no QR code is written, since a QR of a placeholder could not be scanned). ``web-link``
prints a one-time login link to the officer web page on its last line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.roles import ADMIN_CHANNEL
from bot.settings import Settings
from bot.staff import BOT_PLACEHOLDER, find_commune, make_invite, remove_officer
from bot.storage.audit import AuditRepo
from bot.storage.db import Database
from bot.storage.officers import OfficerRepo
from bot.storage.users import Role, UserRepo
from bot.storage.web import WebAuthRepo
from bot.weblogin import LOGIN_TTL, new_login_url
from knowledge.communes import CommuneDirectory

__all__ = ["BOT_PLACEHOLDER", "CHANNELS", "register"]
CHANNELS = ("telegram", "zalo", "console")
"""The channels a user can be on (``--channel``)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    officer = sub.add_parser("officer", help="cán bộ xã: thêm, mời, liệt kê, gỡ quyền")
    actions = officer.add_subparsers(dest="officer_command", required=True)

    add = actions.add_parser("add", help="cấp quyền cán bộ (hoặc quản trị) cho một người dùng")
    add.add_argument("--user", required=True, help="mã người dùng trên kênh (Telegram user id)")
    add.add_argument("--channel", default="telegram", choices=CHANNELS)
    scope = add.add_mutually_exclusive_group(required=True)
    scope.add_argument("--commune", help='tên xã (ví dụ "van thang") hoặc mã xã (13864)')
    scope.add_argument(
        "--admin",
        action="store_true",
        help="quản trị viên (mọi xã; id phải có trong ADMIN_TELEGRAM_IDS)",
    )
    add.set_defaults(func=run_add)

    invite = actions.add_parser("invite", help="tạo mã mời cán bộ một xã (đường dẫn + mã QR)")
    invite.add_argument("--commune", required=True, help="tên xã hoặc mã xã")
    invite.add_argument("--ttl-hours", type=float, default=None, help="hiệu lực (giờ)")
    invite.add_argument("--qr", type=Path, default=None, help="nơi ghi ảnh QR (.png)")
    invite.set_defaults(func=run_invite)

    listing = actions.add_parser("list", help="liệt kê cán bộ và quản trị viên")
    listing.add_argument("--commune", default=None, help="tên xã hoặc mã xã")
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


def _commune_or_none(settings: Settings, text: str) -> tuple[str, str] | None:
    """(id, name) of the commune ``text`` names; otherwise say why (candidates listed)."""
    choice = find_commune(_communes(settings), text)
    if choice.commune is not None:
        return choice.commune.id, choice.commune.name
    if choice.candidates:
        print(
            f"«{text}» có thể là một trong các xã sau; hãy ghi rõ tên hoặc dùng mã:",
            file=sys.stderr,
        )
        for commune in choice.candidates:
            print(f"  {commune.name} (mã {commune.id})", file=sys.stderr)
    else:
        print(f"Không có xã «{text}» trong khu vực phục vụ.", file=sys.stderr)
    return None


async def run_add(args: argparse.Namespace, settings: Settings) -> int:
    commune_id, name = None, None
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
        found = _commune_or_none(settings, args.commune)
        if found is None:
            return 2
        commune_id, name = found
    db = await Database.open(settings.database())
    try:
        repo = OfficerRepo(db)
        user = await repo.ensure_user(args.channel, args.user)
        role = Role.ADMIN if args.admin else Role.OFFICER
        await repo.save_officer(user.id, role, commune_id)
        await AuditRepo(db).save(
            "officer_add", commune_id=commune_id, target=f"user:{user.id}", detail={"role": role}
        )
    finally:
        await db.close()
    what = "quản trị viên" if args.admin else f"cán bộ {name}"
    print(f"Đã cấp quyền {what} cho {args.channel}:{args.user}.")
    return 0


async def run_invite(args: argparse.Namespace, settings: Settings) -> int:
    found = _commune_or_none(settings, args.commune)
    if found is None:
        return 2
    commune_id, name = found
    db = await Database.open(settings.database())
    try:
        made = await make_invite(
            OfficerRepo(db),
            AuditRepo(db),
            settings,
            commune_id,
            hours=args.ttl_hours,
            qr_path=args.qr,
        )
    finally:
        await db.close()
    print(f"Mã mời cán bộ {name} (dùng một lần, hết hạn {made.invite.expires_at} UTC):")
    print(made.url)
    print(f"Hoặc nhắn cho bot: {made.start_text}")
    if made.qr is None:
        print(
            f"Chưa đặt TELEGRAM_BOT_USERNAME: thay {BOT_PLACEHOLDER} bằng tên bot;"
            " đặt biến đó rồi tạo lại mã để có ảnh QR.",
            file=sys.stderr,
        )
        return 0
    print(f"Ảnh QR: {made.qr}")
    return 0


async def run_list(args: argparse.Namespace, settings: Settings) -> int:
    communes = _communes(settings)
    commune_id = None
    if args.commune is not None:
        found = _commune_or_none(settings, args.commune)
        if found is None:
            return 2
        commune_id = found[0]
    db = await Database.open(settings.database())
    try:
        officers = await OfficerRepo(db).list_officers(commune_id)
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
    db = await Database.open(settings.database())
    try:
        repo = OfficerRepo(db)
        user = await repo.users.get_by_external(args.channel, args.user)
        removed = user is not None and await remove_officer(repo, AuditRepo(db), user.id)
    finally:
        await db.close()
    if not removed:
        print(f"{args.channel}:{args.user} không phải cán bộ.", file=sys.stderr)
        return 1
    print(f"Đã gỡ quyền cán bộ của {args.channel}:{args.user}.")
    return 0


async def run_web_link(args: argparse.Namespace, settings: Settings) -> int:
    db = await Database.open(settings.database())
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
