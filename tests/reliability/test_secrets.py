"""No secret in any log record, repr, str or error message, even at DEBUG level.

A whole session runs with every logger at DEBUG (botocore's and urllib3's included), with
seeded emails, display names, PINs and credentials, through successes, retries, timeouts,
dropped connections, echoing error messages and bad input; then every log record (with
its traceback), every result's ``repr`` and ``str`` and every error's text (with its
causes) is scanned for each secret, plain, lower-cased, percent-encoded and JSON-escaped.
"""

from __future__ import annotations

import json
import logging
import traceback
import urllib.parse
from typing import TYPE_CHECKING, Any, cast

import boto3
import botocore.session
import pytest
from aiobotocore.session import AioSession
from botocore.config import Config
from botocore.exceptions import ClientError, ReadTimeoutError

from chime_accounts import (
    AlexaForBusinessMetadata,
    AsyncChimeAccounts,
    ChimeAccounts,
    ChimeAccountsError,
    License,
    RetryPolicy,
    TelephonySettings,
    UpdateUserRequestItem,
    UserSettings,
)
from chime_accounts import _redaction as redaction
from chime_accounts._call import translate_error
from chime_accounts.testing import Fault, LocalChime

from ..sync_adapter import SyncAdapter

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..sync_adapter import LoopThread

ACCESS_KEY = "AKIAREDACTIONTEST0001"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY1"
SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN/with+slash=="
EMAILS = [
    "pat.private+chime@Example.com",
    "sam.secret@example.org",
    "quinn.quiet@example.net",
    "robin.hidden@example.co.uk",
    "alex.anon@example.com",
]
NAMES = ["Pat Privatename", "Robin Hiddenname"]
ROOM_ARN = "arn:aws:a4b:us-east-1:123456789012:room/secret-boardroom"
POLICY = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0)
#: For the one call that must time out; every other call uses a patient client, since a
#: short timeout can trip on a normal answer on a loaded machine.
SLOW = Config(read_timeout=0.2, connect_timeout=0.2)
PATIENT_CONFIG = Config(read_timeout=30, connect_timeout=30)


def forms(secret: str) -> set[str]:
    """The ways a secret may show: as is, lower-cased, percent-encoded, JSON-escaped."""
    shown = {secret, secret.lower(), json.dumps(secret)[1:-1]}
    shown |= {urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}
    shown |= {urllib.parse.quote(secret, safe="@")}
    return {s for s in shown | {s.lower() for s in shown} if s}


def error_text(error: BaseException) -> str:
    """An error as a traceback shows it: its message and its causes', with repr too."""
    parts = ["".join(traceback.format_exception(error))]
    current: BaseException | None = error
    while current is not None:
        parts += [str(current), repr(current)]
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


