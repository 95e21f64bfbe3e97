from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accord is invitation-only: nobody signs up on their own."""

    def is_open_for_signup(self, request) -> bool:
        return False
