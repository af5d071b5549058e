"""The chat bots of one account and their events configurations.

Like the users, bots know nothing about HTTP and hold no lock:
`chime_accounts.testing._store.AccountStore.bots_of` hands an account's
`BotDirectory` out under the store's lock. As AWS documents and shows: an
account has at most 10 bots, bots cannot be deleted (UpdateBot stops them),
the service appends `` (Bot)`` to the display name it is given and makes the
bot's email from that name and the domain, and a bot's user id is its bot id.
Security tokens, emails, display names and events endpoints never appear in a
``repr`` or an error message.
"""

from __future__ import annotations

import base64
import itertools
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, TypedDict

from chime_accounts.testing._service import ServiceError, to_millis

if TYPE_CHECKING:
    from mypy_boto3_chime.literals import BotTypeType

__all__ = ["MAX_BOTS", "BotDict", "BotDirectory", "BotRecord", "EventsConfigurationDict"]

MAX_BOTS = 10
"""How many bots an account may have (Amazon Chime Administration Guide, "Using chatbots")."""

DEFAULT_DOMAIN = "example.com"
"""The domain of a bot's email when CreateBot names none."""


class BotDict(TypedDict):
    """A bot as the API shapes it."""

    BotId: str
    UserId: str
    DisplayName: str
    BotType: BotTypeType
    Disabled: bool
    CreatedTimestamp: datetime
    UpdatedTimestamp: datetime
    BotEmail: str
    SecurityToken: str


class _EventsConfigurationRequired(TypedDict):
    BotId: str


class EventsConfigurationDict(_EventsConfigurationRequired, total=False):
    """A bot's events configuration as the API shapes it: one of the two targets."""

    OutboundEventsHTTPSEndpoint: str
    LambdaFunctionArn: str


def _now() -> datetime:
    return to_millis(datetime.now(timezone.utc))


def _new_token() -> str:
    # 40 characters of base64, like the tokens in AWS's examples.
    return base64.b64encode(secrets.token_bytes(30)).decode("ascii")


@dataclass(kw_only=True)
class BotRecord:
    """One stored bot; the sensitive fields stay out of its ``repr``.

    Attributes:
        seq: Creation order within the account, for paging.
        bot_id: The bot id, which is also its user id.
        display_name: The display name, `` (Bot)`` appended.
        email: The bot's email.
        disabled: Whether the bot is stopped.
        created: When it was created.
        updated: When it was created or last changed.
        security_token: The token the bot authenticates with.
        endpoint: The HTTPS endpoint of its events configuration, if any.
        lambda_arn: The Lambda function ARN of its events configuration, if any.
    """

    seq: int
    bot_id: str
    display_name: str = field(repr=False)
    email: str = field(repr=False)
    disabled: bool = False
    created: datetime
    updated: datetime
    security_token: str = field(default_factory=_new_token, repr=False)
    endpoint: str | None = field(default=None, repr=False)
    lambda_arn: str | None = field(default=None, repr=False)

    def to_dict(self) -> BotDict:
        """Return the bot as the API shapes it.

        Returns:
            A fresh dictionary.
        """
        return {
            "BotId": self.bot_id,
            "UserId": self.bot_id,
            "DisplayName": self.display_name,
            "BotType": "ChatBot",
            "Disabled": self.disabled,
            "CreatedTimestamp": self.created,
            "UpdatedTimestamp": self.updated,
            "BotEmail": self.email,
            "SecurityToken": self.security_token,
        }

    def events_configuration(self) -> EventsConfigurationDict | None:
        """Return the bot's events configuration, or ``None`` without one.

        Returns:
            A fresh dictionary, or ``None``.
        """
        if self.endpoint is None and self.lambda_arn is None:
            return None
        config: EventsConfigurationDict = {"BotId": self.bot_id}
        if self.endpoint is not None:
            config["OutboundEventsHTTPSEndpoint"] = self.endpoint
        if self.lambda_arn is not None:
            config["LambdaFunctionArn"] = self.lambda_arn
        return config


