"""Prepare the provider's database in one process (one Django start-up instead of three):
``python -m oidc_provider_site.seed < config.json`` runs ``migrate`` and ``creatersakey`` (the
RS256 signing key), then creates the client and the users from
``{"client": {"client_id", "client_secret", "redirect_uri"}, "password": …,
"users": [{"username", "email", "first_name", "last_name", "verified"}]}``."""

import json
import sys

import django


def main() -> None:
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    from oidc_provider_site.claims import UNVERIFIED

    config = json.load(sys.stdin)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("creatersakey", stdout=sys.stderr)
    client = Client.objects.create(
        name="Sokkel",
        client_type="confidential",
        client_id=config["client"]["client_id"],
        client_secret=config["client"]["client_secret"],
        jwt_alg="RS256",
        require_consent=True,
        reuse_consent=False,
    )
    client.redirect_uris = [config["client"]["redirect_uri"]]
    client.save()
    client.response_types.set([ResponseType.objects.get(value="code")])

    unverified, _ = Group.objects.get_or_create(name=UNVERIFIED)
    for person in config["users"]:
        user = User.objects.create_user(
            person["username"],
            person["email"],
            config["password"],
            first_name=person.get("first_name", ""),
            last_name=person.get("last_name", ""),
        )
        if not person.get("verified", True):
            user.groups.add(unverified)


if __name__ == "__main__":
    main()