class Session:
    """Runs a scripted session and keeps every text it produced."""

    def __init__(self, server: LocalChime, chime: ChimeAccounts, impatient: ChimeAccounts) -> None:
        self.server = server
        self.chime = chime
        self.impatient = impatient  # for the call that times out
        self.texts: list[str] = [repr(chime), str(chime)]
        self.errors = 0

    def keep(self, result: object) -> Any:
        shown: list[object] = [result]
        if isinstance(result, (list, tuple)):
            shown += cast("list[object] | tuple[object, ...]", result)
        for item in shown:
            self.texts += [repr(item), str(item)]
        return cast("Any", result)

    def attempt(self, action: Callable[[], object]) -> object:
        try:
            return self.keep(action())
        except ChimeAccountsError as error:
            self.errors += 1
            self.texts.append(error_text(error))
            return None

    def run(self) -> None:
        server, chime = self.server, self.chime
        account = self.keep(chime.create_account("Secrets Inc"))
        account_id = account.account_id
        user = self.keep(chime.create_user(account_id, email=EMAILS[0], username=NAMES[0]))
        self.keep(chime.invite_users(account_id, emails=EMAILS[1:3]))
        seeded = server.add_user(account_id, EMAILS[3], display_name=NAMES[1])
        self.keep(list(chime.list_users(account_id, user_email=EMAILS[3])))
        self.keep(list(chime.list_accounts(user_email=EMAILS[0])))
        self.keep(chime.get_user(account_id, seeded))
        self.keep(chime.reset_personal_pin(account_id, user.user_id))
        self.keep(chime.update_user(account_id, user.user_id, license_type=License.BASIC))
        self.keep(
            chime.batch_update_user(account_id, updates=[UpdateUserRequestItem(user_id=seeded)])
        )
        telephony = TelephonySettings(inbound_calling=True, outbound_calling=False, sms=True)
        chime.update_user_settings(account_id, seeded, settings=UserSettings(telephony=telephony))

        # Retries, logged at DEBUG by this library and by botocore.
        server.inject(Fault(operation="ListUsers", status=429))
        self.keep(list(chime.list_users(account_id, user_email=EMAILS[1])))
        # A service that repeats the request's values in its messages.
        server.inject(
            Fault(
                operation="CreateUser",
                status=409,
                code="ConflictException",
                message=f"A user {EMAILS[0]} ({NAMES[0]}) exists",
            )
        )
        self.attempt(lambda: chime.create_user(account_id, email=EMAILS[0], username=NAMES[0]))
        room = AlexaForBusinessMetadata(alexa_for_business_room_arn=ROOM_ARN)
        server.inject(Fault(operation="UpdateUser", status=400, message=f"No room {ROOM_ARN}"))
        self.attempt(
            lambda: chime.update_user(account_id, seeded, alexa_for_business_metadata=room)
        )
        self.keep(chime.update_user(account_id, seeded, alexa_for_business_metadata=room))
        # Failures whose messages carry the URL, query string and all.
        server.inject(Fault(operation="ListAccounts", delay=30.0, count=10))
        self.attempt(lambda: list(self.impatient.list_accounts(user_email=EMAILS[4])))
        server.clear_faults()
        server.inject(Fault(operation="ListUsers", drop_connection=True, count=10))
        self.attempt(lambda: list(chime.list_users(account_id, user_email=EMAILS[2])))
        server.clear_faults()
        server.inject(Fault(operation="InviteUsers", truncate_body=20))
        self.attempt(lambda: chime.invite_users(account_id, emails=[EMAILS[4]]))
        # An answer that does not match the model, with secrets in it.
        pin = "4815162342"
        body = {"User": {"UserId": 7, "PrimaryEmail": EMAILS[1], "PersonalPIN": pin}}
        server.inject(Fault(operation="GetUser", status=200, raw_body=json.dumps(body).encode()))
        self.attempt(lambda: chime.get_user(account_id, seeded))
        # Bad input, refused before sending.
        self.attempt(lambda: chime.list_accounts(user_email=f"not an email {EMAILS[0]}"))
        self.attempt(lambda: chime.invite_users(account_id, emails=[EMAILS[2], "x"]))
        self.keep(chime.suspend_all_users(account_id))

    def secrets(self) -> list[str]:
        pins = [
            str(u.get("PersonalPIN"))
            for a in self.server.accounts()
            for u in self.server.users(a["AccountId"])
            if u.get("PersonalPIN")
        ]
        assert pins, "the session reset a PIN"
        return [
            *EMAILS,
            *NAMES,
            *pins,
            "4815162342",
            ROOM_ARN,
            ACCESS_KEY,
            SECRET_KEY,
            SESSION_TOKEN,
        ]


def sync_client(server: LocalChime, _: LoopThread, config: Config) -> ChimeAccounts:
    session = boto3.Session(
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        aws_session_token=SESSION_TOKEN,
        region_name="us-east-1",
        botocore_session=botocore.session.Session(),
    )
    return ChimeAccounts(
        session=session, endpoint_url=server.endpoint_url, config=config, retry=POLICY
    )


def async_client(server: LocalChime, loop: LoopThread, config: Config) -> ChimeAccounts:
    session = AioSession()
    session.set_credentials(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN)
    chime = AsyncChimeAccounts(
        session=session, endpoint_url=server.endpoint_url, config=config, retry=POLICY
    )
    loop.run(chime.__aenter__())
    return cast("ChimeAccounts", SyncAdapter(chime, loop))


