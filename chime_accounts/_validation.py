"""Checks on user input, run before any request so that nothing is half-done.

The rules mirror the constraints in botocore's service model for ``chime``; a message names
the parameter and the rule but never repeats a sensitive value such as an email address.
"""

from __future__ import annotations

import re

from ._enums import License
from .exceptions import ValidationError

__all__ = [
    "check_account_name",
    "check_id",
    "check_license",
    "check_max_items",
    "check_optional_email",
    "check_optional_token",
    "check_page_size",
]

ACCOUNT_NAME_MAX_LENGTH = 100
PAGE_SIZE_MAX = 200
_NOT_BLANK = re.compile(r".*\S.*", re.DOTALL)
# The service model's pattern for emails, anchored, with no whitespace anywhere.
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")


def _check_str(value: object, parameter: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(parameter, f"must be a string, not {type(value).__name__}")
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


def check_license(value: object, parameter: str = "default_license") -> License:
    """Return ``value`` as a :class:`License`: a member, or the string of a known one."""
    if isinstance(value, License):
        return value
    if isinstance(value, str):
        try:
            member = License(value)
        except ValueError:
            member = None
        if member is not None and not member.is_unknown:
            return member
    known = ", ".join(repr(m.value) for m in License)
    raise ValidationError(parameter, f"must be a License or one of {known}")


def check_optional_email(value: object, parameter: str = "user_email") -> str | None:
    """Return ``value`` if it is None or looks like an email address (never echoed)."""
    if value is None:
        return None
    email = _check_str(value, parameter)
    if not _EMAIL.fullmatch(email):
        raise ValidationError(parameter, "must be an email address like name@example.com")
    return email


def check_page_size(value: object, parameter: str = "page_size") -> int | None:
    """Return ``value`` if it is None or an int from 1 to 200."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(parameter, f"must be an int, not {type(value).__name__}")
    if not 1 <= value <= PAGE_SIZE_MAX:
        raise ValidationError(parameter, f"must be from 1 to {PAGE_SIZE_MAX}, not {value}")
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
