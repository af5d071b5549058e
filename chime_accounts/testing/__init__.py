"""A local Amazon Chime endpoint for testing code that manages Chime accounts.

moto has no ``chime`` backend, so this package ships `LocalChime`: an
in-process HTTP server that speaks the ``chime`` service's rest-json wire
format for account administration: the account operations, account settings,
sign-in delegate groups, users (create, get, update, PIN reset, logout, list,
invite, batch suspend/unsuspend/update, phone numbers), user settings, the
chat rooms, room memberships and bots of Enterprise accounts (with bots'
events configurations), retention settings, message redaction and global
settings. Routes, status codes and input constraints come from botocore's
service model. Real boto3 clients talk to it through ``endpoint_url``:

```python
from chime_accounts.testing import Fault, LocalChime

with LocalChime() as chime_server:
    client = chime_server.client()  # boto3 "chime" client aimed at the server
    account_id = client.create_account(Name="Example")["Account"]["AccountId"]
    chime_server.inject(Fault.error("GetAccount", 404))
    try:  # the next GetAccount answers NotFoundException
        client.get_account(AccountId=account_id)
    except client.exceptions.NotFoundException:
        pass
    assert chime_server.requests[-1].status == 404
```

Seed data with `LocalChime.add_account`, `LocalChime.add_user`,
`LocalChime.add_room`, `LocalChime.add_room_membership`, `LocalChime.add_bot`,
`LocalChime.add_message` and `LocalChime.seed`; inspect it with
`LocalChime.accounts`, `LocalChime.users`, `LocalChime.account_settings`,
`LocalChime.user_settings`, `LocalChime.logout_count`, `LocalChime.rooms`,
`LocalChime.room_memberships`, `LocalChime.bots`,
`LocalChime.events_configuration`, `LocalChime.retention_settings`,
`LocalChime.messages` and `LocalChime.global_settings`; script failures with
`Fault` (one constructor per effect: `Fault.error`, `Fault.drop`,
`Fault.delay`, `Fault.truncate`, `Fault.stall`, `Fault.raw`); pace answers
with ``LocalChime(latency=..., rate_limit=...)``; inspect traffic through
`LocalChime.requests` (`RecordedRequest` items). With the package installed,
pytest also gets a ``local_chime`` fixture (see
`chime_accounts.testing.pytest_plugin`).
"""

from chime_accounts.testing._faults import Fault, RecordedRequest
from chime_accounts.testing._local import LocalChime

__all__ = ["Fault", "LocalChime", "RecordedRequest"]