@pytest.mark.parametrize("client", [sync_client, async_client], ids=["sync", "async"])
def test_a_debug_session_shows_no_secret(
    local_chime: LocalChime,
    loop_thread: LoopThread,
    caplog: pytest.LogCaptureFixture,
    client: Callable[[LocalChime, LoopThread, Config], ChimeAccounts],
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: botocore, aiobotocore, urllib3, ...
    chime = client(local_chime, loop_thread, PATIENT_CONFIG)
    impatient = client(local_chime, loop_thread, SLOW)
    session = Session(local_chime, chime, impatient)

    session.run()
    chime.close()
    impatient.close()

    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    records = [formatter.format(record) for record in caplog.records]
    texts = records + session.texts
    loggers = {record.name.split(".")[0] for record in caplog.records}
    assert {
        "botocore",
        "urllib3" if client is sync_client else "aiobotocore",
        "chime_accounts",
    } <= loggers
    assert session.errors >= 7
    assert any("Response body" in text for text in records)  # botocore did log bodies
    leaks = [
        (secret, shown, text[:300])
        for secret in session.secrets()
        for shown in forms(secret)
        for text in texts
        if shown in text
    ]
    assert leaks == []


# -- the redaction rules ------------------------------------------------------------------


class TestRedactText:
    """What redact_text removes, case by case."""

    @pytest.mark.parametrize(
        ("text", "secret"),
        [
            ('{"PrimaryEmail":"a@b.co","Name":"Team"}', "a@b.co"),
            ('{"PersonalPIN": "0123456789"}', "0123456789"),
            ('{"PersonalPIN": 123456789}', "123456789"),
            ('{"DisplayName":"Pat \\"the cat\\" Smith"}', "Smith"),
            ('{"UserEmailList":["a@b.co","c@d.co"]}', "c@d.co"),
            ("{'UserEmail': 'x@y.zz', 'Other': 1}", "x@y.zz"),
            ("Item(UserId=u1, DisplayName=Robin)", "Robin"),
            ("GET /accounts?max-results=5&user-email=pat%40example.com HTTP/1.1", "pat%40example"),
            ("CanonicalRequest:\nGET\n/accounts\nuser-email=pat%40ex.com\nhost:h", "pat%40ex"),
            ("x-amz-date:20240101T000000Z\nx-amz-security-token:TOKEN123\n", "TOKEN123"),
            ("headers={'X-Amz-Security-Token': b'TOKEN123', 'Host': b'h'}", "TOKEN123"),
            ("{'Authorization': b'AWS4-HMAC-SHA256 Credential=AKID/2024/us-east-1'}", "AKID"),
            ("Signature:\n" + "ab" * 32, "ab" * 32),
            ("A user pat.private+x@Example.com exists", "pat.private"),
            ("endpoint URL: http://h/accounts?user-email=sam%2Bx%40example.org", "sam%2Bx"),
        ],
    )
    def test_the_secret_is_gone(self, text: str, secret: str) -> None:
        redacted = redaction.redact_text(text)

        assert secret not in redacted
        assert redaction.redact_text(redacted) == redacted  # idempotent

    def test_harmless_text_is_left_alone(self) -> None:
        text = "ListAccounts failed with ThrottledClientException; retrying in 0.100 s"

        assert redaction.redact_text(text) == text

    def test_a_member_it_cannot_read_withholds_the_whole_text(self) -> None:
        text = 'PrimaryEmail: <unterminated "pat@example.com'

        redacted = redaction.redact_text(text)

        assert "withheld" in redacted
        assert "pat" not in redacted

    def test_sensitive_members_follow_the_service_model(self) -> None:
        model = botocore.session.get_session().get_service_model("chime")
        flagged: set[str] = set()

        def walk(shape: Any, seen: set[str]) -> None:
            if shape is None or shape.name in seen:
                return
            seen.add(shape.name)
            if shape.type_name == "structure":
                for name, member in shape.members.items():
                    target = member.member if member.type_name == "list" else member
                    if member.metadata.get("sensitive") or target.metadata.get("sensitive"):
                        flagged.add(name)
                    walk(member, seen)
            elif shape.type_name == "list":
                walk(shape.member, seen)

        # Derived from the whole service model, so every operation counts.
        for operation in model.operation_names:
            walk(model.operation_model(operation).input_shape, set())
            walk(model.operation_model(operation).output_shape, set())

        # The library's additions: a secret the model does not flag, CreateUser's Username
        # (the display name) and InviteFailure's addresses.
        additions = {"PersonalPIN", "Username", "Emails"}
        assert flagged | additions == redaction.sensitive_members()


def make_record(name: str, msg: str, args: Any, exc_info: Any = None) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.DEBUG, __file__, 1, msg, args, exc_info)
    redaction.redact_record(record)
    return record


class TestErrors:
    """The errors this library makes from botocore's show no secret either."""

    def test_a_service_message_and_its_cause(self) -> None:
        response: Any = {
            "Error": {"Code": "BadRequestException", "Message": "Bad email pat@example.com"},
            "ResponseMetadata": {"HTTPStatusCode": 400},
        }
        cause = ClientError(response, "CreateUser")

        error = translate_error(cause, "CreateUser", retry_attempts=0, may_have_succeeded=False)
        redaction.redact_exception(cause)

        assert "pat@" not in str(error)
        assert "pat@" not in str(cause)
        assert "pat@" not in str(cause.response)

    def test_an_endpoint_url_in_a_connection_error(self) -> None:
        cause = ReadTimeoutError(endpoint_url="http://h/accounts?user-email=pat%40example.com")

        error = translate_error(cause, "ListAccounts", retry_attempts=2, may_have_succeeded=False)

        assert "pat%40" not in str(error)
        assert "user-email=<redacted>" in str(error)


