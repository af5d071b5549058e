"""LocalChime's fault kinds for the reliability suite: random, truncated and stalled answers."""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass

import pytest

from chime_accounts.testing import Fault, LocalChime


@dataclass
class Answer:
    """What a raw HTTP call got: the head, then the body or how it broke off."""

    status: int
    headers: dict[str, str]
    body: bytes | None = None
    incomplete: http.client.IncompleteRead | None = None
    head_after: float = 0.0
    body_after: float = 0.0


def call(
    server: LocalChime, method: str = "GET", path: str = "/accounts", body: bytes = b""
) -> Answer:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(method, path, body=body or None)
        response = connection.getresponse()
        answer = Answer(status=response.status, headers=dict(response.getheaders()))
        answer.head_after = time.perf_counter() - started
        try:
            answer.body = response.read()
        except http.client.IncompleteRead as error:
            answer.incomplete = error
        answer.body_after = time.perf_counter() - started
        return answer
    finally:
        connection.close()


def statuses_of(server: LocalChime, calls: int) -> list[int]:
    for _ in range(calls):
        call(server)
    return [request.status for request in server.requests]


class TestRandomFaults:
    """``rate`` and ``seed``: a seeded share of the matching calls fails."""

    def test_the_same_seed_fails_the_same_calls(self) -> None:
        runs: list[list[int]] = []
        for _ in range(2):
            with LocalChime() as server:
                server.inject(Fault(operation=None, status=429, rate=0.3, seed=7, count=10**6))
                runs.append(statuses_of(server, 200))

        assert runs[0] == runs[1]
        assert 40 <= runs[0].count(429) <= 80  # about 30 % of 200
        assert set(runs[0]) == {200, 429}

    def test_another_seed_fails_other_calls(self) -> None:
        runs: list[list[int]] = []
        for seed in (1, 2):
            with LocalChime() as server:
                server.inject(Fault(operation=None, status=429, rate=0.5, seed=seed, count=10**6))
                runs.append(statuses_of(server, 50))

        assert runs[0] != runs[1]

    def test_count_caps_the_random_faults(self, local_chime: LocalChime) -> None:
        local_chime.inject(Fault(operation="ListAccounts", status=503, rate=0.5, seed=3, count=4))

        statuses = statuses_of(local_chime, 60)

        assert statuses.count(503) == 4
        assert local_chime.faults == []

    def test_after_is_spent_before_the_dice_are_thrown(self, local_chime: LocalChime) -> None:
        local_chime.inject(Fault(operation="ListAccounts", status=500, rate=0.99, seed=1, after=5))

        statuses = statuses_of(local_chime, 6)

        assert statuses == [200] * 5 + [500]

    def test_the_log_names_the_fault_that_answered(self, local_chime: LocalChime) -> None:
        fault = Fault(operation="ListAccounts", status=429, rate=0.5, seed=11, count=100)
        local_chime.inject(fault)

        statuses_of(local_chime, 40)

        for request in local_chime.requests:
            assert (request.fault is fault) == (request.status == 429)
        assert local_chime.faults_fired == [r.status for r in local_chime.requests].count(429)

    @pytest.mark.parametrize(
        "kwargs",
        [{"rate": 0.0}, {"rate": 1.5}, {"rate": -0.1}, {"truncate_body": -1}, {"body_delay": -1}],
    )
    def test_invalid_faults_are_rejected(self, kwargs: dict[str, float]) -> None:
        with pytest.raises(ValueError, match=next(iter(kwargs))):
            Fault(operation=None, **kwargs)  # type: ignore[arg-type]


class TestTruncatedAnswers:
    """``truncate_body``: the head announces the whole body, then the connection closes."""

    def test_the_normal_answer_is_cut_and_the_work_is_done(self, local_chime: LocalChime) -> None:
        local_chime.inject(Fault(operation="CreateAccount", truncate_body=10))

        answer = call(local_chime, "POST", "/accounts", json.dumps({"Name": "Cut"}).encode())

        assert answer.status == 201
        assert answer.incomplete is not None
        assert len(answer.incomplete.partial) == 10
        assert answer.incomplete.expected == int(answer.headers["Content-Length"]) - 10
        assert [a["Name"] for a in local_chime.accounts()] == ["Cut"]
        assert local_chime.requests[-1].fault is not None

    def test_a_raw_body_is_cut(self, local_chime: LocalChime) -> None:
        local_chime.inject(
            Fault(operation="ListAccounts", status=502, raw_body=b"x" * 100, truncate_body=30)
        )
        answer = call(local_chime)

        assert answer.status == 502
        assert answer.incomplete is not None
        assert answer.incomplete.partial == b"x" * 30
        assert answer.incomplete.expected == 70

    def test_truncating_to_nothing_sends_only_the_head(self, local_chime: LocalChime) -> None:
        local_chime.inject(Fault(operation="ListAccounts", truncate_body=0))

        answer = call(local_chime)

        assert answer.incomplete is not None
        assert answer.incomplete.partial == b""

    def test_a_length_beyond_the_body_sends_it_whole_then_closes(
        self, local_chime: LocalChime
    ) -> None:
        local_chime.inject(Fault(operation="ListAccounts", truncate_body=10**6))

        answer = call(local_chime)

        assert answer.body == b'{"Accounts":[]}'
        assert answer.headers["Content-Length"] == "15"


class TestStalledAnswers:
    """``body_delay``: the head comes at once, the body only later."""

    def test_the_body_comes_after_the_delay(self, local_chime: LocalChime) -> None:
        local_chime.inject(Fault(operation="ListAccounts", body_delay=0.3))

        answer = call(local_chime)

        assert answer.body == b'{"Accounts":[]}'
        assert answer.body_after - answer.head_after >= 0.25

    def test_a_stalled_truncated_body_then_closes(self, local_chime: LocalChime) -> None:
        local_chime.inject(Fault(operation="ListAccounts", truncate_body=5, body_delay=0.2))

        answer = call(local_chime)

        assert answer.incomplete is not None
        assert answer.incomplete.partial == b'{"Acc'
        assert answer.body_after >= 0.2

    def test_stop_cuts_injected_delays_short(self) -> None:
        server = LocalChime().start()
        server.inject(Fault(operation="ListAccounts", delay=3600))
        outcome: list[Answer | Exception] = []

        def wait_for_the_answer() -> None:
            try:
                outcome.append(call(server))
            except Exception as error:  # noqa: BLE001 - the outcome is what is checked
                outcome.append(error)

        caller = threading.Thread(target=wait_for_the_answer)
        caller.start()
        while not server.faults_fired:  # until the request met the fault
            time.sleep(0.01)
        assert server.requests == []  # a delayed answer is logged once it is sent
        server.stop()
        caller.join(timeout=60)  # a liveness bound: the delay itself is an hour

        assert not caller.is_alive()
        assert len(outcome) == 1


class TestManyClients:
    """Many clients connecting at once are all served (the listen backlog is deep enough)."""

    def test_sixty_four_simultaneous_connections(self, local_chime: LocalChime) -> None:
        start = threading.Barrier(64)
        answers: list[Answer | Exception] = []

        def connect_at_once() -> None:
            start.wait()
            try:
                answers.append(call(local_chime, "POST", "/accounts", b'{"Name": "Rush"}'))
            except Exception as error:  # noqa: BLE001 - the outcome is what is checked
                answers.append(error)

        callers = [threading.Thread(target=connect_at_once) for _ in range(64)]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join()

        assert [getattr(a, "status", a) for a in answers] == [201] * 64
        assert len(local_chime.accounts()) == 64
