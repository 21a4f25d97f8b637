"""A fake Telegram Bot API for tests: one ``FakeBotApi`` answers in Telegram's JSON shape, records
every call, validates HTML like Telegram does, and lets a test inject updates. It is reached
in-process or over HTTP on 127.0.0.1 (tests/support/fake_bot_transport.py).

    api = FakeBotApi()
    with FakeBotApiServer(api) as server:     # server.base_url / server.base_file_url
        api.push(api.text_update(42, "hola"))
        api.wait_for(lambda: api.sent(chat_id=42))
"""

from __future__ import annotations

import asyncio
import html
import itertools
import re
import threading
import time
from dataclasses import dataclass
from typing import Any


DEFAULT_TOKEN = "123456:TEST-TOKEN-not-a-real-one"
TEXT_LIMIT = 4096
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
                "tg-spoiler", "tg-emoji", "blockquote"}
STRING_PARAMS = {"text", "caption", "callback_query_id", "file_id", "parse_mode", "action", "language_code",
                  "url", "secret_token", "description", "short_description", "name", "title", "query",
                  "inline_message_id"}
_HTML_TOKEN = re.compile(r"<[^>]*>|&[^;\s<&]*;?|[^<&]+|[<&]")


class BadRequest(Exception):
    def __init__(self, description: str, code: int = 400):
        super().__init__(description)
        self.description, self.code = description, code


def check_html(text: str) -> str:
    """Telegram's HTML rules, roughly: known tags, balanced, valid entities. Returns the visible text."""
    stack: list[str] = []
    visible: list[str] = []
    for token in _HTML_TOKEN.findall(text):
        if token.startswith("<"):
            match = re.fullmatch(r"<(/?)([a-zA-Z-]+)(\s[^>]*)?>", token)
            if not match:
                raise BadRequest(f"Bad Request: can't parse entities: unexpected '<' in {token[:20]!r}")
            closing, name = match.group(1), match.group(2).lower()
            if name not in ALLOWED_TAGS:
                raise BadRequest(f"Bad Request: can't parse entities: unsupported start tag \"{name}\"")
            if closing:
                if not stack or stack[-1] != name:
                    raise BadRequest(f"Bad Request: can't parse entities: unmatched end tag \"{name}\"")
                stack.pop()
            else:
                stack.append(name)
        elif token.startswith("&"):
            if not re.fullmatch(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);", token):
                raise BadRequest(f"Bad Request: can't parse entities: unsupported entity {token[:12]!r}")
            visible.append(html.unescape(token))
        else:
            visible.append(token)
    if stack:
        raise BadRequest(f"Bad Request: can't parse entities: unclosed start tag \"{stack[-1]}\"")
    return "".join(visible)


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float


