"""Checks on user input, run before any request so that nothing is half-done.

The rules mirror the constraints in botocore's service model for ``chime``; a message names
the parameter and the rule but never repeats a sensitive value such as an email address.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeVar, cast

from botocore.config import Config

from ._enums import License, OpenEnum
from ._retry import RetryPolicy
from .exceptions import ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

E = TypeVar("E", bound=OpenEnum)
T = TypeVar("T")

__all__ = [
    "account_id",
    "check_account_name",
    "check_bool",
    "check_changes",
    "check_client_options",
    "check_client_request_token",
    "check_email",
    "check_enum",
    "check_https_url",
    "check_id",
    "check_instance",
    "check_int_range",
    "check_lambda_arn",
    "check_license",
    "check_list",
    "check_max_items",
    "check_name",
    "check_optional_email",
    "check_optional_token",
    "check_page_size",
    "check_phone_number",
    "user_id",
]

ACCOUNT_NAME_MAX_LENGTH = 100
PAGE_SIZE_MAX = 200
# The service model's E164PhoneNumber pattern, ^\+?[1-9]\d{1,14}$, with ASCII digits only.
_E164 = re.compile(r"\+?[1-9][0-9]{1,14}")
# The service model's ClientRequestToken: 2-64 characters of this pattern.
_CLIENT_REQUEST_TOKEN = re.compile(r"[-_a-zA-Z0-9]{2,64}")
# A Lambda function ARN, in any partition (aws, aws-cn, aws-us-gov, ...).
_LAMBDA_ARN = re.compile(r"arn:aws[a-z-]*:lambda:\S+")
_NOT_BLANK = re.compile(r".*\S.*", re.DOTALL)
# The service model's pattern for emails, anchored, with no whitespace anywhere.
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# botocore's rule for region names (botocore.utils.validate_region_name).
_REGION = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?")


def _check_str(value: object, parameter: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(parameter, f"must be a string, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates: no UTF-8 request can carry them, and botocore fails to encode them.
        raise ValidationError(parameter, "must be valid Unicode text") from None
    return value


def _check_no_control_characters(value: str, parameter: str) -> None:
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        raise ValidationError(parameter, "must not contain control characters")


def check_account_name(value: object, parameter: str = "name") -> str:
    """Return ``value`` if it is a valid account name: 1-100 characters, not blank."""
    name = _check_str(value, parameter)
    if not _NOT_BLANK.fullmatch(name):
        raise ValidationError(parameter, "must not be empty or blank")
    if len(name) > ACCOUNT_NAME_MAX_LENGTH:
        raise ValidationError(
            parameter, f"must be at most {ACCOUNT_NAME_MAX_LENGTH} characters, not {len(name)}"
        )
    _check_no_control_characters(name, parameter)
    return name


def check_id(value: object, parameter: str) -> str:
    """Return ``value`` if it is a valid resource id: a non-blank string."""
    identifier = _check_str(value, parameter)
    if not _NOT_BLANK.fullmatch(identifier):
        raise ValidationError(parameter, "must not be empty or blank")
    _check_no_control_characters(identifier, parameter)
    return identifier


def check_name(value: object, parameter: str) -> str:
    """Return ``value`` if it is a valid name (of a room, a bot): non-blank, never echoed.

    The service model puts no other limit on these names; it flags them sensitive.
    """
    return check_id(value, parameter)


def check_phone_number(value: object, parameter: str) -> str:
    """Return ``value`` if it is an E.164 phone number like +12065550100 (never echoed)."""
    number = _check_str(value, parameter)
    if not _E164.fullmatch(number):
        raise ValidationError(
            parameter, "must be an E.164 phone number: up to 15 digits after an optional +"
        )
    return number


def check_client_request_token(value: object, parameter: str) -> str:
    """Return ``value`` if it is a valid idempotency token (never echoed)."""
    token = _check_str(value, parameter)
    if not _CLIENT_REQUEST_TOKEN.fullmatch(token):
        raise ValidationError(
            parameter, "must be 2-64 characters, each a letter, a digit, '-' or '_'"
        )
    return token


def check_https_url(value: object, parameter: str) -> str:
    """Return ``value`` if it is an ``https://`` URL without whitespace (never echoed)."""
    url = _check_str(value, parameter)
    if url[: len("https://")].lower() != "https://" or len(url) == len("https://"):
        raise ValidationError(parameter, "must be an https:// URL")
    if any(char.isspace() for char in url):
        raise ValidationError(parameter, "must not contain whitespace")
    _check_no_control_characters(url, parameter)
    return url


def check_lambda_arn(value: object, parameter: str) -> str:
    """Return ``value`` if it is an AWS Lambda function ARN (never echoed)."""
    arn = _check_str(value, parameter)
    if not _LAMBDA_ARN.fullmatch(arn):
        raise ValidationError(
            parameter, "must be a Lambda function ARN like arn:aws:lambda:REGION:ACCOUNT:..."
        )
    _check_no_control_characters(arn, parameter)
    return arn


