#!/usr/bin/env python3
"""Self-test for the strict fake Telegram Bot API server.

Starts server.py as a subprocess (twice, with different flags), drives it with a tiny
echo bot written here with aiohttp plus direct Bot API calls, and checks that the
documented behaviour and the flood limits fire.  Prints "ok ..." lines then ALL OK.
"""
from __future__ import annotations

import asyncio
import io
import json
import os
import struct
import subprocess
import sys
import time
import zlib

import aiohttp

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "424242:SELFTEST-token_x"


def ok(msg: str) -> None:
    print("ok", msg, flush=True)


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise AssertionError(msg)


class Server:
    def __init__(self, *extra: str):
        self.extra = extra

    def __enter__(self) -> "Server":
        self.p = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), "--port", "0",
                                   "--token", TOKEN, *self.extra],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.p.stdout.readline().strip()
        check(line.startswith("http://127.0.0.1:"), f"first stdout line is the base URL, got {line!r}")
        self.base = line
        self.api = f"{line}/bot{TOKEN}"
        return self

    def __exit__(self, *exc) -> None:
        self.p.terminate()
        try:
            self.p.wait(5)
        except subprocess.TimeoutExpired:
            self.p.kill()
        self.stderr = self.p.stderr.read()


async def call(sess, srv, method, **params):
    async with sess.post(f"{srv.api}/{method}", json=params) as r:
        return r.status, await r.json()


async def ctl(sess, srv, route, body):
    async with sess.post(f"{srv.base}{route}", json=body) as r:
        return await r.json()


def user_chat(uid: int) -> dict:
    return {"from": {"id": uid, "is_bot": False, "first_name": f"U{uid}"},
            "chat": {"id": uid, "type": "private", "first_name": f"U{uid}"}}


async def say(sess, srv, uid, text):
    return await ctl(sess, srv, "/sendMessage", {"botToken": TOKEN, **user_chat(uid), "date": int(time.time()), "text": text})


