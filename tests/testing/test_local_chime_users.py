"""LocalChime's account settings, sign-in delegate groups, users and user settings."""

from __future__ import annotations

import http.client
import json
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from chime_accounts.testing import Fault, LocalChime
from chime_accounts.testing._responses import OPERATIONS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from botocore.model import ServiceModel
    from mypy_boto3_chime.client import ChimeClient
    from mypy_boto3_chime.type_defs import (
        AlexaForBusinessMetadataTypeDef,
        TelephonySettingsTypeDef,
    )

NO_RETRY = Config(retries={"total_max_attempts": 1})
TELEPHONY_ON: TelephonySettingsTypeDef = {
    "InboundCalling": True,
    "OutboundCalling": True,
    "SMS": True,
}

# Operation -> (account type it needs, a valid request body).
USER_OPERATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "GetAccountSettings": ("Team", {}),
    "UpdateAccountSettings": ("Team", {"AccountSettings": {"EnableDialOut": False}}),
    "AssociateSigninDelegateGroupsWithAccount": (
        "Team",
        {"SigninDelegateGroups": [{"GroupName": "admins"}]},
    ),
    "DisassociateSigninDelegateGroupsFromAccount": ("Team", {"GroupNames": ["admins"]}),
    "CreateUser": ("Team", {"Email": "new@example.com"}),
    "GetUser": ("Team", {}),
    "UpdateUser": ("Team", {"LicenseType": "Basic"}),
    "ResetPersonalPIN": ("Team", {}),
    "LogoutUser": ("Team", {}),
    "ListUsers": ("Team", {}),
    "InviteUsers": ("Team", {"UserEmailList": ["invitee@example.com"]}),
    "BatchSuspendUser": ("Team", {"UserIdList": ["{userId}"]}),
    "BatchUnsuspendUser": ("EnterpriseLWA", {"UserIdList": ["{userId}"]}),
    "BatchUpdateUser": ("Team", {"UpdateUserRequestItems": [{"UserId": "{userId}"}]}),
    "GetUserSettings": ("Team", {}),
    "UpdateUserSettings": ("Team", {"UserSettings": {"Telephony": TELEPHONY_ON}}),
}


