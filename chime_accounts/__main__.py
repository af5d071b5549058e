"""``python -m chime_accounts``: the ``chime-accounts`` command line."""

from chime_accounts.cli import main

if __name__ == "__main__":
    main(prog_name="python -m chime_accounts")