class EchoBot:
    """A tiny long-polling echo bot: replies to every text with the same text (HTML-escaped, bold prefix)."""

    def __init__(self, sess, srv):
        self.sess, self.srv, self.offset, self.stop = sess, srv, None, False
        self.replied = 0

    async def run(self):
        while not self.stop:
            params = {"timeout": 1, "allowed_updates": ["message", "callback_query"]}
            if self.offset is not None:
                params["offset"] = self.offset
            st, r = await call(self.sess, self.srv, "getUpdates", **params)
            if st != 200:
                await asyncio.sleep(0.1)
                continue
            for u in r["result"]:
                self.offset = u["update_id"] + 1
                m = u.get("message")
                if m and "text" in m:
                    text = m["text"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    while True:
                        st, rr = await call(self.sess, self.srv, "sendMessage", chat_id=m["chat"]["id"],
                                            text=f"<b>echo:</b> {text}", parse_mode="HTML")
                        if st == 429:
                            await asyncio.sleep(rr["parameters"]["retry_after"])
                            continue
                        break
                    self.replied += 1


def tiny_png(w=120, h=80) -> bytes:
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


async def main_tests(srv: Server) -> None:
    async with aiohttp.ClientSession() as sess:
        # --- getMe, bad token, unknown method, form + GET parameter styles
        st, r = await call(sess, srv, "getMe")
        check(st == 200 and r["ok"] and r["result"]["is_bot"] is True and r["result"]["id"] == 424242
              and "can_join_groups" in r["result"], f"getMe {r}")
        async with sess.get(f"{srv.base}/bot999:nope/getMe") as resp:
            body = await resp.json()
            check(resp.status == 401 and body == {"ok": False, "error_code": 401, "description": "Unauthorized"}, f"401 {body}")
        st, r = await call(sess, srv, "noSuchMethod")
        check(st == 404 and r["error_code"] == 404, "unknown method 404")
        async with sess.get(f"{srv.api}/GETME") as resp:
            check(resp.status == 200, "methods are case-insensitive, GET works")
        ok("getMe, 401 Unauthorized for a wrong token, 404 for unknown methods, GET + case-insensitive")

        st, r = await call(sess, srv, "deleteWebhook", drop_pending_updates=True)
        check(r == {"ok": True, "result": True}, "deleteWebhook")
        st, r = await call(sess, srv, "setMyCommands", commands=[{"command": "start", "description": "Start"}])
        st2, r2 = await call(sess, srv, "getMyCommands")
        check(r["result"] is True and r2["result"] == [{"command": "start", "description": "Start"}], "commands")
        st, r = await call(sess, srv, "setChatMenuButton", menu_button={"type": "commands"})
        check(r["result"] is True, "setChatMenuButton")
        ok("deleteWebhook, setMyCommands/getMyCommands, setChatMenuButton")

        # --- round trip: control message -> bot getUpdates -> echo reply -> control getUpdates
        st, r = await call(sess, srv, "sendMessage", chat_id=1001, text="hi")
        check(st == 400 and r["description"] == "Bad Request: chat not found", f"chat not found {r}")
        res = await say(sess, srv, 1001, "/start hello")
        check(res["ok"] and res["result"]["message"]["entities"][0]["type"] == "bot_command", f"update {res}")
        st, r = await call(sess, srv, "getUpdates", timeout=0)
        upd = r["result"]
        check(len(upd) == 1 and upd[0]["message"]["text"] == "/start hello", f"getUpdates {upd}")
        st, r = await call(sess, srv, "getUpdates", timeout=0)
        check(len(r["result"]) == 1, "unconfirmed update is returned again")
        st, r = await call(sess, srv, "getUpdates", timeout=0, offset=upd[0]["update_id"] + 1)
        check(r["result"] == [], "confirmed by offset > update_id")
        # long poll wakes up on a new message
        t0 = time.monotonic()
        poll = asyncio.create_task(call(sess, srv, "getUpdates", timeout=5, offset=upd[0]["update_id"] + 1))
        await asyncio.sleep(0.3)
        await say(sess, srv, 1001, "wake")
        st, r = await poll
        check(len(r["result"]) == 1 and 0.25 < time.monotonic() - t0 < 2, "long polling returns on new update")
        # confirm it, then run the echo bot
        await call(sess, srv, "getUpdates", offset=r["result"][0]["update_id"] + 1)
        bot = EchoBot(sess, srv)
        task = asyncio.create_task(bot.run())
        await say(sess, srv, 1001, "a < b & c")
        for _ in range(50):
            if bot.replied:
                break
            await asyncio.sleep(0.05)
        feed = (await ctl(sess, srv, "/getUpdates", {"token": TOKEN, "chatId": 1001}))["result"]
        check(len(feed) == 1 and feed[0]["message"]["text"] == "<b>echo:</b> a &lt; b &amp; c"
              and feed[0]["edited"] is False and feed[0]["messageId"] >= 1, f"feed {feed}")
        feed2 = (await ctl(sess, srv, "/getUpdates", {"token": TOKEN, "chatId": 1001}))["result"]
        check(feed2 == [], "control getUpdates returns only new messages")
        bot.stop = True
        await task
        ok("round trip: control /sendMessage -> getUpdates (offset confirm, long poll) -> echo bot sendMessage(HTML) -> control /getUpdates")

        # --- callback + edit + answerCallbackQuery
        await asyncio.sleep(3.1)  # let chat 1001's window empty
        kb = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}
        st, r = await call(sess, srv, "sendMessage", chat_id=1001, text="Q?", reply_markup=kb)
        check(st == 200 and r["result"]["reply_markup"] == kb and r["result"]["from"]["is_bot"], f"inline kb {r}")
        mid = r["result"]["message_id"]
        res = await ctl(sess, srv, "/sendCallback", {"botToken": TOKEN, **user_chat(1001), "message": {"message_id": mid}, "data": "yes"})
        st, r = await call(sess, srv, "getUpdates")
        cq = r["result"][-1]["callback_query"]
        check(cq["data"] == "yes" and cq["message"]["message_id"] == mid and "chat_instance" in cq, f"cq {cq}")
        await call(sess, srv, "getUpdates", offset=r["result"][-1]["update_id"] + 1)
        st, r = await call(sess, srv, "answerCallbackQuery", callback_query_id=cq["id"], text="done")
        check(r["result"] is True, "answerCallbackQuery")
        st, r = await call(sess, srv, "answerCallbackQuery", callback_query_id=cq["id"])
        check(st == 400, "second answer rejected")
        st, r = await call(sess, srv, "editMessageText", chat_id=1001, message_id=mid, text="Answered")
        check(st == 200 and r["result"]["text"] == "Answered" and "edit_date" in r["result"], f"edit {r}")
        feed = (await ctl(sess, srv, "/getUpdates", {"token": TOKEN, "chatId": 1001}))["result"]
        check([f["edited"] for f in feed] == [False, True] and feed[1]["method"] == "editMessageText"
              and feed[1]["messageId"] == mid, f"edit marked in feed {feed}")
        ok("sendCallback -> callback_query, answerCallbackQuery, editMessageText shows in control feed marked edited")

        # --- errors: HTML, length, blocked
        await say(sess, srv, 1002, "hi")
        st, r = await call(sess, srv, "sendMessage", chat_id=1002, text="<b>bold", parse_mode="HTML")
        check(st == 400 and r["description"].startswith("Bad Request: can't parse entities"), f"html {r}")
        st, r = await call(sess, srv, "sendMessage", chat_id=1002, text="1 < 2", parse_mode="HTML")
        check(st == 400 and "can't parse entities" in r["description"], f"html2 {r}")
        st, r = await call(sess, srv, "sendMessage", chat_id=1002, text="x" * 4097)
        check(st == 400 and r["description"] == "Bad Request: message is too long", f"long {r}")
        st, r = await call(sess, srv, "sendMessage", chat_id=1002, text="x" * 4096)
        check(st == 200, "4096 chars accepted")
        await ctl(sess, srv, "/block", {"chatId": 1002})
        st, r = await call(sess, srv, "sendMessage", chat_id=1002, text="hello")
        check(st == 403 and r["description"] == "Forbidden: bot was blocked by the user", f"blocked {r}")
        ok("400 can't parse entities (malformed HTML), 400 message is too long (>4096), 403 bot was blocked by the user")

        # --- documents, photos, getFile, download (multipart)
        await say(sess, srv, 1003, "files please")
        fd = aiohttp.FormData()
        fd.add_field("chat_id", "1003")
        fd.add_field("caption", "<i>report</i>")
        fd.add_field("parse_mode", "HTML")
        fd.add_field("document", b"col1,col2\n1,2\n", filename="report.csv", content_type="text/csv")
        async with sess.post(f"{srv.api}/sendDocument", data=fd) as resp:
            r = await resp.json()
        doc = r["result"]["document"]
        check(r["ok"] and doc["file_name"] == "report.csv" and r["result"]["caption"] == "report", f"doc {r}")
        st, r = await call(sess, srv, "getFile", file_id=doc["file_id"])
        async with sess.get(f"{srv.base}/file/bot{TOKEN}/{r['result']['file_path']}") as resp:
            check(await resp.read() == b"col1,col2\n1,2\n", "download bytes")
        fd = aiohttp.FormData()
        fd.add_field("chat_id", "1003")
        fd.add_field("photo", tiny_png(), filename="p.png", content_type="image/png")
        async with sess.post(f"{srv.api}/sendPhoto", data=fd) as resp:
            r = await resp.json()
        check(r["ok"] and r["result"]["photo"][-1]["width"] == 120, f"photo {r}")
        ok("sendDocument/sendPhoto multipart upload, getFile, /file/bot<token>/<path> download")

        # --- 31 sends within one second: exactly one 429
        for uid in range(2001, 2032):
            await say(sess, srv, uid, "hi")
        await asyncio.sleep(1.1)
        rs = await asyncio.gather(*[call(sess, srv, "sendMessage", chat_id=uid, text="bulk") for uid in range(2001, 2032)])
        tooMany = [r for st, r in rs if st == 429]
        check(len(tooMany) == 1, f"exactly one 429 out of 31, got {len(tooMany)}")
        r = tooMany[0]
        ra = r["parameters"]["retry_after"]
        check(r["error_code"] == 429 and isinstance(ra, int) and ra >= 1
              and r["description"] == f"Too Many Requests: retry after {ra}", f"429 shape {r}")
        ok(f"31 sendMessage to 31 chats within 1 s -> exactly one 429 {json.dumps(r)}")

        # --- per chat: 4th message in 3 s to one chat -> 429, and it had no effect
        await asyncio.sleep(1.1)
        await say(sess, srv, 3001, "hi")
        codes = []
        for i in range(4):
            st, r = await call(sess, srv, "sendMessage", chat_id=3001, text=f"m{i}")
            codes.append(st)
        check(codes == [200, 200, 200, 429], f"per-chat codes {codes}")
        ra = r["parameters"]["retry_after"]
        check(ra in (2, 3), f"retry_after {ra}")
        feed = (await ctl(sess, srv, "/getUpdates", {"token": TOKEN, "chatId": 3001}))["result"]
        check([f["message"]["text"] for f in feed] == ["m0", "m1", "m2"], "429 call had no effect")
        await asyncio.sleep(ra)
        st, r = await call(sess, srv, "sendMessage", chat_id=3001, text="after wait")
        check(st == 200 and r["result"]["message_id"] == feed[-1]["messageId"] + 1, "retry after retry_after works, ids consecutive")
        ok(f"per private chat: 3 sends ok, 4th within 3 s -> 429 retry_after={ra}; after waiting it succeeds")

        # --- edits count (default on) and media groups count their items
        await say(sess, srv, 3002, "hi")
        st, r = await call(sess, srv, "sendMessage", chat_id=3002, text="v1")
        mid = r["result"]["message_id"]
        sts = [(await call(sess, srv, "editMessageText", chat_id=3002, message_id=mid, text=f"v{i}"))[0] for i in (2, 3, 4)]
        check(sts == [200, 200, 429], f"edits count {sts}")
        await say(sess, srv, 3003, "hi")
        st, r = await call(sess, srv, "sendMediaGroup", chat_id=3003, media=[
            {"type": "photo", "media": "https://example.com/a.jpg"}, {"type": "photo", "media": "https://example.com/b.jpg"},
            {"type": "photo", "media": "https://example.com/c.jpg"}])
        check(st == 200 and len(r["result"]) == 3 and len({m["media_group_id"] for m in r["result"]}) == 1, f"album {r}")
        st, r = await call(sess, srv, "sendMessage", chat_id=3003, text="after album")
        check(st == 429, "album of 3 used the chat's burst of 3")
        ok("editMessageText counts as a send (3rd edit after a send -> 429); sendMediaGroup of 3 counts 3")

        # --- pacing at 29/s for 10 s over 58 chats -> no 429
        chats = list(range(5001, 5059))
        for uid in chats:
            await say(sess, srv, uid, "hi")
        before = (await (await sess.get(f"{srv.base}/_stats")).json())["too_many_requests"]["total"]
        await asyncio.sleep(3.1)
        t0 = time.monotonic()
        tasks = []
        for k in range(290):
            target = t0 + k / 29.0
            delay = target - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(call(sess, srv, "sendMessage", chat_id=chats[k % len(chats)], text=f"n{k}")))
        rs = await asyncio.gather(*tasks)
        elapsed = time.monotonic() - t0
        bad_ = [r for st, r in rs if st != 200]
        check(not bad_, f"pacing produced errors: {bad_[:3]}")
        stats = await (await sess.get(f"{srv.base}/_stats")).json()
        check(stats["too_many_requests"]["total"] == before, "no new 429")
        check(stats["sends"]["max_overall_in_any_1s"] <= 30, "stats max window")
        ok(f"290 sends paced at 29/s over {elapsed:.1f} s -> 0 x 429 (max in any 1 s window so far: {stats['sends']['max_overall_in_any_1s']})")
        check(stats["too_many_requests"]["total"] == 4 and stats["calls_ok"]["sendMessage"] > 300
              and stats["sends"]["first_accepted_send"] < stats["sends"]["last_accepted_send"], f"stats {stats['too_many_requests']}")
        ok("/_stats: " + json.dumps({"429": stats["too_many_requests"]["total"], "by_chat": stats["too_many_requests"]["by_chat"],
                                      "max_1s": stats["sends"]["max_overall_in_any_1s"],
                                      "max_per_chat_1s": stats["sends"]["max_per_chat_in_any_1s"]}))


