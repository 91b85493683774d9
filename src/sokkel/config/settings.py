"""Sokkel's one settings module, driven by environment variables.

SQLite under ``var/`` is the embedded default, so a fresh checkout just works;
``DATABASE_URL`` points it at PostgreSQL (or anything dj-database-url knows).

Safe by default: ``DEBUG`` is off unless asked for (``make run`` asks, and says so), and
outside ``DEBUG`` a ``SECRET_KEY`` must be set and the site speaks HTTPS only (redirect, HSTS,
secure cookies). Behind a proxy that ends TLS, ``SECURE_PROXY_SSL_HEADER=1`` trusts its
``X-Forwarded-Proto``; a plain-HTTP test server opts out with ``SECURE_SSL_REDIRECT=0``,
``HSTS_SECONDS=0`` and ``SECURE_COOKIES=0`` (docs/operations.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable (``1``, ``true``, ``yes``, ``on`` mean yes)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Read an integer environment variable, naming the variable if it is not one."""
    value = os.environ.get(name, "")
    if value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ValueError(f"environment variable {name}={value!r} is not an integer") from error


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list of non-empty strings."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/sokkel
BASE_DIR = PACKAGE_DIR.parent.parent  # the repository (or the install prefix)
DATA_DIR = Path(os.environ.get("SOKKEL_DATA_DIR", "") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = DEV_SECRET_KEY
if not DEBUG and SECRET_KEY in ("", DEV_SECRET_KEY):
    raise ImproperlyConfigured(
        "environment variable SECRET_KEY must be set when DEBUG is off (make one with "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`); DEBUG=1 is for "
        "development only"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS only outside DEBUG: secure cookies, a redirect to HTTPS and HSTS (a year, with
# subdomains, preloadable). Each can be turned off for a plain-HTTP test server.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The client's address for login throttling is the one the (one) proxy saw.
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# The health check answers a load balancer over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^helse/$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Scripts, styles, fonts and images from the site itself only (django-csp). With DEBUG the
# browser reports what the policy would refuse instead of refusing it, so the development
# server can be checked with tools that inject their own scripts (axe-core).
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if DEBUG:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "axes",
    "ninja",  # the API docs' Swagger UI from its own static files, not a CDN
    "sokkel.units",
    "sokkel.people",
    "sokkel.innovations",
    "sokkel.api",
    "sokkel.search",
    "sokkel.spread",
]

MIDDLEWARE = [
    "sokkel.config.middleware.RefuseTooLarge",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sokkel.config.middleware.BokmalUnlessChosen",  # PAGES: bokmål unless the user switches
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sokkel.config.middleware.RefuseNotAllowed",
    "axes.middleware.AxesMiddleware",  # last: it turns a locked-out login into a page
]

ROOT_URLCONF = "sokkel.config.urls"
WSGI_APPLICATION = "sokkel.config.wsgi.application"
ASGI_APPLICATION = "sokkel.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Each server process keeps its database connection for CONN_MAX_AGE seconds (checked before
# reuse) instead of opening one for every request.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'sokkel.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Real use: readers never wait for a writer (WAL), a write transaction takes the lock when
    # it begins (IMMEDIATE), and a writer waits up to 20 s for another instead of failing
    # with «database is locked».
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): five wrong passwords for one account from one address lock
# that pair out for 15 minutes; a right password resets the count. The test suite turns it off
# (AXES_ENABLED=0, tests/testenv.py) but for the tests of the throttling itself.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field (the e-mail address)
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Staff login through OpenID Connect (ID-porten, Ansattporten, Entra ID …) with
# mozilla-django-oidc, when OIDC_ISSUER and a client are set; password login stays beside it
# (docs/operations.md). The person is found by e-mail address (sokkel.people.oidc).
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_ENABLED = bool(OIDC_ISSUER and os.environ.get("OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    # The provider's endpoints, from its discovery document unless given one by one.
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", False)
    OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)  # ID-porten and Ansattporten require it
    OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)  # each request to the provider
    AUTHENTICATION_BACKENDS.insert(1, "sokkel.people.oidc.PersonByEmail")
# The login page's button; a known label is translated (sokkel.people.oidc.LOGIN_LABELS).
OIDC_LOGIN_LABEL = os.environ.get("OIDC_LOGIN_LABEL", "") or "Logg inn med virksomhetskonto"
# mozilla's URLs (konto/oidc/…) are always routed; these views answer 404 while OIDC is off.
OIDC_AUTHENTICATE_CLASS = "sokkel.people.oidc.Authenticate"
OIDC_CALLBACK_CLASS = "sokkel.people.oidc.Callback"
LOGIN_REDIRECT_URL_FAILURE = "login"  # a refused login: the login page, saying why
# The OIDC callback guesses no password: django-axes neither counts nor locks it out.
AXES_WHITELIST_CALLABLE = "sokkel.people.oidc.no_password_attempt"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sokkel@localhost")
# The address links in e-mails (the weekly digest) point to.
SOKKEL_SITE_URL = os.environ.get("SOKKEL_SITE_URL", "http://127.0.0.1:8000")

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Oslo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", "") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [path for path in [PACKAGE_DIR / "static"] if path.is_dir()]
if (BASE_DIR / "node_modules").is_dir():
    # Designsystemet and htmx come from npm:
    # {% static "@digdir/designsystemet-css/dist/src/index.css" %}
    STATICFILES_DIRS.append(BASE_DIR / "node_modules")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Outside DEBUG, static files are collected (`sokkel serve` does it) with hashed names
    # that browsers may cache for ever; WhiteNoise serves them.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Request bodies: a form or JSON body over 2.5 MB is refused with 413 (RefuseTooLarge).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000

# Phase rules: "strict" (DESIGN.md's rules) or "relaxed" (no preconditions on moves).
SOKKEL_PHASE_RULES = os.environ.get("SOKKEL_PHASE_RULES", "strict").strip().lower()
if SOKKEL_PHASE_RULES not in {"strict", "relaxed"}:
    raise ValueError(
        f"environment variable SOKKEL_PHASE_RULES={SOKKEL_PHASE_RULES!r}: use 'strict' or 'relaxed'"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "sokkel": {"handlers": ["console"], "level": os.environ.get("SOKKEL_LOG_LEVEL", "INFO")},
    },
}