def raw_request(
    server: LocalChime, method: str, path: str, body: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request(method, path, body=body)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def error_code(exc: pytest.ExceptionInfo[ClientError]) -> str | None:
    return exc.value.response.get("Error", {}).get("Code")


def error_message(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return exc.value.response.get("Error", {}).get("Message", "")


def http_status(exc: pytest.ExceptionInfo[ClientError]) -> int | None:
    return exc.value.response.get("ResponseMetadata", {}).get("HTTPStatusCode")


@pytest.fixture(scope="module")
def chime_model() -> ServiceModel:
    return botocore.session.get_session().get_service_model("chime")


@pytest.fixture
def server() -> Iterator[LocalChime]:
    with LocalChime() as chime_server:
        yield chime_server


@pytest.fixture
def client(server: LocalChime) -> ChimeClient:
    return server.client(NO_RETRY)


@pytest.fixture
def lenient_client(server: LocalChime) -> ChimeClient:
    """A client that skips botocore's own parameter validation."""
    return server.client(Config(parameter_validation=False, retries={"total_max_attempts": 1}))


@pytest.fixture
def account_id(client: ChimeClient) -> str:
    return client.create_account(Name="Team Account")["Account"]["AccountId"]


@pytest.fixture
def lwa_account_id(server: LocalChime) -> str:
    return server.add_account("LWA Account", account_type="EnterpriseLWA")["AccountId"]


@pytest.fixture
def user_id(client: ChimeClient, account_id: str) -> str:
    made = client.create_user(AccountId=account_id, Email="pat@example.com", Username="Pat")
    return made["User"]["UserId"]


class TestRoutes:
    """Each new operation is routed as botocore's model says, static query included."""

    @pytest.mark.parametrize("operation", sorted(USER_OPERATIONS))
    def test_route_matches_model(
        self, chime_model: ServiceModel, server: LocalChime, operation: str
    ) -> None:
        account_type, body = USER_OPERATIONS[operation]
        account = server.add_account("Routed", account_type=account_type)["AccountId"]  # type: ignore[arg-type]
        user = server.add_user(account, "routed@example.com", suspended=True)
        http = chime_model.operation_model(operation).http
        path = http["requestUri"].replace("{accountId}", account).replace("{userId}", user)
        payload = json.dumps(body).replace("{userId}", user).encode()
        status, _, answer = raw_request(server, http["method"], path, payload)
        assert (server.requests[-1].operation, status) == (
            operation,
            http.get("responseCode", 200),
        ), answer

    def test_serves_the_account_and_user_operations(self) -> None:
        # tests/testing/test_local_chime_chat.py checks that nothing else is served.
        account_ops = {"CreateAccount", "GetAccount", "ListAccounts", "UpdateAccount"}
        assert account_ops | {"DeleteAccount"} | set(USER_OPERATIONS) <= set(OPERATIONS)

    def test_query_discriminated_routes(self, chime_model: ServiceModel) -> None:
        uris = {
            op: chime_model.operation_model(op).http["requestUri"]
            for op in ("CreateUser", "InviteUsers", "BatchSuspendUser", "BatchUpdateUser")
        }
        assert uris == {
            "CreateUser": "/accounts/{accountId}/users?operation=create",
            "InviteUsers": "/accounts/{accountId}/users?operation=add",
            "BatchSuspendUser": "/accounts/{accountId}/users?operation=suspend",
            "BatchUpdateUser": "/accounts/{accountId}/users",
        }

    def test_plain_post_is_update_account(self, server: LocalChime, account_id: str) -> None:
        status, _, body = raw_request(server, "POST", f"/accounts/{account_id}", b'{"Name": "X"}')
        assert (server.requests[-1].operation, status) == ("UpdateAccount", 200)
        assert json.loads(body)["Account"]["Name"] == "X"

    @pytest.mark.parametrize(
        "path",
        [
            "/accounts/{a}/users?operation=bogus",
            "/accounts/{a}/users?operation=create&operation=add",
            "/accounts/{a}?operation=",
        ],
    )
    def test_unknown_operation_query_is_404(
        self, server: LocalChime, account_id: str, path: str
    ) -> None:
        status, headers, _ = raw_request(server, "POST", path.format(a=account_id), b"{}")
        assert status == 404
        assert headers["x-amzn-errortype"] == "UnknownOperationException"
        assert server.requests[-1].operation is None

    def test_boto3_calls_are_logged_with_their_query(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.clear_requests()
        client.create_user(AccountId=account_id, Email="log@example.com")
        (req,) = server.requests
        assert (req.operation, req.method, req.query, req.status) == (
            "CreateUser",
            "POST",
            {"operation": ["create"]},
            201,
        )
        assert req.path == f"/accounts/{account_id}/users"


class TestAccountSettings:
    def test_defaults(self, client: ChimeClient, account_id: str) -> None:
        got = client.get_account_settings(AccountId=account_id)["AccountSettings"]
        assert got == {"DisableRemoteControl": False, "EnableDialOut": True}

    def test_update_merges_given_members(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        resp = client.update_account_settings(
            AccountId=account_id, AccountSettings={"DisableRemoteControl": True}
        )
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
        client.update_account_settings(AccountId=account_id, AccountSettings={})
        expected = {"DisableRemoteControl": True, "EnableDialOut": True}
        assert client.get_account_settings(AccountId=account_id)["AccountSettings"] == expected
        client.update_account_settings(
            AccountId=account_id, AccountSettings={"EnableDialOut": False}
        )
        assert server.account_settings(account_id) == {
            "DisableRemoteControl": True,
            "EnableDialOut": False,
        }

    def test_missing_settings_is_400(self, server: LocalChime, account_id: str) -> None:
        status, _, _ = raw_request(server, "PUT", f"/accounts/{account_id}/settings", b"{}")
        assert status == 400

    def test_non_boolean_is_400(self, lenient_client: ChimeClient, account_id: str) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.update_account_settings(
                AccountId=account_id,
                AccountSettings={"EnableDialOut": "yes"},  # type: ignore[typeddict-item]
            )
        assert error_code(exc) == "BadRequestException"

    def test_unknown_account(self, client: ChimeClient) -> None:
        with pytest.raises(ClientError) as exc:
            client.get_account_settings(AccountId="nope")
        assert (error_code(exc), http_status(exc)) == ("NotFoundException", 404)
        with pytest.raises(ClientError) as exc:
            client.update_account_settings(AccountId="nope", AccountSettings={})
        assert error_code(exc) == "NotFoundException"


class TestSigninDelegateGroups:
    def test_associate_dedupes_and_shows_in_get_account(
        self, client: ChimeClient, account_id: str
    ) -> None:
        resp = client.associate_signin_delegate_groups_with_account(
            AccountId=account_id,
            SigninDelegateGroups=[{"GroupName": "a"}, {"GroupName": "b"}, {"GroupName": "a"}],
        )
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
        client.associate_signin_delegate_groups_with_account(
            AccountId=account_id, SigninDelegateGroups=[{"GroupName": "b"}, {"GroupName": "c"}]
        )
        groups = client.get_account(AccountId=account_id)["Account"].get("SigninDelegateGroups")
        assert groups == [{"GroupName": "a"}, {"GroupName": "b"}, {"GroupName": "c"}]

    def test_answers_empty_object(self, server: LocalChime, account_id: str) -> None:
        status, _, body = raw_request(
            server,
            "POST",
            f"/accounts/{account_id}?operation=disassociate-signin-delegate-groups",
            b'{"GroupNames": ["x"]}',
        )
        assert (status, body) == (200, b"{}")

    def test_disassociate_removes_and_ignores_unknown(
        self, server: LocalChime, client: ChimeClient
    ) -> None:
        account = server.add_account("AD", signin_delegate_groups=("a", "b", "c"))["AccountId"]
        client.disassociate_signin_delegate_groups_from_account(
            AccountId=account, GroupNames=["b", "zzz"]
        )
        assert server.accounts()[0]["SigninDelegateGroups"] == [
            {"GroupName": "a"},
            {"GroupName": "c"},
        ]

    def test_empty_group_names_is_400(self, lenient_client: ChimeClient, account_id: str) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.disassociate_signin_delegate_groups_from_account(
                AccountId=account_id, GroupNames=[]
            )
        assert error_code(exc) == "BadRequestException"

    @pytest.mark.parametrize("group", [{}, {"GroupName": "  "}])
    def test_bad_group_is_400(
        self, lenient_client: ChimeClient, account_id: str, group: dict[str, str]
    ) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.associate_signin_delegate_groups_with_account(
                AccountId=account_id,
                SigninDelegateGroups=[group],  # type: ignore[list-item]
            )
        assert error_code(exc) == "BadRequestException"

    def test_unknown_account(self, client: ChimeClient) -> None:
        with pytest.raises(ClientError) as exc:
            client.associate_signin_delegate_groups_with_account(
                AccountId="nope", SigninDelegateGroups=[{"GroupName": "a"}]
            )
        assert error_code(exc) == "NotFoundException"


class TestCreateGetUpdateUser:
    def test_create_defaults(self, server: LocalChime, client: ChimeClient) -> None:
        account = server.add_account("Basic Co", default_license="Basic")["AccountId"]
        resp = client.create_user(AccountId=account, Username="Ana Kim", Email="ana@example.com")
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
        user = resp["User"]
        invited_on = user.get("InvitedOn")
        assert invited_on is not None
        assert abs(datetime.now(timezone.utc) - invited_on) < timedelta(minutes=1)
        assert user == {
            "UserId": user["UserId"],
            "AccountId": account,
            "PrimaryEmail": "ana@example.com",
            "DisplayName": "Ana Kim",
            "LicenseType": "Basic",
            "UserType": "PrivateUser",
            "UserRegistrationStatus": "Unregistered",
            "UserInvitationStatus": "Pending",
            "InvitedOn": invited_on,
            "AlexaForBusinessMetadata": {"IsAlexaForBusinessEnabled": False},
        }
        assert len(user["UserId"]) == 36
        assert server.users(account) == [user]

    def test_create_without_email_or_name(self, client: ChimeClient, account_id: str) -> None:
        user = client.create_user(AccountId=account_id, UserType="SharedDevice")["User"]
        assert "PrimaryEmail" not in user
        assert "DisplayName" not in user
        assert user.get("UserType") == "SharedDevice"

    def test_get_returns_what_create_made(
        self, client: ChimeClient, account_id: str, user_id: str
    ) -> None:
        got = client.get_user(AccountId=account_id, UserId=user_id)["User"]
        assert got == client.list_users(AccountId=account_id)["Users"][0]
        assert got.get("DisplayName") == "Pat"

    def test_email_taken_in_account_is_409(
        self, server: LocalChime, client: ChimeClient, account_id: str, user_id: str
    ) -> None:
        with pytest.raises(ClientError) as exc:
            client.create_user(AccountId=account_id, Email="PAT@example.com")
        assert (error_code(exc), http_status(exc)) == ("ConflictException", 409)
        assert "pat@" not in error_message(exc).lower()
        assert [u["UserId"] for u in server.users(account_id)] == [user_id]

    def test_same_email_in_another_account_is_fine(
        self, server: LocalChime, client: ChimeClient, user_id: str
    ) -> None:
        other = server.add_account("Other")["AccountId"]
        assert client.create_user(AccountId=other, Email="pat@example.com")["User"]["UserId"]

    @pytest.mark.parametrize("email", ["not-an-email", "a@b", ""])
    def test_bad_email_is_400(
        self, lenient_client: ChimeClient, account_id: str, email: str
    ) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.create_user(AccountId=account_id, Email=email)
        assert error_code(exc) == "BadRequestException"

    def test_bad_user_type_is_400(self, lenient_client: ChimeClient, account_id: str) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.create_user(AccountId=account_id, UserType="Robot")  # type: ignore[arg-type]
        assert error_code(exc) == "BadRequestException"

    def test_update_changes_only_given(
        self, client: ChimeClient, account_id: str, user_id: str
    ) -> None:
        before = client.get_user(AccountId=account_id, UserId=user_id)["User"]
        after = client.update_user(AccountId=account_id, UserId=user_id, LicenseType="Basic")
        assert after["User"] == {**before, "LicenseType": "Basic"}
        alexa: AlexaForBusinessMetadataTypeDef = {
            "IsAlexaForBusinessEnabled": True,
            "AlexaForBusinessRoomArn": "arn:room",
        }
        again = client.update_user(
            AccountId=account_id,
            UserId=user_id,
            UserType="SharedDevice",
            AlexaForBusinessMetadata=alexa,
        )["User"]
        assert again == {
            **before,
            "LicenseType": "Basic",
            "UserType": "SharedDevice",
            "AlexaForBusinessMetadata": alexa,
        }
        assert client.get_user(AccountId=account_id, UserId=user_id)["User"] == again

    @pytest.mark.parametrize("license_", ["Plus", "ProTrial"])
    def test_update_unsupported_license_is_400(
        self, client: ChimeClient, account_id: str, user_id: str, license_: Any
    ) -> None:
        with pytest.raises(ClientError) as exc:
            client.update_user(AccountId=account_id, UserId=user_id, LicenseType=license_)
        assert error_code(exc) == "BadRequestException"
        assert client.get_user(AccountId=account_id, UserId=user_id)["User"].get("LicenseType") == (
            "Pro"
        )

    @pytest.mark.parametrize(
        ("method", "kwargs"),
        [
            ("get_user", {}),
            ("update_user", {"LicenseType": "Basic"}),
            ("reset_personal_pin", {}),
            ("logout_user", {}),
            ("get_user_settings", {}),
            ("update_user_settings", {"UserSettings": {"Telephony": TELEPHONY_ON}}),
        ],
    )
    @pytest.mark.parametrize("unknown", ["account", "user"])
    def test_unknown_account_or_user_is_404(
        self,
        server: LocalChime,
        client: ChimeClient,
        account_id: str,
        user_id: str,
        method: str,
        kwargs: dict[str, Any],
        unknown: str,
    ) -> None:
        other = server.add_account("Other")["AccountId"]
        ids = (
            {"AccountId": "nope", "UserId": user_id}
            # A user of another account is unknown in this one.
            if unknown == "account"
            else {"AccountId": other, "UserId": user_id}
        )
        with pytest.raises(ClientError) as exc:
            getattr(client, method)(**ids, **kwargs)
        assert (error_code(exc), http_status(exc)) == ("NotFoundException", 404)

    @pytest.mark.parametrize(
        "method", ["create_user", "list_users", "invite_users", "batch_suspend_user"]
    )
    def test_unknown_account_for_account_level_user_calls(
        self, lenient_client: ChimeClient, method: str
    ) -> None:
        kwargs: dict[str, Any] = {
            "invite_users": {"UserEmailList": ["a@example.com"]},
            "batch_suspend_user": {"UserIdList": ["u"]},
        }.get(method, {})
        with pytest.raises(ClientError) as exc:
            getattr(lenient_client, method)(AccountId="nope", **kwargs)
        assert error_code(exc) == "NotFoundException"


class TestPinAndLogout:
    def test_reset_pin_is_fresh_digits_and_stored(
        self, server: LocalChime, client: ChimeClient, account_id: str, user_id: str
    ) -> None:
        first = client.reset_personal_pin(AccountId=account_id, UserId=user_id)["User"]
        pin = first.get("PersonalPIN")
        assert pin is not None
        assert pin.isdigit()
        assert len(pin) == 10
        second = client.reset_personal_pin(AccountId=account_id, UserId=user_id)["User"]
        assert second.get("PersonalPIN") not in {None, pin}
        assert server.users(account_id)[0].get("PersonalPIN") == second.get("PersonalPIN")
        assert client.get_user(AccountId=account_id, UserId=user_id)["User"] == second

    def test_logout_is_204_and_counted(
        self, server: LocalChime, client: ChimeClient, account_id: str, user_id: str
    ) -> None:
        assert server.logout_count(account_id, user_id) == 0
        for _ in range(2):
            resp = client.logout_user(AccountId=account_id, UserId=user_id)
            assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
        assert server.logout_count(account_id, user_id) == 2
        assert server.requests[-1].status == 204


class TestListUsers:
    @pytest.fixture
    def emails(self, server: LocalChime, account_id: str) -> list[str]:
        made = [f"user{i:02d}@example.com" for i in range(7)]
        for i, email in enumerate(made):
            server.add_user(
                account_id, email, user_type="SharedDevice" if i % 3 == 0 else "PrivateUser"
            )
        return made

    def pages(self, client: ChimeClient, **kwargs: Any) -> list[list[str]]:
        pages: list[list[str]] = []
        token = None
        while True:
            call = dict(kwargs, **({"NextToken": token} if token else {}))
            resp = client.list_users(**call)
            pages.append([u.get("PrimaryEmail", "") for u in resp["Users"]])
            token = resp.get("NextToken")
            if token is None:
                return pages

    def test_pages_in_creation_order(
        self, client: ChimeClient, account_id: str, emails: list[str]
    ) -> None:
        pages = self.pages(client, AccountId=account_id, MaxResults=3)
        assert pages == [emails[0:3], emails[3:6], emails[6:]]

    def test_default_page_size_is_100(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        for i in range(130):
            server.add_user(account_id, f"bulk{i}@example.com")
        first = client.list_users(AccountId=account_id)
        assert len(first["Users"]) == 100
        token = first.get("NextToken")
        assert token is not None
        rest = client.list_users(AccountId=account_id, NextToken=token)
        assert len(rest["Users"]) == 30
        assert "NextToken" not in rest

    def test_paginator_and_snapshot_agree(
        self, server: LocalChime, client: ChimeClient, account_id: str, emails: list[str]
    ) -> None:
        paginator = client.get_paginator("list_users")
        listed = [
            u
            for page in paginator.paginate(AccountId=account_id, PaginationConfig={"PageSize": 2})
            for u in page["Users"]
        ]
        assert listed == server.users(account_id)
        assert len(listed) == len(emails)

    def test_email_filter_is_case_insensitive_exact(
        self, client: ChimeClient, account_id: str, emails: list[str]
    ) -> None:
        assert self.pages(client, AccountId=account_id, UserEmail="USER03@Example.com") == [
            [emails[3]]
        ]
        assert self.pages(client, AccountId=account_id, UserEmail="user0@example.com") == [[]]

    def test_user_type_filter_pages(
        self, client: ChimeClient, account_id: str, emails: list[str]
    ) -> None:
        pages = self.pages(client, AccountId=account_id, UserType="SharedDevice", MaxResults=2)
        assert pages == [[emails[0], emails[3]], [emails[6]]]

    def test_only_this_accounts_users(
        self, server: LocalChime, client: ChimeClient, account_id: str, emails: list[str]
    ) -> None:
        other = server.add_account("Other")["AccountId"]
        server.add_user(other, "elsewhere@example.com")
        assert self.pages(client, AccountId=other) == [["elsewhere@example.com"]]

    def test_token_for_other_filters_or_account_is_400(
        self, server: LocalChime, client: ChimeClient, account_id: str, emails: list[str]
    ) -> None:
        token = client.list_users(AccountId=account_id, MaxResults=2).get("NextToken")
        assert token is not None
        other = server.add_account("Other")["AccountId"]
        for kwargs in (
            {"AccountId": account_id, "UserType": "PrivateUser"},
            {"AccountId": other},
        ):
            with pytest.raises(ClientError) as exc:
                client.list_users(**kwargs, MaxResults=2, NextToken=token)  # type: ignore[arg-type]
            assert error_code(exc) == "BadRequestException"
        accounts_token = "garbage"
        with pytest.raises(ClientError) as exc:
            client.list_users(AccountId=account_id, NextToken=accounts_token)
        assert error_code(exc) == "BadRequestException"

    def test_account_token_is_refused_by_list_users(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.add_account("Second")
        token = client.list_accounts(MaxResults=1).get("NextToken")
        assert token is not None
        with pytest.raises(ClientError) as exc:
            client.list_users(AccountId=account_id, NextToken=token)
        assert error_code(exc) == "BadRequestException"

    def test_users_added_while_paging_show_up_later(
        self, server: LocalChime, client: ChimeClient, account_id: str, emails: list[str]
    ) -> None:
        first = client.list_users(AccountId=account_id, MaxResults=5)
        server.add_user(account_id, "late@example.com")
        token = first.get("NextToken")
        assert token is not None
        rest = client.list_users(AccountId=account_id, MaxResults=5, NextToken=token)
        assert [u.get("PrimaryEmail") for u in rest["Users"]] == [*emails[5:], "late@example.com"]

    @pytest.mark.parametrize(
        "kwargs",
        [{"MaxResults": 0}, {"MaxResults": 201}, {"UserType": "Robot"}, {"UserEmail": "x"}],
    )
    def test_bad_query_is_400(
        self, lenient_client: ChimeClient, account_id: str, kwargs: dict[str, Any]
    ) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.list_users(AccountId=account_id, **kwargs)
        assert error_code(exc) == "BadRequestException"


class TestInviteUsers:
    def test_invites_create_pending_users(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        resp = client.invite_users(
            AccountId=account_id,
            UserEmailList=["a@example.com", "b@example.com"],
            UserType="SharedDevice",
        )
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
        invites = resp["Invites"]
        assert [
            (i.get("EmailAddress"), i.get("Status"), i.get("EmailStatus")) for i in invites
        ] == [
            ("a@example.com", "Pending", "Sent"),
            ("b@example.com", "Pending", "Sent"),
        ]
        assert len({i.get("InviteId") for i in invites}) == 2
        users = server.users(account_id)
        assert [
            (
                u.get("PrimaryEmail"),
                u["UserType"],
                u["UserRegistrationStatus"],
                u["UserInvitationStatus"],
                u["LicenseType"],
            )
            for u in users
        ] == [
            ("a@example.com", "SharedDevice", "Unregistered", "Pending", "Pro"),
            ("b@example.com", "SharedDevice", "Unregistered", "Pending", "Pro"),
        ]

    def test_existing_users_are_reinvited_not_duplicated(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        kept = server.add_user(account_id, "kept@example.com")
        gone = server.add_user(account_id, "gone@example.com", suspended=True)
        invites = client.invite_users(
            AccountId=account_id,
            UserEmailList=["KEPT@example.com", "gone@example.com", "kept@example.com"],
        )["Invites"]
        assert [i.get("EmailAddress") for i in invites] == ["KEPT@example.com", "gone@example.com"]
        by_id = {u["UserId"]: u for u in server.users(account_id)}
        assert set(by_id) == {kept, gone}
        assert by_id[kept]["UserRegistrationStatus"] == "Registered"
        assert by_id[kept]["UserInvitationStatus"] == "Pending"
        # Re-inviting lifts a Team account suspension.
        assert by_id[gone]["UserRegistrationStatus"] == "Unregistered"

    @pytest.mark.parametrize(
        "account_type", ["EnterpriseLWA", "EnterpriseDirectory", "EnterpriseOIDC"]
    )
    def test_only_team_accounts(
        self, server: LocalChime, client: ChimeClient, account_type: Any
    ) -> None:
        account = server.add_account("Ent", account_type=account_type)["AccountId"]
        with pytest.raises(ClientError) as exc:
            client.invite_users(AccountId=account, UserEmailList=["a@example.com"])
        assert error_code(exc) == "BadRequestException"
        assert server.users(account) == []

    @pytest.mark.parametrize("count", [0, 51])
    def test_list_size_limits(
        self, server: LocalChime, lenient_client: ChimeClient, account_id: str, count: int
    ) -> None:
        emails = [f"u{i}@example.com" for i in range(count)]
        with pytest.raises(ClientError) as exc:
            lenient_client.invite_users(AccountId=account_id, UserEmailList=emails)
        assert error_code(exc) == "BadRequestException"
        assert server.users(account_id) == []

    def test_fifty_is_fine(self, server: LocalChime, client: ChimeClient, account_id: str) -> None:
        emails = [f"u{i}@example.com" for i in range(50)]
        assert len(client.invite_users(AccountId=account_id, UserEmailList=emails)["Invites"]) == 50
        assert len(server.users(account_id)) == 50

    def test_bad_email_is_400(self, lenient_client: ChimeClient, account_id: str) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.invite_users(AccountId=account_id, UserEmailList=["nope"])
        assert error_code(exc) == "BadRequestException"


class TestBatchSuspendUser:
    @pytest.mark.parametrize("account_type", ["Team", "EnterpriseLWA"])
    def test_suspends_and_reports_unknown_ids(
        self, server: LocalChime, client: ChimeClient, account_type: Any
    ) -> None:
        account = server.add_account("A", account_type=account_type)["AccountId"]
        one = server.add_user(account, "one@example.com")
        two = server.add_user(account, "two@example.com", registration_status="Unregistered")
        resp = client.batch_suspend_user(AccountId=account, UserIdList=[one, "ghost", two])
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
        (error,) = resp["UserErrors"]
        assert (error.get("UserId"), error.get("ErrorCode")) == ("ghost", "NotFound")
        assert error.get("ErrorMessage")
        statuses = {u["UserId"]: u["UserRegistrationStatus"] for u in server.users(account)}
        assert statuses == {one: "Suspended", two: "Suspended"}

    def test_all_succeed_gives_empty_list(
        self, server: LocalChime, client: ChimeClient, account_id: str, user_id: str
    ) -> None:
        server.add_user(account_id, "already@example.com", suspended=True)
        ids = [u["UserId"] for u in server.users(account_id)]
        assert client.batch_suspend_user(AccountId=account_id, UserIdList=ids)["UserErrors"] == []
        assert client.batch_suspend_user(AccountId=account_id, UserIdList=[])["UserErrors"] == []

    @pytest.mark.parametrize("account_type", ["EnterpriseDirectory", "EnterpriseOIDC"])
    def test_other_account_types_are_400(
        self, server: LocalChime, client: ChimeClient, account_type: Any
    ) -> None:
        account = server.add_account("A", account_type=account_type)["AccountId"]
        user = server.add_user(account, "one@example.com")
        with pytest.raises(ClientError) as exc:
            client.batch_suspend_user(AccountId=account, UserIdList=[user])
        assert error_code(exc) == "BadRequestException"
        assert server.users(account)[0]["UserRegistrationStatus"] == "Registered"

    def test_more_than_50_is_400(
        self, server: LocalChime, lenient_client: ChimeClient, account_id: str
    ) -> None:
        ids = [server.add_user(account_id, f"u{i}@example.com") for i in range(51)]
        with pytest.raises(ClientError) as exc:
            lenient_client.batch_suspend_user(AccountId=account_id, UserIdList=ids)
        assert error_code(exc) == "BadRequestException"
        assert {u["UserRegistrationStatus"] for u in server.users(account_id)} == {"Registered"}
        resp = lenient_client.batch_suspend_user(AccountId=account_id, UserIdList=ids[:50])
        assert resp["UserErrors"] == []

    def test_blank_id_is_400(self, lenient_client: ChimeClient, account_id: str) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.batch_suspend_user(AccountId=account_id, UserIdList=[" "])
        assert error_code(exc) == "BadRequestException"


class TestBatchUnsuspendUser:
    def test_unsuspends_to_registered(
        self, server: LocalChime, client: ChimeClient, lwa_account_id: str
    ) -> None:
        suspended = server.add_user(lwa_account_id, "s@example.com", suspended=True)
        active = server.add_user(lwa_account_id, "a@example.com")
        invited = server.add_user(
            lwa_account_id, "i@example.com", registration_status="Unregistered"
        )
        pending = server.add_user(
            lwa_account_id, "p@example.com", registration_status="Unregistered"
        )
        client.batch_suspend_user(AccountId=lwa_account_id, UserIdList=[invited])
        resp = client.batch_unsuspend_user(
            AccountId=lwa_account_id, UserIdList=[suspended, active, "ghost", invited, pending]
        )
        # Users that are not suspended are ignored, as the API reference says.
        assert [(e.get("UserId"), e.get("ErrorCode")) for e in resp["UserErrors"]] == [
            ("ghost", "NotFound")
        ]
        users = {u["UserId"]: u for u in server.users(lwa_account_id)}
        assert {k: u["UserRegistrationStatus"] for k, u in users.items()} == {
            suspended: "Registered",
            active: "Registered",
            invited: "Registered",
            pending: "Unregistered",
        }
        assert users[invited].get("RegisteredOn") is not None

    @pytest.mark.parametrize("account_type", ["Team", "EnterpriseDirectory", "EnterpriseOIDC"])
    def test_only_enterprise_lwa(
        self, server: LocalChime, client: ChimeClient, account_type: Any
    ) -> None:
        account = server.add_account("A", account_type=account_type)["AccountId"]
        user = server.add_user(account, "s@example.com", suspended=True)
        with pytest.raises(ClientError) as exc:
            client.batch_unsuspend_user(AccountId=account, UserIdList=[user])
        assert error_code(exc) == "BadRequestException"
        assert server.users(account)[0]["UserRegistrationStatus"] == "Suspended"

    def test_more_than_50_is_400(self, lenient_client: ChimeClient, lwa_account_id: str) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.batch_unsuspend_user(
                AccountId=lwa_account_id, UserIdList=[f"u{i}" for i in range(51)]
            )
        assert error_code(exc) == "BadRequestException"


class TestBatchUpdateUser:
    def test_per_user_errors_and_the_rest_applied(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        one = server.add_user(account_id, "one@example.com")
        two = server.add_user(account_id, "two@example.com")
        three = server.add_user(account_id, "three@example.com")
        resp = client.batch_update_user(
            AccountId=account_id,
            UpdateUserRequestItems=[
                {"UserId": one, "LicenseType": "Basic"},
                {"UserId": "ghost", "LicenseType": "Basic"},
                {"UserId": two, "LicenseType": "Plus", "UserType": "SharedDevice"},
                {
                    "UserId": three,
                    "UserType": "SharedDevice",
                    "AlexaForBusinessMetadata": {"IsAlexaForBusinessEnabled": False},
                },
            ],
        )
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert [(e.get("UserId"), e.get("ErrorCode")) for e in resp["UserErrors"]] == [
            ("ghost", "NotFound"),
            (two, "BadRequest"),
        ]
        users = {u["UserId"]: u for u in server.users(account_id)}
        assert (users[one]["LicenseType"], users[one]["UserType"]) == ("Basic", "PrivateUser")
        # A rejected item changes nothing, not even its valid members.
        assert (users[two]["LicenseType"], users[two]["UserType"]) == ("Pro", "PrivateUser")
        assert users[three]["UserType"] == "SharedDevice"
        assert users[three].get("AlexaForBusinessMetadata") == {"IsAlexaForBusinessEnabled": False}

    def test_more_than_20_is_400(
        self, server: LocalChime, lenient_client: ChimeClient, account_id: str
    ) -> None:
        ids = [server.add_user(account_id, f"u{i}@example.com") for i in range(21)]
        items: Any = [{"UserId": i, "LicenseType": "Basic"} for i in ids]
        with pytest.raises(ClientError) as exc:
            lenient_client.batch_update_user(AccountId=account_id, UpdateUserRequestItems=items)
        assert error_code(exc) == "BadRequestException"
        assert {u["LicenseType"] for u in server.users(account_id)} == {"Pro"}
        resp = lenient_client.batch_update_user(
            AccountId=account_id, UpdateUserRequestItems=items[:20]
        )
        assert resp["UserErrors"] == []

    @pytest.mark.parametrize(
        "item", [{"LicenseType": "Basic"}, {"UserId": "u", "LicenseType": "Gold"}]
    )
    def test_invalid_item_is_400(
        self, lenient_client: ChimeClient, account_id: str, item: Any
    ) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.batch_update_user(AccountId=account_id, UpdateUserRequestItems=[item])
        assert error_code(exc) == "BadRequestException"


class TestUserSettings:
    def test_defaults_then_replace(
        self, server: LocalChime, client: ChimeClient, account_id: str, user_id: str
    ) -> None:
        got = client.get_user_settings(AccountId=account_id, UserId=user_id)["UserSettings"]
        assert got == {"Telephony": TELEPHONY_ON}
        off: TelephonySettingsTypeDef = {
            "InboundCalling": False,
            "OutboundCalling": True,
            "SMS": False,
        }
        resp = client.update_user_settings(
            AccountId=account_id, UserId=user_id, UserSettings={"Telephony": off}
        )
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
        got = client.get_user_settings(AccountId=account_id, UserId=user_id)["UserSettings"]
        assert got == {"Telephony": off}
        assert server.user_settings(account_id, user_id) == {"Telephony": off}

    def test_all_telephony_members_required(
        self, lenient_client: ChimeClient, account_id: str, user_id: str
    ) -> None:
        partial: Any = {"Telephony": {"InboundCalling": False, "SMS": False}}
        with pytest.raises(ClientError) as exc:
            lenient_client.update_user_settings(
                AccountId=account_id, UserId=user_id, UserSettings=partial
            )
        assert error_code(exc) == "BadRequestException"
        settings = lenient_client.get_user_settings(AccountId=account_id, UserId=user_id)
        assert settings["UserSettings"] == {"Telephony": TELEPHONY_ON}


class TestUsersAndAccounts:
    """Users drive DeleteAccount's 422 rule and ListAccounts' email filter."""

    @pytest.mark.parametrize("how", ["created", "invited", "added", "unregistered"])
    def test_any_live_user_blocks_delete(
        self, server: LocalChime, client: ChimeClient, account_id: str, how: str
    ) -> None:
        if how == "created":
            client.create_user(AccountId=account_id, Email="x@example.com")
        elif how == "invited":
            client.invite_users(AccountId=account_id, UserEmailList=["x@example.com"])
        elif how == "added":
            server.add_user(account_id, "x@example.com")
        else:
            server.add_user(account_id, "x@example.com", registration_status="Unregistered")
        with pytest.raises(ClientError) as exc:
            client.delete_account(AccountId=account_id)
        assert (error_code(exc), http_status(exc)) == ("UnprocessableEntityException", 422)

    def test_suspend_everyone_then_delete(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        client.create_user(AccountId=account_id, Email="a@example.com")
        client.invite_users(AccountId=account_id, UserEmailList=["b@example.com"])
        server.add_user(account_id, "c@example.com")
        ids = [u["UserId"] for u in client.list_users(AccountId=account_id)["Users"]]
        client.batch_suspend_user(AccountId=account_id, UserIdList=ids)
        client.delete_account(AccountId=account_id)
        assert server.accounts()[0]["AccountStatus"] == "Suspended"

    def test_list_accounts_finds_created_users(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.add_account("Other")
        client.create_user(AccountId=account_id, Email="Found@example.com")
        listed = client.list_accounts(UserEmail="found@EXAMPLE.com")["Accounts"]
        assert [a["AccountId"] for a in listed] == [account_id]


class TestFaults:
    def test_fault_on_a_user_operation(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.inject(Fault(operation="CreateUser", status=429))
        with pytest.raises(ClientError) as exc:
            client.create_user(AccountId=account_id, Email="x@example.com")
        assert error_code(exc) == "ThrottledClientException"
        assert server.users(account_id) == []
        client.create_user(AccountId=account_id, Email="x@example.com")
        assert [r.status for r in server.requests[-2:]] == [429, 201]

    def test_apply_then_fail_on_batch_suspend(
        self, server: LocalChime, client: ChimeClient, account_id: str, user_id: str
    ) -> None:
        server.inject(Fault(operation="BatchSuspendUser", status=500, apply=True))
        with pytest.raises(ClientError) as exc:
            client.batch_suspend_user(AccountId=account_id, UserIdList=[user_id])
        assert error_code(exc) == "ServiceFailureException"
        assert server.users(account_id)[0]["UserRegistrationStatus"] == "Suspended"

    def test_conflict_code_derived_from_409(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.inject(Fault(operation="ListUsers", status=409, after=1))
        client.list_users(AccountId=account_id)
        with pytest.raises(ClientError) as exc:
            client.list_users(AccountId=account_id)
        assert error_code(exc) == "ConflictException"

    @pytest.mark.parametrize("operation", sorted(USER_OPERATIONS))
    def test_every_new_operation_accepts_faults(self, operation: str) -> None:
        assert Fault(operation=operation).operation == operation


class TestHelpers:
    def test_add_user_keywords(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        user_id = server.add_user(
            account_id,
            "full@example.com",
            display_name="Full Name",
            user_type="SharedDevice",
            license_type="Basic",
            registration_status="Unregistered",
            user_id="fixed-user",
        )
        assert user_id == "fixed-user"
        got = client.get_user(AccountId=account_id, UserId=user_id)["User"]
        assert got == server.users(account_id)[0]
        assert got == {
            "UserId": "fixed-user",
            "AccountId": account_id,
            "PrimaryEmail": "full@example.com",
            "DisplayName": "Full Name",
            "LicenseType": "Basic",
            "UserType": "SharedDevice",
            "UserRegistrationStatus": "Unregistered",
            "UserInvitationStatus": "Pending",
            "InvitedOn": got.get("InvitedOn"),
            "AlexaForBusinessMetadata": {"IsAlexaForBusinessEnabled": False},
        }

    def test_add_user_defaults(self, server: LocalChime, account_id: str) -> None:
        server.add_user(account_id, "plain@example.com")
        server.add_user(account_id, "off@example.com", suspended=True)
        plain, off = server.users(account_id)
        assert (plain["UserRegistrationStatus"], plain["UserInvitationStatus"]) == (
            "Registered",
            "Accepted",
        )
        assert plain.get("RegisteredOn") == plain["InvitedOn"]
        assert (plain["LicenseType"], plain["UserType"]) == ("Pro", "PrivateUser")
        assert off["UserRegistrationStatus"] == "Suspended"

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"license_type": "Plus"},
            {"license_type": "Gold"},
            {"user_type": "Robot"},
            {"registration_status": "Gone"},
            {"suspended": True, "registration_status": "Registered"},
        ],
    )
    def test_add_user_rejects_bad_values(
        self, server: LocalChime, account_id: str, kwargs: dict[str, Any]
    ) -> None:
        with pytest.raises(ValueError, match=r"must|contradicts"):
            server.add_user(account_id, "x@example.com", **kwargs)
        assert server.users(account_id) == []

    def test_add_user_rejects_duplicates_without_leaking_the_email(
        self, server: LocalChime, account_id: str
    ) -> None:
        server.add_user(account_id, "secret.person@example.com", user_id="one")
        with pytest.raises(ValueError, match="already") as exc:
            server.add_user(account_id, "SECRET.person@example.com")
        assert "secret" not in str(exc.value).lower()
        with pytest.raises(ValueError, match="already"):
            server.add_user(account_id, "other@example.com", user_id="one")
        with pytest.raises(ValueError, match="email") as bad:
            server.add_user(account_id, "secret-not-an-email")
        assert "secret" not in str(bad.value)

    def test_unknown_ids_raise_key_error(self, server: LocalChime, account_id: str) -> None:
        with pytest.raises(KeyError):
            server.users("nope")
        with pytest.raises(KeyError):
            server.account_settings("nope")
        with pytest.raises(KeyError):
            server.logout_count(account_id, "nope")
        with pytest.raises(KeyError):
            server.user_settings("nope", "nope")

    def test_account_settings_helper_defaults(self, server: LocalChime, account_id: str) -> None:
        assert server.account_settings(account_id) == {
            "DisableRemoteControl": False,
            "EnableDialOut": True,
        }

    def test_seeded_users_are_deterministic_and_listable(self) -> None:
        with LocalChime() as one, LocalChime() as two:
            first = one.seed(30, seed=5)
            second = two.seed(30, seed=5)
            users_one = [one.users(a["AccountId"]) for a in first]
            users_two = [two.users(a["AccountId"]) for a in second]
            client = one.client(NO_RETRY)
            holder = next(
                a["AccountId"] for a, users in zip(first, users_one, strict=True) if users
            )
            listed = client.list_users(AccountId=holder)["Users"]
            assert listed == one.users(holder)
        assert users_one == users_two
        flat = [u for users in users_one for u in users]
        assert flat
        for account, users in zip(first, users_one, strict=True):
            if account["AccountStatus"] == "Suspended":
                assert {u["UserRegistrationStatus"] for u in users} <= {"Suspended"}
            emails = [u.get("PrimaryEmail", "").casefold() for u in users]
            assert len(set(emails)) == len(emails)

    def test_user_repr_hides_sensitive_fields(
        self, server: LocalChime, client: ChimeClient, account_id: str, user_id: str
    ) -> None:
        client.reset_personal_pin(AccountId=account_id, UserId=user_id)
        pin = server.users(account_id)[0].get("PersonalPIN")
        assert pin is not None
        store = server._store  # pyright: ignore[reportPrivateUsage]
        with store.users_of(account_id) as users:
            record = users.find(user_id)
            text = repr(record)
        assert user_id in text
        assert "pat@example.com" not in text
        assert pin not in text
        assert "Pat" not in text.replace("PrivateUser", "")
