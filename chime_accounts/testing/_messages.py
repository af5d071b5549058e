"""The chat messages of one account, for RedactRoomMessage and RedactConversationMessage.

The administration API cannot send messages, so messages exist only once a
test seeds them (`LocalChime.add_message`); redacting one blanks its content
and marks it redacted, and redacting it again changes nothing. A conversation
is known by the messages seeded into it. Message contents never appear in a
``repr`` or an error message.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TypedDict

from chime_accounts.testing._service import ServiceError, to_millis

__all__ = ["MessageDict", "MessageLog", "MessageRecord"]


class _MessageRequired(TypedDict):
    MessageId: str
    Content: str
    Redacted: bool
    CreatedTimestamp: datetime


class MessageDict(_MessageRequired, total=False):
    """A seeded message, for inspection: in a room or in a conversation."""

    RoomId: str
    ConversationId: str
    SenderId: str


@dataclass(kw_only=True)
class MessageRecord:
    """One message; its content stays out of its ``repr``.

    Attributes:
        seq: Order of seeding.
        message_id: The message id.
        room_id: The room it was sent in, if any.
        conversation_id: The conversation it was sent in, if any.
        sender_id: The sending user or bot, if known.
        content: What it says; blank once redacted.
        redacted: Whether it was redacted.
        created: When it was sent.
    """

    seq: int
    message_id: str
    room_id: str | None
    conversation_id: str | None
    sender_id: str | None
    content: str = field(repr=False)
    redacted: bool = False
    created: datetime

    def to_dict(self) -> MessageDict:
        """Return the message for inspection.

        Returns:
            A fresh dictionary.
        """
        message: MessageDict = {
            "MessageId": self.message_id,
            "Content": self.content,
            "Redacted": self.redacted,
            "CreatedTimestamp": self.created,
        }
        if self.room_id is not None:
            message["RoomId"] = self.room_id
        if self.conversation_id is not None:
            message["ConversationId"] = self.conversation_id
        if self.sender_id is not None:
            message["SenderId"] = self.sender_id
        return message


class MessageLog:
    """The messages of one account, in seeding order.

    Not thread-safe; use it only under the account store's lock.

    Args:
        account_id: The owning account's id.
    """

    def __init__(self, account_id: str) -> None:
        self._account_id = account_id
        self._messages: dict[str, MessageRecord] = {}
        self._seq = itertools.count()

    def add(
        self,
        content: str,
        *,
        room_id: str | None = None,
        conversation_id: str | None = None,
        sender_id: str | None = None,
        message_id: str | None = None,
        when: datetime | None = None,
    ) -> MessageRecord:
        """Store a message sent in a room or a conversation.

        Args:
            content: What it says.
            room_id: The room it was sent in (the caller checks it exists).
            conversation_id: The conversation it was sent in.
            sender_id: The sending user or bot.
            message_id: The message id; a fresh UUID when omitted.
            when: A timezone-aware sending time; now when omitted.

        Returns:
            The stored message.

        Raises:
            ValueError: Unless exactly one of ``room_id`` and ``conversation_id``
                is given; for a blank conversation id, a naive time or a
                duplicate message id.
        """
        if (room_id is None) == (conversation_id is None):
            raise ValueError("give exactly one of room_id and conversation_id")
        if conversation_id is not None and not conversation_id.strip():
            raise ValueError("conversation_id must contain a non-whitespace character")
        if when is not None and when.utcoffset() is None:
            raise ValueError("when must be timezone-aware")
        new_id = message_id if message_id is not None else str(uuid.uuid4())
        if new_id in self._messages:
            raise ValueError(f"message id {new_id!r} already exists")
        message = MessageRecord(
            seq=next(self._seq),
            message_id=new_id,
            room_id=room_id,
            conversation_id=conversation_id,
            sender_id=sender_id,
            content=content,
            created=to_millis(when or datetime.now(timezone.utc)),
        )
        self._messages[new_id] = message
        return message

    def redact_in_room(self, room_id: str, message_id: str) -> None:
        """Redact a room's message, as RedactRoomMessage does (the caller checks the room).

        Args:
            room_id: The room id.
            message_id: The message id.

        Raises:
            ServiceError: ``NotFoundException`` if the room has no such message.
        """
        message = self._messages.get(message_id)
        if message is None or message.room_id != room_id:
            raise ServiceError(
                "NotFoundException", f"Message {message_id} was not found in room {room_id}."
            )
        _redact(message)

    def redact_in_conversation(self, conversation_id: str, message_id: str) -> None:
        """Redact a conversation's message, as RedactConversationMessage does.

        Args:
            conversation_id: The conversation id.
            message_id: The message id.

        Raises:
            ServiceError: ``NotFoundException`` if the conversation has no such message.
        """
        message = self._messages.get(message_id)
        if message is None or message.conversation_id != conversation_id:
            raise ServiceError(
                "NotFoundException",
                f"Message {message_id} was not found in conversation {conversation_id}.",
            )
        _redact(message)

    def snapshot(self) -> list[MessageDict]:
        """Return every message in seeding order.

        Returns:
            Copies of the messages.
        """
        return [m.to_dict() for m in self._messages.values()]


def _redact(message: MessageRecord) -> None:
    message.content = ""
    message.redacted = True