class TestGuarding:
    """The sensitive arguments of a call in progress are redacted wherever they show."""

    def test_values_of_sensitive_members_are_redacted_meanwhile(self) -> None:
        params = {"AccountId": "acct-1", "Username": "Pat Q. Public", "Email": "p@q.co"}

        with redaction.guarding(params):
            inside = redaction.redact_text("Pat Q. Public / Pat%20Q.%20Public / acct-1")
        after = redaction.redact_text("Pat Q. Public")

        assert inside == "<redacted> / <redacted> / acct-1"
        assert after == "Pat Q. Public"

    def test_nested_and_listed_values(self) -> None:
        item = {"UserId": "u-1", "AlexaForBusinessMetadata": {"AlexaForBusinessRoomArn": "arn:r/9"}}

        with redaction.guarding({"UpdateUserRequestItems": [item]}):
            assert redaction.redact_text("bad arn:r/9 for u-1") == "bad <redacted> for u-1"

    def test_short_values_are_not_guarded(self) -> None:
        with redaction.guarding({"Username": "Al"}):
            assert redaction.redact_text("All is well") == "All is well"


class TestRedactRecords:
    """Records are redacted from their arguments, before any formatting."""

    def test_a_body_argument_is_redacted_by_its_structure(self) -> None:
        body = json.dumps({"User": {"DisplayName": 'Pat "the cat"', "UserId": "u-1"}}).encode()

        record = make_record("botocore.parsers", "Response body:\n%r", (body,))

        assert "the cat" not in record.getMessage()
        assert "u-1" in record.getMessage()

    def test_a_request_dict_is_redacted_and_left_unchanged(self) -> None:
        request = {
            "url": "http://h/accounts?user-email=pat%40example.com",
            "query_string": {"user-email": "pat@example.com"},
            "headers": {"X-Amz-Security-Token": "TOKEN123"},
            "body": b'{"Email": "pat@example.com"}',
        }
        before = json.dumps(request, default=repr)

        record = make_record("botocore.endpoint", "Making request with params: %s", (request,))

        assert "pat" not in record.getMessage()
        assert "TOKEN123" not in record.getMessage()
        assert json.dumps(request, default=repr) == before  # botocore's request is untouched

    def test_a_traceback_is_redacted(self) -> None:
        try:
            raise ValueError("Read timeout on endpoint URL: http://h/a?user-email=pat%40x.com")
        except ValueError as error:
            record = make_record(
                "botocore.endpoint",
                "Exception received",
                (),
                (type(error), error, error.__traceback__),
            )

        assert record.exc_text is not None
        assert "pat%40x" not in logging.Formatter().format(record)

    def test_a_record_that_cannot_be_formatted_leaks_nothing(self) -> None:
        record = make_record("botocore.endpoint", "%s and %s", ("pat@example.com",))

        assert "pat" not in record.getMessage()
        assert "withheld" in record.getMessage()

    def test_other_loggers_are_left_alone(self, caplog: pytest.LogCaptureFixture) -> None:
        ChimeAccounts(endpoint_url="http://127.0.0.1:9").close()  # installs the redaction
        with caplog.at_level(logging.DEBUG, logger="myapp"):
            logging.getLogger("myapp").debug("user %s signed in", "pat@example.com")

        assert caplog.records[-1].getMessage() == "user pat@example.com signed in"

    def test_no_record_factory_is_installed(self) -> None:
        before = logging.getLogRecordFactory()

        ChimeAccounts(endpoint_url="http://127.0.0.1:9").close()

        assert logging.getLogRecordFactory() is before

    def test_the_filter_is_on_every_library_logger_old_and_new(self) -> None:
        ChimeAccounts(endpoint_url="http://127.0.0.1:9").close()
        existing = [
            name
            for name in logging.Logger.manager.loggerDict
            if name.startswith(redaction.LOGGER_PREFIXES)
        ]
        late = logging.getLogger("botocore.created_after_the_client")
        redaction.install()  # what every library call does first

        for name in [*existing, late.name]:
            assert logging.getLogger(name).filters.count(redaction.REDACTING_FILTER) == 1, name
        assert redaction.REDACTING_FILTER not in logging.getLogger("myapp").filters

    def test_the_filter_redacts_a_late_logger_s_record(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        late = logging.getLogger("urllib3.created_later")
        redaction.install()
        with caplog.at_level(logging.DEBUG, logger="urllib3.created_later"):
            late.debug("GET /accounts?user-email=%s", "pat%40example.com")

        assert "pat" not in caplog.records[-1].getMessage()

    def test_opting_out_leaves_loggers_alone(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(redaction.OPT_OUT_VARIABLE, "0")
        late = logging.getLogger("botocore.opted_out")

        redaction.install()

        assert redaction.REDACTING_FILTER not in late.filters
