"""No bot token, phone number, room name or member detail in any log record or error.

As ``test_secrets.py`` does for accounts and users: a session of the chat operations runs
with every logger at DEBUG, through successes, retries, echoing error messages, unreadable
answers and bad input, and every log record, ``repr``, ``str`` and error text is scanned
for each secret in every form it could take.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from typing import TYPE_CHECKING, Any, cast

import pytest

from chime_accounts import (
    ChimeAccountsError,
    MembershipItem,
    RetentionSettings,
    RoomRetentionSettings,
)
from chime_accounts.testing import Fault, LocalChime

from .test_secrets import PATIENT_CONFIG, async_client, error_text, forms, sync_client

if TYPE_CHECKING:
    from collections.abc import Callable

    from botocore.config import Config

    from chime_accounts import ChimeAccounts

    from ..sync_adapter import LoopThread

ROOM_NAMES = ["Project Nightingale", "Merger Talks Q3"]
BOT_NAME = "Confidential Helper"
PHONE = "+12065550123"
OTHER_PHONE = "+14255550199"
MEMBER_EMAIL = "morgan.member@example.com"
MEMBER_NAME = "Morgan Membername"
ENDPOINT = "https://hooks.example.com/secret-path-7f3a"
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:secret-fn-9c2d"
OWN_TOKEN = "my-idempotency-token-4242"


class ChatSession:
    """Runs the chat operations and keeps every text they produced."""

    def __init__(self, server: LocalChime, chime: ChimeAccounts) -> None:
        self.server = server
        self.chime = chime
        self.texts: list[str] = []
        self.errors = 0
        self.tokens: list[str] = []

    def keep(self, result: object) -> Any:
        shown: list[object] = [result]
        if isinstance(result, (list, tuple)):
            shown += cast("list[object] | tuple[object, ...]", result)
        for item in shown:
            self.texts += [repr(item), str(item)]
        return cast("Any", result)

    def attempt(self, action: Callable[[], object]) -> None:
        try:
            self.keep(action())
        except ChimeAccountsError as error:
            self.errors += 1
            self.texts.append(error_text(error))

    def run(self) -> None:
        server, chime = self.server, self.chime
        account = server.add_account("Chat Co", account_type="EnterpriseOIDC")["AccountId"]
        user = server.add_user(account, MEMBER_EMAIL, display_name=MEMBER_NAME)

        room = self.keep(chime.create_room(account, name=ROOM_NAMES[0]))
        self.keep(chime.create_room(account, name=ROOM_NAMES[1], client_request_token=OWN_TOKEN))
        self.keep(chime.update_room(account, room.room_id, name=ROOM_NAMES[1]))
        self.keep(list(chime.list_rooms(account, page_size=1)))
        bot = self.keep(chime.create_bot(account, display_name=BOT_NAME, domain="example.com"))
        self.tokens.append(bot.security_token)
        self.keep(chime.get_bot(account, bot.bot_id))
        self.keep(list(chime.list_bots(account)))
        regenerated = self.keep(chime.regenerate_security_token(account, bot.bot_id))
        self.tokens.append(regenerated.security_token)
        self.keep(chime.create_room_membership(account, room.room_id, member_id=user))
        self.keep(
            chime.batch_create_room_membership(
                account, room.room_id, members=[MembershipItem(member_id=bot.bot_id)]
            )
        )
        self.keep(list(chime.list_room_memberships(account, room.room_id)))
        self.keep(
            chime.put_events_configuration(account, bot.bot_id, lambda_function_arn=LAMBDA_ARN)
        )
        self.keep(
            chime.put_events_configuration(
                account, bot.bot_id, outbound_events_https_endpoint=ENDPOINT
            )
        )
        self.keep(chime.get_events_configuration(account, bot.bot_id))
        chime.associate_phone_number_with_user(account, user, e164_phone_number=PHONE)
        self.keep(chime.get_user(account, user))
        retention = RetentionSettings(
            room_retention_settings=RoomRetentionSettings(retention_days=9)
        )
        chime.put_retention_settings(account, settings=retention)

        # Retries, logged at DEBUG by this library and by botocore.
        server.inject(Fault(operation="CreateRoom", status=500, apply=True))
        self.keep(chime.create_room(account, name=ROOM_NAMES[0]))
        server.inject(Fault.error("GetBot", 429))
        self.keep(chime.get_bot(account, bot.bot_id))
        # A service that repeats the request's values in its messages.
        server.inject(
            Fault.error(
                "CreateRoom", 409, code="ConflictException", message=f"{ROOM_NAMES[0]} exists"
            )
        )
        self.attempt(lambda: chime.create_room(account, name=ROOM_NAMES[0]))
        server.inject(
            Fault.error("AssociatePhoneNumberWithUser", 400, message=f"{PHONE} belongs to another")
        )
        self.attempt(
            lambda: chime.associate_phone_number_with_user(account, user, e164_phone_number=PHONE)
        )
        server.inject(Fault.error("CreateBot", 400, message=f"A bot named {BOT_NAME} exists"))
        self.attempt(lambda: chime.create_bot(account, display_name=BOT_NAME))
        server.inject(Fault.error("PutEventsConfiguration", 400, message=f"{ENDPOINT} unreachable"))
        self.attempt(
            lambda: chime.put_events_configuration(
                account, bot.bot_id, outbound_events_https_endpoint=ENDPOINT
            )
        )
        # Answers that do not match the model, with secrets in them.
        body = {"Bot": {"BotId": 7, "SecurityToken": self.tokens[-1], "DisplayName": BOT_NAME}}
        server.inject(Fault.raw(json.dumps(body).encode(), operation="GetBot"))
        self.attempt(lambda: chime.get_bot(account, bot.bot_id))
        room_body: dict[str, Any] = {"Room": {"RoomId": [], "Name": ROOM_NAMES[1]}}
        server.inject(Fault.raw(json.dumps(room_body).encode(), operation="GetRoom"))
        self.attempt(lambda: chime.get_room(account, room.room_id))
        # Lost answers.
        server.inject(Fault.drop("RegenerateSecurityToken", apply=True))
        self.attempt(lambda: chime.regenerate_security_token(account, bot.bot_id))
        self.tokens.append(str(server.bots(account)[0]["SecurityToken"]))
        # Bad input, refused before sending.
        self.attempt(
            lambda: chime.associate_phone_number_with_user(
                account, user, e164_phone_number=f"{OTHER_PHONE} ext 5"
            )
        )
        self.attempt(
            lambda: chime.put_events_configuration(
                account, bot.bot_id, outbound_events_https_endpoint=f"http{ENDPOINT[5:]}"
            )
        )
        self.attempt(lambda: chime.create_room(account, name=f"{ROOM_NAMES[0]}\x00"))
        chime.disassociate_phone_number_from_user(account, user)

    def secrets(self) -> list[str]:
        assert len(self.tokens) == 3
        assert all(self.tokens)
        return [
            *ROOM_NAMES,
            BOT_NAME,
            PHONE,
            PHONE.lstrip("+"),
            OTHER_PHONE,
            MEMBER_EMAIL,
            MEMBER_NAME,
            ENDPOINT,
            LAMBDA_ARN,
            OWN_TOKEN,
            *self.tokens,
        ]


@pytest.mark.parametrize("client", [sync_client, async_client], ids=["sync", "async"])
def test_a_debug_chat_session_shows_no_secret(
    local_chime: LocalChime,
    loop_thread: LoopThread,
    caplog: pytest.LogCaptureFixture,
    client: Callable[[LocalChime, LoopThread, Config], ChimeAccounts],
) -> None:
    caplog.set_level(logging.DEBUG)
    chime = client(local_chime, loop_thread, PATIENT_CONFIG)
    session = ChatSession(local_chime, chime)

    session.run()
    chime.close()

    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    records = [formatter.format(record) for record in caplog.records]
    texts = records + session.texts
    assert session.errors >= 9
    assert any("Response body" in text for text in records)  # botocore did log bodies
    assert any("SecurityToken" in text for text in records)  # ... of bots, redacted
    leaks = [
        (secret, shown, text[:300])
        for secret in session.secrets()
        for shown in forms(secret)
        for text in texts
        if shown in text
    ]
    assert leaks == []


def test_debug_logging_from_the_first_call_on() -> None:
    """A process that logs at DEBUG before its first call neither hangs nor leaks.

    The redacting filter reads the sensitive members from botocore's service model, whose
    loading botocore logs: read under the filter, that record made it load the model
    again, without end. (In the suite, earlier tests had read them already.)
    """
    code = (
        "import logging, sys\n"
        "logging.basicConfig(level=logging.DEBUG, stream=sys.stdout)\n"
        "from chime_accounts.testing import LocalChime\n"
        "with LocalChime() as server:\n"
        "    account = server.add_account('A', account_type='EnterpriseOIDC')['AccountId']\n"
        "    chime = server.chime_accounts()\n"
        f"    chime.create_room(account, name={ROOM_NAMES[0]!r})\n"
        "    print('done')\n"
    )
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"},
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.rstrip().endswith("done")
    assert "Response body" in result.stdout
    assert ROOM_NAMES[0] not in result.stdout + result.stderr
