"""The bot operations, without I/O: chat bots, their security tokens and events.

Like :mod:`chime_accounts._account_ops`, each function checks its arguments and returns
the call to make.
"""

from __future__ import annotations

from . import _validation as check
from ._call import Call, ListCall, call, list_call, one
from ._models import Bot, EventsConfiguration
from ._room_ops import CHAT_PAGE_SIZE_MAX
from ._unset import UNSET
from .exceptions import ValidationError

__all__ = [
    "create_bot",
    "delete_events_configuration",
    "get_bot",
    "get_events_configuration",
    "list_bots",
    "put_events_configuration",
    "regenerate_security_token",
    "update_bot",
]


def _bot(account_id: object, bot_id: object) -> dict[str, object]:
    return {"AccountId": check.account_id(account_id), "BotId": check.check_id(bot_id, "bot_id")}


def create_bot(account_id: object, display_name: object, domain: object) -> Call[Bot]:
    """CreateBot: not idempotent, each call makes another bot."""
    params: dict[str, object] = {
        "AccountId": check.account_id(account_id),
        "DisplayName": check.check_name(display_name, "display_name"),
    }
    if domain is not None:
        params["Domain"] = check.check_id(domain, "domain")
    return call("CreateBot", params, idempotent=False, parse=one("Bot", Bot))


def get_bot(account_id: object, bot_id: object) -> Call[Bot]:
    """GetBot."""
    return call("GetBot", _bot(account_id, bot_id), idempotent=True, parse=one("Bot", Bot))


def list_bots(account_id: object, page_size: object) -> ListCall[Bot]:
    """ListBots."""
    params = {"AccountId": check.account_id(account_id)}
    page_size = check.check_page_size(page_size, maximum=CHAT_PAGE_SIZE_MAX)
    return list_call("ListBots", params, page_size=page_size, items=("Bots", Bot))


def update_bot(account_id: object, bot_id: object, disabled: object) -> Call[Bot]:
    """UpdateBot; UNSET leaves the bot as it is, and then nothing would change."""
    params = _bot(account_id, bot_id)
    changes: dict[str, object] = {}
    if disabled is not UNSET:
        changes["Disabled"] = check.check_bool(disabled, "disabled")
    check.check_changes(changes, ("disabled",))
    return call("UpdateBot", params | changes, idempotent=True, parse=one("Bot", Bot))


def regenerate_security_token(account_id: object, bot_id: object) -> Call[Bot]:
    """RegenerateSecurityToken: not idempotent, each call makes a new token."""
    params = _bot(account_id, bot_id)
    return call("RegenerateSecurityToken", params, idempotent=False, parse=one("Bot", Bot))


def get_events_configuration(account_id: object, bot_id: object) -> Call[EventsConfiguration]:
    """GetEventsConfiguration."""
    parse = one("EventsConfiguration", EventsConfiguration)
    return call("GetEventsConfiguration", _bot(account_id, bot_id), idempotent=True, parse=parse)


def put_events_configuration(
    account_id: object, bot_id: object, https_endpoint: object, lambda_function_arn: object
) -> Call[EventsConfiguration]:
    """PutEventsConfiguration: replaces the configuration whole, with exactly one target."""
    params = _bot(account_id, bot_id)
    if (https_endpoint is None) == (lambda_function_arn is None):
        # AWS's reference: "Choose either an HTTPS endpoint or a Lambda function ARN."
        raise ValidationError(
            "outbound_events_https_endpoint, lambda_function_arn", "give exactly one of them"
        )
    if https_endpoint is not None:
        params["OutboundEventsHTTPSEndpoint"] = check.check_https_url(
            https_endpoint, "outbound_events_https_endpoint"
        )
    if lambda_function_arn is not None:
        params["LambdaFunctionArn"] = check.check_lambda_arn(
            lambda_function_arn, "lambda_function_arn"
        )
    parse = one("EventsConfiguration", EventsConfiguration)
    return call("PutEventsConfiguration", params, idempotent=True, parse=parse)


def delete_events_configuration(account_id: object, bot_id: object) -> Call[None]:
    """DeleteEventsConfiguration: deleting a configuration the bot lacks succeeds."""
    return call("DeleteEventsConfiguration", _bot(account_id, bot_id), idempotent=True)