def account_id(value: object) -> str:
    """Return ``value`` if it is a valid ``account_id`` argument."""
    return check_id(value, "account_id")


def user_id(value: object) -> str:
    """Return ``value`` if it is a valid ``user_id`` argument."""
    return check_id(value, "user_id")


def check_enum(value: object, enum_class: type[E], parameter: str) -> E:
    """Return ``value`` as a member of ``enum_class``: a member, or the string of a known one.

    Unknown members read from the service are accepted, so they can be written back.
    """
    if isinstance(value, enum_class):
        return value
    if isinstance(value, str):
        member = enum_class(value)
        if not member.is_unknown:
            return member
    known = ", ".join(repr(m.value) for m in enum_class)
    raise ValidationError(parameter, f"must be a {enum_class.__name__} or one of {known}")


def check_license(value: object, parameter: str = "default_license") -> License:
    """Return ``value`` as a :class:`License`: a member, or the string of a known one."""
    return check_enum(value, License, parameter)


def check_bool(value: object, parameter: str) -> bool:
    """Return ``value`` if it is a bool (not merely truthy)."""
    if not isinstance(value, bool):
        raise ValidationError(parameter, f"must be a bool, not {type(value).__name__}")
    return value


def check_instance(value: object, cls: type[T], parameter: str) -> T:
    """Return ``value`` if it is an instance of ``cls``."""
    if not isinstance(value, cls):
        raise ValidationError(parameter, f"must be a {cls.__name__}, not {type(value).__name__}")
    return value


def check_email(value: object, parameter: str) -> str:
    """Return ``value`` if it looks like an email address (never echoed)."""
    email = _check_str(value, parameter)
    if not _EMAIL.fullmatch(email) or any(ord(c) < 0x20 or ord(c) == 0x7F for c in email):
        raise ValidationError(parameter, "must be an email address like name@example.com")
    return email


def check_list(
    value: object, check_item: Callable[[object, str], T], parameter: str, *, min_length: int = 0
) -> tuple[T, ...]:
    """Return ``value`` as a tuple of checked items: a list or tuple, not a lone string."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise ValidationError(parameter, f"must be a list, not {type(value).__name__}")
    items = cast("list[object] | tuple[object, ...]", value)
    if len(items) < min_length:
        raise ValidationError(parameter, f"must hold at least {min_length} item(s)")
    return tuple(check_item(item, f"{parameter}[{index}]") for index, item in enumerate(items))


def check_optional_email(value: object, parameter: str = "user_email") -> str | None:
    """Return ``value`` if it is None or looks like an email address (never echoed)."""
    return None if value is None else check_email(value, parameter)


def check_page_size(
    value: object, parameter: str = "page_size", *, maximum: int = PAGE_SIZE_MAX
) -> int | None:
    """Return ``value`` if it is None or an int from 1 to ``maximum`` (200 by default)."""
    if value is None:
        return None
    return check_int_range(value, parameter, 1, maximum)


def check_int_range(value: object, parameter: str, minimum: int, maximum: int) -> int:
    """Return ``value`` if it is an int (not a bool) from ``minimum`` to ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(parameter, f"must be an int, not {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise ValidationError(parameter, f"must be from {minimum} to {maximum}, not {value}")
    return value


def check_max_items(value: object, parameter: str = "max_items") -> int | None:
    """Return ``value`` if it is None or a positive int."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(parameter, f"must be an int, not {type(value).__name__}")
    if value < 1:
        raise ValidationError(parameter, f"must be at least 1, not {value}")
    return value


def check_optional_token(value: object, parameter: str = "starting_token") -> str | None:
    """Return ``value`` if it is None or a non-empty string."""
    if value is None:
        return None
    token = _check_str(value, parameter)
    if not token:
        raise ValidationError(parameter, "must not be empty; pass None to start at the beginning")
    return token


def check_changes(changes: Mapping[str, object], parameters: tuple[str, ...]) -> None:
    """Refuse an update that changes nothing: none of ``parameters`` was given."""
    if not changes:
        raise ValidationError(
            ", ".join(parameters), "give at least one: there is nothing to change"
        )


def check_client_options(
    *,
    retry: object,
    config: object,
    region_name: object,
    endpoint_url: object,
    profile_name: object,
) -> None:
    """Check the types of a client's constructor options, so a mistake fails at once."""
    if retry is not None:
        check_instance(retry, RetryPolicy, "retry")
    if config is not None:
        check_instance(config, Config, "config")
    region = _check_str(region_name, "region_name")
    if not _REGION.fullmatch(region):
        raise ValidationError("region_name", "must be a region name like us-east-1")
    if endpoint_url is not None:
        url = _check_str(endpoint_url, "endpoint_url")
        if not url.startswith(("http://", "https://")):
            raise ValidationError("endpoint_url", "must be an http:// or https:// URL")
    if profile_name is not None:
        check_id(profile_name, "profile_name")
