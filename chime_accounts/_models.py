"""Frozen models of the Chime service's shapes, named after them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from ._converter import converter
from ._enums import AccountStatus, AccountType, License

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Account", "SigninDelegateGroup"]


class _Model:
    """Conversion to and from the AWS-shaped dicts that boto3 speaks."""

    __slots__ = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build the model from an AWS-shaped dict, as boto3 returns it.

        Raises:
            cattrs.BaseValidationError: ``data`` does not match the model.
        """
        model: Self = converter.structure(data, cls)
        return model

    def to_dict(self) -> dict[str, Any]:
        """Return the AWS-shaped dict: AWS member names, enum values, datetimes, lists."""
        result: dict[str, Any] = converter.unstructure(self)
        return result


@attrs.frozen(kw_only=True)
class SigninDelegateGroup(_Model):
    """An Active Directory group whose members may sign in to a Chime account.

    Attributes:
        group_name: The group's name.
    """

    group_name: str | None = None


@attrs.frozen(kw_only=True)
class Account(_Model):
    """An Amazon Chime account.

    Attributes:
        aws_account_id: The AWS account that owns the Chime account.
        account_id: The Chime account ID.
        name: The account name.
        account_type: Team, EnterpriseDirectory, EnterpriseLWA or EnterpriseOIDC.
        created_timestamp: When the account was created, in UTC.
        default_license: The license assigned to new users.
        supported_licenses: The licenses the account supports.
        account_status: Active or Suspended; older responses do not carry it.
        signin_delegate_groups: Active Directory groups that may sign in.
    """

    aws_account_id: str
    account_id: str
    name: str
    account_type: AccountType | None = None
    created_timestamp: dt.datetime | None = None
    default_license: License | None = None
    supported_licenses: tuple[License, ...] = ()
    account_status: AccountStatus | None = None
    signin_delegate_groups: tuple[SigninDelegateGroup, ...] = ()