async def group_and_delay_tests(srv: Server) -> None:
    async with aiohttp.ClientSession() as sess:
        # --delay 0.15: each call delayed, concurrent calls delayed independently
        t0 = time.monotonic()
        st, r = await call(sess, srv, "getMe")
        one = time.monotonic() - t0
        t0 = time.monotonic()
        await asyncio.gather(*[call(sess, srv, "getMe") for _ in range(20)])
        many = time.monotonic() - t0
        check(one >= 0.15 and many < 0.15 * 3, f"delay one={one:.3f} many={many:.3f}")
        ok(f"--delay 0.15: one getMe took {one:.3f} s, 20 concurrent getMe took {many:.3f} s")
        # group: 20 per minute (this server runs with --chat-limit 100 to isolate the group rule)
        await ctl(sess, srv, "/sendMessage", {"botToken": TOKEN, "from": {"id": 7, "is_bot": False, "first_name": "G"},
                                              "chat": {"id": -100777, "type": "supergroup", "title": "G"}, "text": "hi"})
        rs = await asyncio.gather(*[call(sess, srv, "sendMessage", chat_id=-100777, text=f"g{i}") for i in range(21)])
        codes = sorted(st for st, _ in rs)
        check(codes == [200] * 20 + [429], f"group codes {codes}")
        ra = [r for st, r in rs if st == 429][0]["parameters"]["retry_after"]
        check(58 <= ra <= 60, f"group retry_after {ra}")
        ok(f"group: 21 sends to one supergroup -> 20 ok + one 429 retry_after={ra}")


async def main() -> None:
    with Server() as srv:
        await main_tests(srv)
    check(srv.stderr.strip() == "", f"default verbosity logs nothing, got {srv.stderr[:200]!r}")
    ok("default verbosity: nothing logged")
    with Server("--delay", "0.15", "--chat-limit", "100", "-v") as srv2:
        await group_and_delay_tests(srv2)
    check("sendMessage" in srv2.stderr, "-v logs each call")
    ok("-v logs each call to stderr")
    print("ALL OK")


if __name__ == "__main__":
    asyncio.run(main())
