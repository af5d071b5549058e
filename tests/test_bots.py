"""Chat bots, their security tokens and their events configurations, end to end."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chime_accounts import (
    UNSET,
    BadRequestError,
    Bot,
    BotType,
    ChimeAccounts,
    EventsConfiguration,
    NotFoundError,
    ResourceLimitExceededError,
    ServiceFailureError,
    ValidationError,
)
from chime_accounts.testing import Fault, LocalChime

ENDPOINT = "https://bots.example.com/events"
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:helpbot"


@pytest.fixture
def enterprise(local_chime: LocalChime) -> str:
    return local_chime.add_account("Enterprise", account_type="EnterpriseLWA")["AccountId"]


@pytest.fixture
def bot(local_chime: LocalChime, enterprise: str) -> str:
    return local_chime.add_bot(enterprise, "HelpBot", domain="example.com")["BotId"]


def bodies(server: LocalChime, operation: str) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in server.requests if r.operation == operation]


def sent(server: LocalChime, operation: str) -> int:
    return sum(1 for r in server.requests if r.operation == operation)


class TestBots:
    """Bots are created, read, stopped, started and given new tokens."""

    def test_create_and_get(self, chime: ChimeAccounts, enterprise: str) -> None:
        bot = chime.create_bot(enterprise, display_name="Standup", domain="example.com")

        assert isinstance(bot, Bot)
        assert bot.display_name == "Standup (Bot)"
        assert bot.bot_type is BotType.CHAT_BOT
        assert bot.disabled is False
        assert bot.bot_email == "Standup-chimebot@example.com"
        assert bot.security_token
        assert bot.bot_id is not None
        assert bot.user_id == bot.bot_id
        assert chime.get_bot(enterprise, bot.bot_id) == bot

    def test_the_domain_is_optional(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        chime.create_bot(enterprise, display_name="Poll")

        assert bodies(local_chime, "CreateBot") == [{"DisplayName": "Poll"}]

    def test_the_security_token_never_shows(self, chime: ChimeAccounts, enterprise: str) -> None:
        bot = chime.create_bot(enterprise, display_name="Deploy", domain="example.com")
        token = bot.security_token
        assert token is not None

        for text in (repr(bot), str(bot), bot.to_json(mask="***")):
            assert token not in text
            assert "Deploy" not in text
            assert "chimebot@" not in text
        assert bot.to_dict()["SecurityToken"] == token
        assert Bot.from_json(bot.to_json()) == bot

    def test_stop_and_start(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, bot: str
    ) -> None:
        stopped = chime.update_bot(enterprise, bot, disabled=True)
        started = chime.update_bot(enterprise, bot, disabled=False)

        assert stopped.disabled is True
        assert started.disabled is False
        assert bodies(local_chime, "UpdateBot") == [{"Disabled": True}, {"Disabled": False}]

    def test_update_with_nothing_to_change_is_refused_unsent(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, bot: str
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError, match="nothing to change"):
            chime.update_bot(enterprise, bot, disabled=UNSET)
        with pytest.raises(ValidationError, match="disabled"):
            chime.update_bot(enterprise, bot, disabled=1)  # type: ignore[arg-type]

        assert local_chime.requests == []

    def test_a_regenerated_token_replaces_the_old_one(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, bot: str
    ) -> None:
        before = chime.get_bot(enterprise, bot).security_token

        regenerated = chime.regenerate_security_token(enterprise, bot)

        assert regenerated.security_token not in (None, before)
        assert local_chime.bots(enterprise)[0]["SecurityToken"] == regenerated.security_token

    def test_regenerating_is_not_retried_after_it_may_have_happened(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, bot: str
    ) -> None:
        before = local_chime.bots(enterprise)[0]["SecurityToken"]
        local_chime.inject(Fault(operation="RegenerateSecurityToken", status=500, apply=True))

        with pytest.raises(ServiceFailureError) as caught:
            chime.regenerate_security_token(enterprise, bot)

        assert caught.value.may_have_succeeded
        assert sent(local_chime, "RegenerateSecurityToken") == 1
        assert local_chime.bots(enterprise)[0]["SecurityToken"] != before

    def test_create_is_not_retried_after_it_may_have_happened(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        local_chime.inject(Fault(operation="CreateBot", status=500, apply=True))

        with pytest.raises(ServiceFailureError) as caught:
            chime.create_bot(enterprise, display_name="Once")

        assert caught.value.may_have_succeeded
        assert sent(local_chime, "CreateBot") == 1
        assert len(local_chime.bots(enterprise)) == 1

    def test_create_is_retried_when_nothing_happened(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        local_chime.inject(Fault.error("CreateBot", 429))

        chime.create_bot(enterprise, display_name="Once")

        assert sent(local_chime, "CreateBot") == 2
        assert len(local_chime.bots(enterprise)) == 1

    def test_an_account_has_at_most_ten_bots(self, chime: ChimeAccounts, enterprise: str) -> None:
        for n in range(10):
            chime.create_bot(enterprise, display_name=f"Bot{n}")

        with pytest.raises(ResourceLimitExceededError):
            chime.create_bot(enterprise, display_name="Eleventh")

    def test_unknown_bot_and_team_account(self, chime: ChimeAccounts, enterprise: str) -> None:
        team = chime.create_account("Team").account_id

        with pytest.raises(NotFoundError):
            chime.get_bot(enterprise, "no-such-bot")
        with pytest.raises(NotFoundError):
            chime.regenerate_security_token(enterprise, "no-such-bot")
        with pytest.raises(BadRequestError, match="Enterprise"):
            chime.create_bot(team, display_name="Nope")

    @pytest.mark.parametrize(
        ("arguments", "parameter"),
        [
            ({"display_name": " "}, "display_name"),
            ({"display_name": None}, "display_name"),
            ({"display_name": "ok", "domain": ""}, "domain"),
            ({"display_name": "ok", "domain": 3}, "domain"),
        ],
    )
    def test_bad_input_is_refused_unsent(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        enterprise: str,
        arguments: dict[str, Any],
        parameter: str,
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError) as caught:
            chime.create_bot(enterprise, **arguments)

        assert caught.value.parameter == parameter
        assert local_chime.requests == []


class TestListBots:
    """list_bots pages in creation order and resumes exactly."""

    def test_pages_and_resumes(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        ids = [chime.create_bot(enterprise, display_name=f"Bot{n}").bot_id for n in range(7)]
        local_chime.clear_requests()

        pager = chime.list_bots(enterprise, page_size=3, max_items=5)
        first = [b.bot_id for b in pager]
        rest = [b.bot_id for b in chime.list_bots(enterprise, starting_token=pager.resume_token)]

        assert first + rest == ids
        assert [r.query.get("max-results") for r in local_chime.requests][:2] == [["3"], ["3"]]
        assert [len(p.items) for p in chime.list_bots(enterprise, page_size=4).pages()] == [4, 3]

    def test_page_size_at_most_99(self, chime: ChimeAccounts, enterprise: str) -> None:
        assert list(chime.list_bots(enterprise, page_size=99)) == []
        with pytest.raises(ValidationError, match="from 1 to 99"):
            chime.list_bots(enterprise, page_size=100)


class TestEventsConfiguration:
    """A bot's events go to one HTTPS endpoint or one Lambda function."""

    def test_put_get_and_delete(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, bot: str
    ) -> None:
        put = chime.put_events_configuration(
            enterprise, bot, outbound_events_https_endpoint=ENDPOINT
        )

        assert put == EventsConfiguration(bot_id=bot, outbound_events_https_endpoint=ENDPOINT)
        assert chime.get_events_configuration(enterprise, bot) == put
        assert ENDPOINT not in repr(put)
        assert bodies(local_chime, "PutEventsConfiguration") == [
            {"OutboundEventsHTTPSEndpoint": ENDPOINT}
        ]

        chime.delete_events_configuration(enterprise, bot)
        chime.delete_events_configuration(enterprise, bot)  # none left: fine
        with pytest.raises(NotFoundError):
            chime.get_events_configuration(enterprise, bot)

    def test_a_put_replaces_the_target(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, bot: str
    ) -> None:
        chime.put_events_configuration(enterprise, bot, outbound_events_https_endpoint=ENDPOINT)

        lambda_config = chime.put_events_configuration(
            enterprise, bot, lambda_function_arn=LAMBDA_ARN
        )

        assert lambda_config.lambda_function_arn == LAMBDA_ARN
        assert lambda_config.outbound_events_https_endpoint is None
        assert local_chime.events_configuration(enterprise, bot) == {
            "BotId": bot,
            "LambdaFunctionArn": LAMBDA_ARN,
        }

    def test_a_put_is_retried_after_a_server_error(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, bot: str
    ) -> None:
        local_chime.inject(Fault(operation="PutEventsConfiguration", status=500, apply=True))

        chime.put_events_configuration(enterprise, bot, lambda_function_arn=LAMBDA_ARN)

        assert sent(local_chime, "PutEventsConfiguration") == 2

    @pytest.mark.parametrize(
        ("arguments", "parameter"),
        [
            ({}, "outbound_events_https_endpoint, lambda_function_arn"),
            (
                {"outbound_events_https_endpoint": ENDPOINT, "lambda_function_arn": LAMBDA_ARN},
                "outbound_events_https_endpoint, lambda_function_arn",
            ),
            (
                {"outbound_events_https_endpoint": "http://insecure.example.com"},
                "outbound_events_https_endpoint",
            ),
            ({"outbound_events_https_endpoint": "https://"}, "outbound_events_https_endpoint"),
            ({"outbound_events_https_endpoint": "https://a b"}, "outbound_events_https_endpoint"),
            ({"lambda_function_arn": "arn:aws:sqs:us-east-1:1:q"}, "lambda_function_arn"),
            ({"lambda_function_arn": 7}, "lambda_function_arn"),
        ],
    )
    def test_bad_targets_are_refused_unsent(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        enterprise: str,
        bot: str,
        arguments: dict[str, Any],
        parameter: str,
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError) as caught:
            chime.put_events_configuration(enterprise, bot, **arguments)

        assert caught.value.parameter == parameter
        for value in arguments.values():
            assert len(str(value)) < 10 or str(value) not in str(caught.value)  # never echoed
        assert local_chime.requests == []

    def test_the_scheme_may_be_in_any_case(
        self, chime: ChimeAccounts, enterprise: str, bot: str
    ) -> None:
        with pytest.raises(BadRequestError):  # LocalChime wants it in lower case
            chime.put_events_configuration(
                enterprise, bot, outbound_events_https_endpoint="HTTPS://bots.example.com"
            )

    def test_other_partitions_lambda_arns_are_accepted(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, bot: str
    ) -> None:
        arn = "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:bot"

        with pytest.raises(BadRequestError):  # LocalChime knows the aws partition only
            chime.put_events_configuration(enterprise, bot, lambda_function_arn=arn)

        assert bodies(local_chime, "PutEventsConfiguration") == [{"LambdaFunctionArn": arn}]

    def test_unknown_bot(self, chime: ChimeAccounts, enterprise: str) -> None:
        with pytest.raises(NotFoundError):
            chime.put_events_configuration(enterprise, "nope", lambda_function_arn=LAMBDA_ARN)
        with pytest.raises(NotFoundError):
            chime.delete_events_configuration(enterprise, "nope")