class FakeBotApi:
    """The state behind the fake server: chats, messages, files, queued updates, recorded calls."""

    def __init__(self, token: str = DEFAULT_TOKEN, bot_id: int = 7000001, username: str = "coach_test_bot"):
        self.token = token
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": "Coach", "username": username,
                         "can_join_groups": True, "can_read_all_group_messages": False,
                         "supports_inline_queries": False}
        self.calls: list[Call] = []
        self.chats: dict[int, dict] = {}
        self.messages: dict[tuple[int, int], dict] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.chat_admins: dict[int, list[int]] = {}
        self._cond = threading.Condition()
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(100)
        self._file_ids = itertools.count(1)
        self.closed = False

    # ------------------------------------------------------------ building updates

    def user(self, user_id: int, language_code: str | None = "es") -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    def private_chat(self, user_id: int) -> dict:
        return {"id": user_id, "type": "private", "first_name": f"User{user_id}"}

    def group_chat(self, chat_id: int, title: str = "Workshop") -> dict:
        return {"id": chat_id, "type": "supergroup", "title": title}

    def _message(self, user_id: int, *, chat: dict | None = None, language_code: str | None = "es",
                 sender_chat: dict | None = None, reply_to: dict | None = None, **fields: Any) -> dict:
        chat = chat or self.private_chat(user_id)
        with self._cond:
            self.chats[chat["id"]] = chat
            message_id = next(self._message_ids)
        message = {"message_id": message_id, "date": int(time.time()), "chat": chat,
                   "from": self.user(user_id, language_code), **fields}
        if sender_chat is not None:
            message["sender_chat"] = sender_chat
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        with self._cond:
            self.messages[(chat["id"], message_id)] = message
        return message

    def text_update(self, user_id: int, text: str, **kwargs: Any) -> dict:
        """A text message; commands and @mentions get their entities like Telegram sets them."""
        fields: dict[str, Any] = {"text": text}
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        for match in re.finditer(r"(?<![\w/])@\w{3,}", text):
            entities.append({"type": "mention", "offset": _utf16_len(text[:match.start()]),
                             "length": _utf16_len(match.group())})
        if entities:
            fields["entities"] = entities
        return {"message": self._message(user_id, **kwargs, **fields)}

    def message_update(self, user_id: int, **fields: Any) -> dict:
        """Any other message: ``sticker={...}``, ``photo=[...]``, ``voice={...}``."""
        chat = fields.pop("chat", None)
        return {"message": self._message(user_id, chat=chat, **fields)}

    def edited_update(self, message: dict, text: str) -> dict:
        edited = {**message, "text": text, "edit_date": int(time.time())}
        return {"edited_message": edited}

    def group_messages_per_minute(self, chat_id: int) -> int:
        """The most messages the bot sent to ``chat_id`` within any 60 seconds."""
        with self._cond:
            times = sorted(c.at for c in self.calls if c.method in ("sendMessage", "sendDocument")
                           and int(c.params.get("chat_id", 0)) == chat_id)
        return max((sum(1 for t in times if start <= t < start + 60) for start in times), default=0)

    def document_update(self, user_id: int, file_name: str, content: bytes, *, file_size: int | None = None,
                        caption: str | None = None, mime_type: str = "application/octet-stream",
                        **kwargs: Any) -> dict:
        file_id = self.add_file(content, f"documents/{file_name}")
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name,
                    "mime_type": mime_type, "file_size": len(content) if file_size is None else file_size}
        fields: dict[str, Any] = {"document": document}
        if caption:
            fields["caption"] = caption
            if caption.startswith("/"):
                fields["caption_entities"] = [{"type": "bot_command", "offset": 0,
                                               "length": len(caption.split()[0])}]
        return {"message": self._message(user_id, **kwargs, **fields)}

    def callback_update(self, user_id: int, data: str, message: dict, language_code: str | None = "es") -> dict:
        return {"callback_query": {"id": f"cb{next(self._file_ids)}", "from": self.user(user_id, language_code),
                                   "message": message, "chat_instance": "ci", "data": data}}

    def add_file(self, content: bytes, file_path: str) -> str:
        with self._cond:
            file_id = f"file{next(self._file_ids)}"
            self.files[file_id] = (file_path, content)
        return file_id

    def push(self, update: dict) -> dict:
        """Queue an update for getUpdates (or for a test that processes it itself)."""
        with self._cond:
            update["update_id"] = next(self._update_ids)
            self._updates.append(update)
            self._cond.notify_all()
        return update

    # ------------------------------------------------------------ inspecting

    def calls_to(self, method: str) -> list[dict]:
        with self._cond:
            return [c.params for c in self.calls if c.method == method]

    def sent(self, chat_id: int | None = None, methods: tuple[str, ...] = ("sendMessage",)) -> list[dict]:
        with self._cond:
            return [c.params for c in self.calls if c.method in methods
                    and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)]

    def texts(self, chat_id: int | None = None) -> list[str]:
        """What the user would see now: every sent message's current text, in order."""
        with self._cond:
            out = []
            for (cid, _), message in sorted(self.messages.items(), key=lambda kv: kv[0][1]):
                if message.get("from", {}).get("id") == self.bot_user["id"] and (chat_id is None or cid == chat_id):
                    if "text" in message:
                        out.append(message["text"])
            return out

    def bot_messages(self, chat_id: int) -> list[dict]:
        with self._cond:
            return [m for (cid, _), m in sorted(self.messages.items(), key=lambda kv: kv[0][1])
                    if cid == chat_id and m.get("from", {}).get("id") == self.bot_user["id"]]

    def wait_for(self, predicate, timeout: float = 10.0) -> Any:
        """Block until ``predicate()`` is truthy (checked after every call); returns its value."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out after {timeout}s; last calls: "
                                         f"{[(c.method, str(c.params)[:120]) for c in self.calls[-8:]]}")
                self._cond.wait(min(remaining, 0.2))

    async def wait_for_async(self, predicate, timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout}s")
            await asyncio.sleep(0.02)

    # ------------------------------------------------------------ answering

    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict]:
        with self._cond:
            self.calls.append(Call(method, params, time.time()))
            self._cond.notify_all()
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        try:
            with self._cond:
                result = handler(params)
                self._cond.notify_all()
        except BadRequest as exc:
            return exc.code, {"ok": False, "error_code": exc.code, "description": exc.description}
        return 200, {"ok": True, "result": result}

    def _get_updates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self._cond:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self.closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            return list(self._updates[:limit])

    def _chat(self, chat_id: Any) -> dict:
        chat_id = int(chat_id)
        return self.chats.get(chat_id) or self.private_chat(chat_id)

    def _text(self, params: dict, key: str = "text", limit: int = TEXT_LIMIT) -> str:
        text = str(params.get(key, ""))
        visible = check_html(text) if params.get("parse_mode") == "HTML" else text
        if key == "text" and not visible.strip():
            raise BadRequest("Bad Request: message text is empty")
        if len(visible) > limit:
            raise BadRequest("Bad Request: message is too long")
        return visible

    def _bot_message(self, chat_id: Any, **fields: Any) -> dict:
        chat = self._chat(chat_id)
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
                   "from": self.bot_user, **fields}
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _api_getMe(self, params):
        return self.bot_user

    def _api_deleteWebhook(self, params):
        return True

    def _api_setWebhook(self, params):
        return True

    def _api_setMyCommands(self, params):
        return True

    def _api_sendChatAction(self, params):
        return True

    def _api_answerCallbackQuery(self, params):
        return True

    def _api_close(self, params):
        return True

    def _api_sendMessage(self, params):
        fields = {"text": self._text(params), "html": params.get("text")}
        markup = params.get("reply_markup")
        if markup:  # a Message only carries inline keyboards; others (ForceReply…) are kept apart
            fields["reply_markup" if "inline_keyboard" in markup else "requested_markup"] = markup
        reply = params.get("reply_parameters") or {}
        if isinstance(reply, dict) and reply.get("message_id"):
            replied = self.messages.get((int(params["chat_id"]), int(reply["message_id"])))
            if replied is None and not reply.get("allow_sending_without_reply"):
                raise BadRequest("Bad Request: message to be replied not found")
            fields["reply_to_message_id"] = int(reply["message_id"])
        return self._bot_message(params["chat_id"], **fields)

    def _stored(self, params) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise BadRequest("Bad Request: message to edit not found")
        return self.messages[key]

    def _api_editMessageText(self, params):
        message = self._stored(params)
        text = self._text(params)
        if text == message.get("text") and params.get("reply_markup") == message.get("reply_markup"):
            raise BadRequest("Bad Request: message is not modified")
        message.update(text=text, html=params.get("text"), edit_date=int(time.time()))
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _api_editMessageReplyMarkup(self, params):
        message = self._stored(params)
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _api_deleteMessage(self, params):
        self.messages.pop((int(params["chat_id"]), int(params["message_id"])), None)
        return True

    def _api_getFile(self, params):
        file_id = params["file_id"]
        if file_id not in self.files:
            raise BadRequest("Bad Request: invalid file_id")
        path, content = self.files[file_id]
        if len(content) > 20 * 1024 * 1024:
            raise BadRequest("Bad Request: file is too big")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(content), "file_path": path}

    def _api_sendDocument(self, params):
        document = params.get("document")
        name = params.get("_filename", "file")
        file_id = self.add_file(document if isinstance(document, bytes) else str(document).encode(), f"sent/{name}")
        fields = {"document": {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name}}
        if params.get("caption"):
            fields["caption"] = self._text(params, "caption", 1024)
        return self._bot_message(params["chat_id"], **fields)

    def _api_getChatAdministrators(self, params):
        chat_id = int(params["chat_id"])
        return [{"status": "creator", "user": self.user(uid, None), "is_anonymous": False}
                for uid in self.chat_admins.get(chat_id, [])]

    def _api_getChatMember(self, params):
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        if user_id in self.chat_admins.get(chat_id, []):
            return {"status": "creator", "user": self.user(user_id, None), "is_anonymous": False}
        return {"status": "member", "user": self.user(user_id, None)}

    def file_content(self, file_path: str) -> bytes | None:
        with self._cond:
            for path, content in self.files.values():
                if path == file_path:
                    return content
        return None

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


def _utf16_len(text: str) -> int:
    """Telegram counts entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2
