"""The claims the provider tells about a user (``OIDC_USERINFO``)."""

from typing import Any

#: Users in this group have an e-mail address the provider has not verified.
UNVERIFIED = "unverified-email"


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["name"] = user.get_full_name()
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = not user.groups.filter(name=UNVERIFIED).exists()
    return claims
