#!/usr/bin/env python3
"""Play a Zalo user against the fake Zalo Bot Platform server (stdlib only).

Interactive:
    python chat.py --url http://127.0.0.1:PORT [--user-id ID] [--name "Ted"]
    then type text; commands:
      /photo PATH [caption]   send an image file
      /sticker [ID]           send a sticker
      /unsupported            send a message.unsupported.received event
      /user ID [NAME]         switch the simulated user
      /state                  print the fake's state (webhook, pending updates)
      /quit

Scripted (one step per argument, replies printed as they arrive):
    python chat.py --url URL --wait 15 --say "Xin chào" --photo ./a.jpg --say "cảm ơn"
    python chat.py --url URL --script steps.txt      (same commands as interactive, one a line)

The bot's replies (sendMessage / sendPhoto / sendSticker, and with --actions
also sendChatAction) are printed with a "bot>" prefix.
"""
from __future__ import annotations

import argparse
import json
import shlex
import sys
import threading
import time
import urllib.error
import urllib.request


class Driver:
    def __init__(self, url: str, user_id: str | None, name: str, actions: bool = False):
        self.url = url.rstrip("/")
        self.name = name
        self.user_id = user_id
        self.actions = actions
        self.after = 0
        self.lock = threading.Lock()

    # ---- HTTP ----
    def _req(self, method: str, path: str, body: dict | None = None, timeout: float = 70):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.loads(r.read().decode())
        except urllib.error.HTTPError as e:
            raise SystemExit(f"control API error {e.code}: {e.read().decode()}")

    def _who(self) -> dict:
        d = {"display_name": self.name}
        if self.user_id:
            d["user_id"] = self.user_id
        return d

    def chat_id(self) -> str:
        if not self.user_id:
            # Ask the server which id it derived for this display name.
            import hashlib
            self.user_id = hashlib.sha1(self.name.encode()).hexdigest()[:20]
        return self.user_id

    # ---- user actions ----
    def say(self, text: str):
        r = self._req("POST", "/_control/send_text", {**self._who(), "text": text})
        self.user_id = r["update"]["message"]["from"]["id"]

    def photo(self, path: str, caption: str | None = None):
        body = {**self._who(), "path": path}
        if caption:
            body["caption"] = caption
        r = self._req("POST", "/_control/send_photo", body)
        self.user_id = r["update"]["message"]["from"]["id"]
        print(f"(photo served at {r['url']})")

    def sticker(self, sticker: str | None = None):
        body = {**self._who()}
        if sticker:
            body["sticker"] = sticker
        r = self._req("POST", "/_control/send_sticker", body)
        self.user_id = r["update"]["message"]["from"]["id"]

    def unsupported(self):
        r = self._req("POST", "/_control/send_unsupported", self._who())
        self.user_id = r["update"]["message"]["from"]["id"]

    # ---- bot replies ----
    def poll_replies(self, wait: float) -> list[dict]:
        q = f"/_control/messages?user_id={self.chat_id()}&after={self.after}&wait={wait}"
        if self.actions:
            q += "&include_actions=1"
        msgs = self._req("GET", q, timeout=wait + 10)["messages"]
        for m in msgs:
            self.after = max(self.after, m["seq"])
            print(format_msg(m), flush=True)
        return msgs

    def wait_quiet(self, total: float, quiet: float = 2.0):
        """Print replies until none arrived for `quiet` s after the first, or `total` s passed."""
        end = time.monotonic() + total
        got_any = False
        while time.monotonic() < end:
            w = quiet if got_any else min(total, end - time.monotonic())
            msgs = self.poll_replies(max(0.1, min(w, end - time.monotonic())))
            if msgs:
                got_any = True
            elif got_any:
                return


def format_msg(m: dict) -> str:
    k = m.get("kind")
    if k == "text":
        return "bot> " + m["text"].replace("\n", "\n     ")
    if k == "photo":
        f = m.get("fetch") or {}
        st = "fetched OK" if f.get("ok") else f"NOT fetched ({f.get('error', 'skipped')})"
        cap = f" caption={m['caption']!r}" if m.get("caption") else ""
        return f"bot> [photo {m['photo']}{cap}; {st}, {f.get('bytes', '?')} bytes]"
    if k == "sticker":
        return f"bot> [sticker {m['sticker']}]"
    if k == "chat_action":
        return f"bot> ({m['action']}…)"
    return "bot> " + json.dumps(m, ensure_ascii=False)


def run_command(d: Driver, line: str) -> bool:
    line = line.strip()
    if not line:
        return True
    if not line.startswith("/") or line.startswith("//"):
        d.say(line[1:] if line.startswith("//") else line)
        return True
    parts = shlex.split(line)
    cmd, args = parts[0], parts[1:]
    if cmd == "/quit":
        return False
    if cmd == "/photo" and args:
        d.photo(args[0], " ".join(args[1:]) or None)
    elif cmd == "/sticker":
        d.sticker(args[0] if args else None)
    elif cmd == "/unsupported":
        d.unsupported()
    elif cmd == "/user" and args:
        d.user_id = args[0]
        if len(args) > 1:
            d.name = " ".join(args[1:])
        d.after = 0
        print(f"(now user {d.user_id} {d.name!r})")
    elif cmd == "/state":
        print(json.dumps(d._req("GET", "/_control/state"), ensure_ascii=False, indent=2))
    elif cmd == "/wait":
        d.wait_quiet(float(args[0]) if args else 15)
    else:
        # Unknown slash command: send as text (bots often have /start etc.)
        d.say(line)
    return True


def interactive(d: Driver):
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                d.poll_replies(5)
            except Exception as exc:  # server gone etc.
                print(f"(poll error: {exc})", file=sys.stderr)
                time.sleep(1)

    threading.Thread(target=reader, daemon=True).start()
    print(f"Chatting as {d.name!r} ({d.user_id or 'id from name'}). /quit to leave.")
    try:
        for line in sys.stdin:
            if not run_command(d, line):
                break
    finally:
        stop.set()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True, help="base URL printed by server.py")
    p.add_argument("--user-id", help="Zalo user id (default: derived from --name)")
    p.add_argument("--name", default="Ted", help="display_name of the simulated user")
    p.add_argument("--actions", action="store_true", help="also print sendChatAction calls")
    p.add_argument("--wait", type=float, default=15, help="scripted: max seconds to wait for replies per step")
    p.add_argument("--quiet", type=float, default=2, help="scripted: stop waiting after this many silent seconds")
    p.add_argument("--script", help="file of commands/text lines")
    p.add_argument("--say", action="append", dest="steps", type=lambda s: ("say", s))
    p.add_argument("--photo", action="append", dest="steps", type=lambda s: ("photo", s))
    p.add_argument("--sticker", action="append", dest="steps", type=lambda s: ("sticker", s))
    a = p.parse_args()
    d = Driver(a.url, a.user_id, a.name, a.actions)
    if a.script or a.steps:
        lines = []
        if a.script:
            with open(a.script, encoding="utf-8") as fh:
                lines = [ln.rstrip("\n") for ln in fh if ln.strip() and not ln.startswith("#")]
        for kind, val in a.steps or []:
            lines.append(val if kind == "say" else f"/{kind} {shlex.quote(val)}")
        for ln in lines:
            print(f"you> {ln}", flush=True)
            if not run_command(d, ln):
                break
            if not ln.startswith("/wait"):
                d.wait_quiet(a.wait, a.quiet)
    else:
        interactive(d)


if __name__ == "__main__":
    main()
