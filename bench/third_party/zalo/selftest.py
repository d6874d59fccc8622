#!/usr/bin/env python3
"""Self-test of the fake with a tiny client (not the team's bot). Run:
    .venv/bin/python bench/third_party/zalo/selftest.py
Exits non-zero on the first failed check."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time

from aiohttp import ClientSession, ClientTimeout, web

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import server  # noqa: E402

TOKEN = "424242:TEST-secret_x"


def check(cond, msg):
    if not cond:
        raise SystemExit(f"FAIL: {msg}")
    print(f"ok   {msg}")


async def api(s: ClientSession, base, method, token=TOKEN, **params):
    async with s.post(f"{base}/bot{token}/{method}", json=params,
                      timeout=ClientTimeout(total=60)) as r:
        return r.status, await r.json()


async def ctl(s, base, endpoint, **body):
    async with s.post(f"{base}/_control/{endpoint}", json=body) as r:
        return await r.json()


async def echo_bot(base, stop: asyncio.Event):
    """Minimal long-polling bot written from the docs: one update per getUpdates."""
    async with ClientSession() as s:
        while not stop.is_set():
            _, r = await api(s, base, "getUpdates", timeout="2")
            if not r["ok"]:
                assert r["error_code"] == 408, r
                continue
            upd = r["result"]
            msg = upd["message"]
            chat = msg["chat"]["id"]
            await api(s, base, "sendChatAction", chat_id=chat, action="typing")
            if upd["event_name"] == "message.text.received":
                await api(s, base, "sendMessage", chat_id=chat, text="echo: " + msg["text"])
            elif upd["event_name"] == "message.image.received":
                url = msg.get("photo_url") or msg.get("photo")
                async with s.get(url) as r2:
                    data = await r2.read()
                await api(s, base, "sendMessage", chat_id=chat, text=f"got {len(data)} bytes")
                await api(s, base, "sendPhoto", chat_id=chat, photo=url, caption="back")
            else:
                await api(s, base, "sendMessage", chat_id=chat, text="unsupported: " + upd["event_name"])


async def main():
    cfg = server.Config(port=0, token=TOKEN, allow_http_webhook=True)
    fake, runner = await server.start(cfg)
    base = fake.base_url
    async with ClientSession() as s:
        # --- envelope, token, method names
        st, r = await api(s, base, "getMe")
        check(r == {"ok": True, "result": {"id": "424242", "account_name": "bot.FakeZalo",
                                           "account_type": "BASIC", "can_join_groups": False}}, "getMe shape")
        st, r = await api(s, base, "getMe", token="424242:wrong")
        check(st == 200 and r["ok"] is False and r["error_code"] == 401, "wrong token -> 401 envelope")
        st, r = await api(s, base, "GetMe")
        check(r["error_code"] == 400, "method names are case-sensitive -> 400")
        async with s.get(f"{base}/bot{TOKEN}/getWebhookInfo") as resp:
            r = await resp.json()
        check(r == {"ok": True, "result": {"url": "", "updated_at": 0}}, "GET works, no webhook yet")

        # --- getUpdates: empty -> 408 after timeout
        t0 = time.monotonic()
        st, r = await api(s, base, "getUpdates", timeout="1")
        check(r["error_code"] == 408 and 0.9 < time.monotonic() - t0 < 2, "empty poll -> 408 after ~timeout")

        # --- abandoned poll does not eat the update
        try:
            async with s.post(f"{base}/bot{TOKEN}/getUpdates", json={"timeout": "5"},
                              timeout=ClientTimeout(total=0.5)) as resp:
                await resp.read()
        except asyncio.TimeoutError:
            pass
        await ctl(s, base, "send_text", user_id="u1", display_name="An", text="after abandon")
        st, r = await api(s, base, "getUpdates", timeout="3")
        check(r["ok"] and r["result"]["message"]["text"] == "after abandon",
              "update not lost to a poll whose client gave up")

        # --- one update per call
        for i in range(3):
            await ctl(s, base, "send_text", user_id="u1", text=f"m{i}")
        got = []
        for _ in range(3):
            _, r = await api(s, base, "getUpdates", timeout="1")
            check(isinstance(r["result"], dict), "result is one object, not an array")
            got.append(r["result"]["message"]["text"])
        check(got == ["m0", "m1", "m2"], "updates come in order")

        # --- echo bot round trip (text, image, sticker, unsupported)
        stop = asyncio.Event()
        bot = asyncio.create_task(echo_bot(base, stop))
        await ctl(s, base, "send_text", user_id="u2", display_name="Bình", text="Xin chào")
        png = os.path.join(tempfile.mkdtemp(), "p.png")
        with open(png, "wb") as fh:
            fh.write(b"\x89PNG\r\n\x1a\n" + b"x" * 100)
        await ctl(s, base, "send_photo", user_id="u2", path=png, caption="cap", image_field="photo")
        await ctl(s, base, "send_sticker", user_id="u2")
        await ctl(s, base, "send_unsupported", user_id="u2")
        async with s.get(f"{base}/_control/messages?user_id=u2&wait=10&count=5") as resp:
            msgs = (await resp.json())["messages"]
        texts = [m.get("text") for m in msgs]
        check(texts[:2] == ["echo: Xin chào", "got 108 bytes"], f"bot replies in order: {texts}")
        check(msgs[2]["kind"] == "photo" and msgs[2]["fetch"]["ok"] and msgs[2]["fetch"]["bytes"] == 108,
              "sendPhoto URL fetched by the fake")
        check(texts[3:5] == ["unsupported: message.sticker.received",
                             "unsupported: message.unsupported.received"], "sticker/unsupported events")
        stop.set()
        await bot

        # --- limits
        _, r = await api(s, base, "sendMessage", chat_id="u2", text="x" * 2001)
        check(r["error_code"] == 400, "text > 2000 rejected")
        _, r = await api(s, base, "sendMessage", chat_id="u2", text="😀" * 1001)
        check(r["error_code"] == 400, "2002 UTF-16 units (1001 emoji) rejected")
        _, r = await api(s, base, "sendMessage", chat_id="nobody", text="hi")
        check(r["error_code"] == 400, "unknown chat_id rejected")
        _, r = await api(s, base, "sendChatAction", chat_id="u2", action="typing")
        check(r == {"ok": True}, "sendChatAction answers exactly {ok:true}")

        # --- injected faults
        await ctl(s, base, "fail", method="sendMessage", error_code=429, count=1)
        _, r = await api(s, base, "sendMessage", chat_id="u2", text="a")
        _, r2 = await api(s, base, "sendMessage", chat_id="u2", text="b")
        check(r["error_code"] == 429 and r["description"].startswith("Quota exceeded") and r2["ok"],
              "fault injection 429 once")

        # --- webhook: exclusivity + delivery with secret header
        received = []

        async def hook(request):
            received.append((request.headers.get("X-Bot-Api-Secret-Token"), await request.json()))
            return web.json_response({"message": "Success"})

        app = web.Application()
        app.router.add_post("/hook", hook)
        hr = web.AppRunner(app)
        await hr.setup()
        site = web.TCPSite(hr, "127.0.0.1", 0)
        await site.start()
        hport = hr.addresses[0][1]
        _, r = await api(s, base, "setWebhook", url="https://x", secret_token="short")
        check(r["error_code"] == 400, "secret_token < 8 rejected")
        fake.cfg.allow_http_webhook = False
        _, r = await api(s, base, "setWebhook", url=f"http://127.0.0.1:{hport}/hook", secret_token="s3cret-token")
        check(r["error_code"] == 400, "http:// webhook rejected unless --allow-http-webhook")
        fake.cfg.allow_http_webhook = True
        # a poller is waiting when the webhook gets set
        poll = asyncio.create_task(api(s, base, "getUpdates", timeout="5"))
        await asyncio.sleep(0.3)
        _, r = await api(s, base, "setWebhook", url=f"http://127.0.0.1:{hport}/hook", secret_token="s3cret-token")
        check(r["ok"] and r["result"]["url"].endswith("/hook") and r["result"]["updated_at"] > 0, "setWebhook")
        _, pr = await poll
        check(pr["ok"] is False, "waiting getUpdates fails once a webhook is set")
        _, r = await api(s, base, "getUpdates", timeout="1")
        check(r["ok"] is False and r["error_code"] == 400, "getUpdates refused while webhook set")
        await ctl(s, base, "send_text", user_id="u3", text="via hook")
        for _ in range(50):
            if received:
                break
            await asyncio.sleep(0.1)
        check(received and received[0][0] == "s3cret-token", "webhook carries X-Bot-Api-Secret-Token")
        check(received[0][1]["ok"] is True and received[0][1]["result"]["event_name"] == "message.text.received",
              "webhook body wrapped {ok,result} as documented")
        _, r = await api(s, base, "deleteWebhook")
        check(r["ok"] and r["result"]["url"] == "", "deleteWebhook")
        await ctl(s, base, "send_text", user_id="u3", text="polling again")
        _, r = await api(s, base, "getUpdates", timeout="1")
        check(r["ok"] and r["result"]["message"]["text"] == "polling again", "getUpdates works after deleteWebhook")
        await hr.cleanup()

        # --- token reset
        await ctl(s, base, "set_token", token="424242:new")
        _, r = await api(s, base, "getMe")
        check(r["error_code"] == 401, "old token rejected after token reset")
        await ctl(s, base, "set_token", token=TOKEN)

    # --- chat.py scripted against a running echo bot
    stop = asyncio.Event()
    bot = asyncio.create_task(echo_bot(base, stop))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, os.path.join(HERE, "chat.py"), "--url", base, "--name", "Chi",
        "--wait", "5", "--quiet", "1", "--say", "hello", "--photo", png,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = await proc.communicate()
    out = out.decode()
    print(out)
    check(proc.returncode == 0 and "bot> echo: hello" in out and "got 108 bytes" in out,
          "chat.py scripted mode prints replies")
    stop.set()
    await bot
    await runner.cleanup()
    print("ALL OK")


if __name__ == "__main__":
    asyncio.run(main())