class BotDirectory:
    """The bots of one account, in creation order.

    Not thread-safe; use it only under the account store's lock
    (`AccountStore.bots_of`).

    Args:
        account_id: The owning account's id.
    """

    def __init__(self, account_id: str) -> None:
        self._account_id = account_id
        self._bots: dict[str, BotRecord] = {}
        self._seq = itertools.count()

    def get_record(self, bot_id: str) -> BotRecord | None:
        """Return the bot with this id, if there is one.

        Args:
            bot_id: The bot id.

        Returns:
            The stored bot (live), or ``None``.
        """
        return self._bots.get(bot_id)

    def find(self, bot_id: str) -> BotRecord:
        """Return one bot.

        Args:
            bot_id: The bot id.

        Returns:
            The stored bot (live, not a copy).

        Raises:
            ServiceError: ``NotFoundException`` for an unknown bot.
        """
        bot = self._bots.get(bot_id)
        if bot is None:
            raise ServiceError(
                "NotFoundException",
                f"The requested bot {bot_id} was not found in account {self._account_id}.",
            )
        return bot

    def all(self) -> list[BotRecord]:
        """Return every bot in creation order (for ListBots).

        Returns:
            The stored bots.
        """
        return list(self._bots.values())

    def add(
        self,
        display_name: str,
        *,
        domain: str | None = None,
        disabled: bool = False,
        bot_id: str | None = None,
        when: datetime | None = None,
        security_token: str | None = None,
    ) -> BotRecord:
        """Store a bot directly, checked as CreateBot checks it.

        Args:
            display_name: The name given; the bot's display name is this
                followed by `` (Bot)``.
            domain: The domain of the bot's email; ``example.com`` when omitted.
            disabled: Whether the bot is stopped.
            bot_id: The bot id; a fresh UUID when omitted.
            when: A timezone-aware creation time; now when omitted.
            security_token: The bot's token; a fresh random one when omitted.

        Returns:
            The stored bot.

        Raises:
            ValueError: For a blank display name or domain, the account's
                eleventh bot, a naive time or a duplicate bot id.
        """
        problem = self._check_new(display_name, domain)
        if problem is not None:
            raise ValueError(problem[1])
        if when is not None and when.utcoffset() is None:
            raise ValueError("when must be timezone-aware")
        new_id = bot_id if bot_id is not None else str(uuid.uuid4())
        if new_id in self._bots:
            raise ValueError(f"bot id {new_id!r} already exists")
        bot = self._insert(display_name, domain, disabled=disabled, bot_id=new_id, when=when)
        if security_token is not None:
            bot.security_token = security_token
        return bot

    def _check_new(self, display_name: str, domain: str | None) -> tuple[str, str] | None:
        """Return why a new bot cannot be made, as an error type and message."""
        if len(self._bots) >= MAX_BOTS:
            return "ResourceLimitExceededException", (
                f"Account {self._account_id} already has {MAX_BOTS} bots, the most it may have."
            )
        if not display_name.strip():
            return "BadRequestException", "DisplayName must not be blank."
        if domain is not None and not domain.strip():
            return "BadRequestException", "Domain must not be blank."
        return None

    def _insert(
        self,
        display_name: str,
        domain: str | None,
        *,
        disabled: bool,
        bot_id: str,
        when: datetime | None,
    ) -> BotRecord:
        moment = to_millis(when) if when is not None else _now()
        bot = BotRecord(
            seq=next(self._seq),
            bot_id=bot_id,
            display_name=f"{display_name} (Bot)",
            email=f"{display_name.replace(' ', '')}-chimebot@{domain or DEFAULT_DOMAIN}",
            disabled=disabled,
            created=moment,
            updated=moment,
        )
        self._bots[bot_id] = bot
        return bot

    def create(self, display_name: str, *, domain: str | None) -> BotDict:
        """Create a bot, as CreateBot does.

        Args:
            display_name: The display name given.
            domain: The domain of the bot's email, if given.

        Returns:
            The new bot, enabled, with a fresh security token.

        Raises:
            ServiceError: ``ResourceLimitExceededException`` for the account's
                eleventh bot, ``BadRequestException`` for a blank display name.
        """
        problem = self._check_new(display_name, domain)
        if problem is not None:
            raise ServiceError(*problem)
        bot = self._insert(
            display_name, domain, disabled=False, bot_id=str(uuid.uuid4()), when=None
        )
        return bot.to_dict()

    def update(self, bot_id: str, *, disabled: bool | None) -> BotDict:
        """Stop or start a bot, as UpdateBot does.

        Args:
            bot_id: The bot id.
            disabled: Whether to stop the bot, or ``None`` to keep it as it is.

        Returns:
            The bot.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown bot.
        """
        bot = self.find(bot_id)
        if disabled is not None and disabled != bot.disabled:
            bot.disabled = disabled
            bot.updated = _now()
        return bot.to_dict()

    def regenerate_token(self, bot_id: str) -> BotDict:
        """Give a bot a new security token, as RegenerateSecurityToken does.

        Args:
            bot_id: The bot id.

        Returns:
            The bot, with a token different from its last one.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown bot.
        """
        bot = self.find(bot_id)
        token = _new_token()
        while token == bot.security_token:
            token = _new_token()
        bot.security_token = token
        return bot.to_dict()

    def get_events(self, bot_id: str) -> EventsConfigurationDict:
        """Return a bot's events configuration, as GetEventsConfiguration does.

        Args:
            bot_id: The bot id.

        Returns:
            The configuration.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown bot or one
                without an events configuration.
        """
        config = self.find(bot_id).events_configuration()
        if config is None:
            raise ServiceError("NotFoundException", f"Bot {bot_id} has no events configuration.")
        return config

    def put_events(
        self, bot_id: str, *, endpoint: str | None, lambda_arn: str | None
    ) -> EventsConfigurationDict:
        """Set a bot's events configuration, as PutEventsConfiguration does.

        AWS's reference says to choose either an HTTPS endpoint or a Lambda
        function ARN, so exactly one must be given; it replaces the old one.

        Args:
            bot_id: The bot id.
            endpoint: An ``https://`` URL, or ``None``.
            lambda_arn: An AWS Lambda function ARN, or ``None``.

        Returns:
            The configuration.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown bot,
                ``BadRequestException`` for both targets or neither, an
                endpoint that is not HTTPS or an ARN that is not a Lambda
                function's.
        """
        bot = self.find(bot_id)
        if (endpoint is None) == (lambda_arn is None):
            raise ServiceError(
                "BadRequestException",
                "Give either OutboundEventsHTTPSEndpoint or LambdaFunctionArn, "
                "not both or neither.",
            )
        if endpoint is not None and not endpoint.startswith("https://"):
            raise ServiceError(
                "BadRequestException", "OutboundEventsHTTPSEndpoint must be an https:// URL."
            )
        if lambda_arn is not None and not lambda_arn.startswith("arn:aws:lambda:"):
            raise ServiceError(
                "BadRequestException", "LambdaFunctionArn must be an AWS Lambda function ARN."
            )
        bot.endpoint, bot.lambda_arn = endpoint, lambda_arn
        return self.get_events(bot_id)

    def delete_events(self, bot_id: str) -> None:
        """Remove a bot's events configuration, as DeleteEventsConfiguration does.

        Removing a configuration the bot does not have succeeds.

        Args:
            bot_id: The bot id.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown bot.
        """
        bot = self.find(bot_id)
        bot.endpoint = bot.lambda_arn = None
