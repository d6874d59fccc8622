"""Button payloads: the short ASCII codes on the wire, and the readable names code uses.

A payload is ``<prefix>:<verb>…`` and at most 64 bytes (Telegram's ``callback_data``
limit). Payloads already sent sit under old messages and may be pressed months later, so the
codes are stored data that never change; the code reads ``OfficerVerb.REVIEW_ACCEPT``, never
``"ra"``. Every feature's verbs are listed here, below the features, because buttons link
across features (the main menu opens registration, a hand-off notice opens the officer's
question, a retention reminder continues a draft) and features must not import each other.

>>> registration(RegistrationVerb.CHOOSE, 12, "type", "htx")
'r:a:12:type:htx'
>>> officer(OfficerVerb.REVIEW_ACCEPT, 7)
'o:ra7'
"""

from __future__ import annotations

from enum import StrEnum


class Prefix(StrEnum):
    """Which feature a button belongs to (the part before the first ``:``)."""

    MENU = "m"
    COMMUNE = "c"
    FAQ = "f"
    REGISTRATION = "r"
    OFFICER = "o"
    ASSESSMENT = "a"
    REMINDER = "n"


class MenuVerb(StrEnum):
    MENU = "menu"
    HELP = "help"
    SUBSCRIPTION = "sub"  # show the subscription and its toggle
    SUBSCRIBE_ON = "sub1"
    SUBSCRIBE_OFF = "sub0"
    CHANGE_COMMUNE = "commune"


class FaqVerb(StrEnum):
    ASK = "ask"  # "ask a question" prompt
    SHOW = "q"  # f:q:<entry id>
    VOTE_UP = "up"  # f:up:<entry id>
    VOTE_DOWN = "dn"  # f:dn:<entry id>
    HAND_OFF = "h"  # f:h:<unanswered id>


class RegistrationVerb(StrEnum):
    """``r:<verb>[:<application id>[:<field id>[:<value>]]]``."""

    NEW = "new"  # offer the open draft first
    NEW_FORCED = "new1"  # a new draft even with one open
    MINE = "mine"  # "Hồ sơ của tôi"
    RESUME = "rs"  # "làm tiếp": the latest unfinished application, else "Hồ sơ của tôi"
    # buttons of one question: r:<verb>:<app>:<field>[:<value>]
    CHOOSE = "a"
    TOGGLE = "t"
    DONE = "x"
    SKIP = "s"
    BACK = "b"
    KEEP = "k"
    CLEAR_FILES = "pc"
    IS_ANSWER = "ya"  # r:ya:<app>:<field>:<digest>: what was typed is the answer (save it)
    IS_QUESTION = "yq"  # r:yq:<app>:<field>:<digest>: what was typed is a question
    # buttons of one application: r:<verb>:<app>[:<field>]
    VIEW = "o"
    CHECKLIST = "ck"
    DOWNLOAD = "dl"
    DELETE = "del"
    DELETE_CONFIRMED = "delok"
    CONTINUE = "go"
    FIX = "fix"
    SAVE_AND_EXIT = "q"
    SUMMARY = "sum"
    EDIT = "e"
    EDIT_FIELD = "ef"
    SUBMIT = "sub"
    COMMIT = "ok"  # agree to the commitment and submit
    ASK_OFFICER = "ho"  # hand the producer's situation to the commune officers (eligibility)


class OfficerVerb(StrEnum):
    """``o:<verb><argument>`` (no separator: the argument is an id or a short code)."""

    MENU = "menu"
    ANNOUNCEMENTS = "an"
    ANNOUNCE_NEW = "anew"
    ANNOUNCE_CONFIRM = "ago"
    ANNOUNCE_SCHEDULE = "asch"
    ANNOUNCE_NOW = "anow"
    ANNOUNCE_DROP_FILE = "anofile"
    ANNOUNCE_DROP = "adrop"
    ANNOUNCE_FILTER_GROUP = "afg"
    ANNOUNCE_FILTER_STATUS = "afs"
    STATS = "st"
    QUESTIONS = "qs"
    REVIEW_QUEUE = "rq"
    EXPORT = "xl"
    WEB_LINK = "web"  # a one-time login link to the officer web page
    # with a text argument
    ANNOUNCE_COMMUNE = "asc"  # asc<commune id>|all|p<page>
    ANNOUNCE_FILTER = "af"  # af<g|s><value or ->
    REVIEW_TOGGLE_FIELD = "rt"  # rt<app>:<n>
    # with a numeric id
    ANNOUNCE_STOP = "ax"
    QUESTION_OPEN = "qo"
    QUESTION_ANSWER = "qa"
    REVIEW_OPEN = "ro"
    REVIEW_ACCEPT = "ra"
    REVIEW_MORE = "rm"
    REVIEW_FIELDS_DONE = "rn"
    REVIEW_REJECT = "rr"
    REVIEW_SELF_ASSESSMENT = "rs"  # rs<application id>: the producer's self-assessment


class AssessmentVerb(StrEnum):
    """``a:<verb>[:<assessment id>[:<criterion>[:<option>]]]`` (``app`` takes an application
    id, ``set`` a sheet number, ``ls`` a page)."""

    HOME = "home"  # "Tự chấm điểm": the producer's assessments
    NEW = "new"  # a new assessment, not linked to an application
    FOR_APPLICATION = "app"  # a:app:<application id> (from "Hồ sơ của tôi")
    OPEN = "go"  # continue, or the result when complete
    SET = "set"  # a:set:<id>:<sheet number>
    BROWSE = "ls"  # a:ls:<id>:<page>
    OPTION = "o"  # a:o:<id>:<criterion>:<option index>
    COUNCIL = "s"  # a:s:<id>:<criterion>: left to the council
    NO_EVIDENCE = "ne"  # a:ne:<id>:<criterion>
    KEEP_EVIDENCE = "ke"  # a:ke:<id>:<criterion>
    BACK = "b"  # a:b:<id>:<criterion>
    EXIT = "q"
    RESULT = "r"
    EDIT = "ed"
    EDIT_ONE = "ec"  # a:ec:<id>:<criterion>
    EXPORT = "dl"


class ReminderVerb(StrEnum):
    """``n:<verb>[:<id>]``."""

    HOME = "home"  # "Nhắc hạn đánh giá lại": the reminders, and a new one
    NEW = "new"  # type a certificate date
    FOR_APPLICATION = "app"  # n:app:<application id>: the date on that application
    STOP = "off"  # n:off:<reminder id>


def menu(verb: MenuVerb) -> str:
    return f"{Prefix.MENU}:{verb}"


def commune(argument: str) -> str:
    """``c:<commune id>`` or ``c:p<page>``."""
    return f"{Prefix.COMMUNE}:{argument}"


def faq(verb: FaqVerb, argument: object = None) -> str:
    return f"{Prefix.FAQ}:{verb}" if argument is None else f"{Prefix.FAQ}:{verb}:{argument}"


def registration(verb: RegistrationVerb, app_id: int | None = None, *parts: str) -> str:
    if app_id is None:
        return f"{Prefix.REGISTRATION}:{verb}"
    return ":".join((Prefix.REGISTRATION, verb, str(app_id), *parts))


def officer(verb: OfficerVerb, argument: object = "") -> str:
    return f"{Prefix.OFFICER}:{verb}{argument}"


def assessment(verb: AssessmentVerb, *parts: object) -> str:
    return ":".join((Prefix.ASSESSMENT, verb, *(str(p) for p in parts)))


def reminder(verb: ReminderVerb, *parts: object) -> str:
    return ":".join((Prefix.REMINDER, verb, *(str(p) for p in parts)))
