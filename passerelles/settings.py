"""Settings for Passerelles, read from the environment.

Zero configuration for local development (SQLite in ./data); production requires
SECRET_KEY and ALLOWED_HOSTS and turns on every `check --deploy` protection.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    """A setting from NAME, or from the file named by NAME_FILE (for secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name, "1" if default else "0").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name, str(default))
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off (set DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATA_DIR = Path(env_str("DATA_DIR", str(PROJECT_DIR / "data")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "passerelles.core",
    "passerelles.territoires",
    "passerelles.contacts",
    "passerelles.courriels",
    "passerelles.mobilisation",
    "passerelles.leviers",
    "passerelles.accompagnement",
    "passerelles.capitalisation",
    "passerelles.ateliers",
    "passerelles.bilan",
    "passerelles.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "passerelles.core.middleware.ReseauMiddleware",
    "passerelles.core.middleware.VaryOnHtmxMiddleware",
    "passerelles.core.middleware.FilesNotStoredMiddleware",
    "passerelles.core.middleware.PolitiqueDeContenuMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "passerelles.core.connexion.WideLockoutBackend",
    "passerelles.core.comptes.MembreBackend",
]
# Password guessing: logins are refused until the lockout expires (on /connexion/ and
# /admin/login/ alike) for one account from one address after AXES_FAILURE_LIMIT failures;
# for one account from any addresses, or one address on any accounts, only after
# AXES_COMPTE_LIMITE (the account's owner is told): a stranger cannot lock a colleague out
# with a few tries.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 8)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COMPTE_LIMITE = env_int("AXES_COMPTE_LIMITE", 40)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "passerelles.core.connexion.lockout_response"
AXES_VERBOSE = False
# Behind the documented HTTPS proxy, the client's address is the last one the proxy appended
# to X-Forwarded-For: one function derives it for the lockout and for every rate limit.
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
CSRF_FAILURE_VIEW = "passerelles.core.views.formulaire_expire"
AXES_CLIENT_IP_CALLABLE = "passerelles.core.clients.client_ip"
RATELIMIT_IP_META_KEY = "passerelles.core.clients.client_ip"
RATELIMIT_USE_CACHE = "compteurs"  # see CACHES

# No inline script or style anywhere: templates load CSS and JS from static files, htmx is
# told not to inject its indicator styles (meta htmx-config in core/base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "passerelles.urls"
WSGI_APPLICATION = "passerelles.wsgi.application"

# A room of an app (a sub-package, such as ateliers/inscriptions) keeps its templates and
# static files beside its code; Django's finders look only at the app's own folder.
ROOMS = sorted(path.parent for path in BASE_DIR.glob("*/*/__init__.py") if path.parent.name != "tests")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [room / "templates" for room in ROOMS if (room / "templates").is_dir()],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "passerelles.core.context_processors.reseau",
            ],
            # French dates and unknown values in every template, without a {% load %} to forget.
            "builtins": ["passerelles.core.templatetags.fr"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'passerelles.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while an import writes; a busy timeout avoids "database is locked".
    # Connections are kept between requests (CONN_MAX_AGE) like PostgreSQL's: opening one and
    # running its PRAGMAs costs more than the as-you-type search itself.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

# Long work (mailings, imports, reports) runs in the worker (`passerelles worker`), never in a
# request. Tests may switch to the immediate backend; production can move to RQ or Celery.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Caches shared by every server process (in the database), so that what one gunicorn worker
# learns or counts holds for the others.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "passerelles_cache",
    },
    # Whole numbers, counted atomically: the public forms' rate limits, the référentiel's version.
    "compteurs": {"BACKEND": "passerelles.core.compteurs.CompteursCache"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "connexion"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "connexion"

LANGUAGE_CODE = "fr-fr"
# French only, hence no LocaleMiddleware: it would pick French on every request, for a
# twentieth of a millisecond.
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["passerelles.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [room / "static" for room in ROOMS if (room / "static").is_dir()]
# The check-in page's QR decoder comes from npm (make install), collected as a static file.
JSQR_DIST = BASE_DIR / "ateliers" / "inscriptions" / "npm" / "node_modules" / "jsqr" / "dist"
STATICFILES_DIRS += [("ateliers/vendor/jsqr", JSQR_DIST)] if JSQR_DIST.is_dir() else []
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
# Uploads kept for the worker and the files jobs produce go through Django's storage API, never
# a path: a folder of DATA_DIR on one machine; an S3-compatible bucket (django-storages) when
# several app servers and workers share them, by configuration alone.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "fichiers")))
STOCKAGE_S3_BUCKET = env_str("STOCKAGE_S3_BUCKET")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not STOCKAGE_S3_BUCKET
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STOCKAGE_S3_BUCKET,
            "endpoint_url": env_str("STOCKAGE_S3_ENDPOINT") or None,
            "region_name": env_str("STOCKAGE_S3_REGION") or None,
            "access_key": env_str("STOCKAGE_S3_ACCESS_KEY") or None,
            "secret_key": env_str("STOCKAGE_S3_SECRET_KEY") or None,
            "location": env_str("STOCKAGE_S3_PREFIXE"),
            # Personal data: private objects, never a public URL (the app hands files out itself).
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
# A send must end well within the claim lease below, or another run would send it again.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# The Date header in the local time of the réseaux (+0100 / +0200), not UTC's « -0000 ».
EMAIL_USE_LOCALTIME = True
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Passerelles <ne-pas-repondre@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST or not DEBUG
    else "django.core.mail.backends.console.EmailBackend"
)

# Links in emails (registration, unsubscribe) are absolute: the address users reach the site at.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# `check --deploy` refuses a local or plain-http SITE_URL, unless this says it is on purpose.
SITE_URL_LOCALE = env_bool("SITE_URL_LOCALE", False)
# A message claimed by a worker for longer than this is taken back by the next run
# (the worker was killed between sending and recording the sending).
ENVOIS_BAIL_SECONDES = env_int("ENVOIS_BAIL_SECONDES", 300)
# SMTP relays cap how many messages an account sends per hour: the worker keeps under it
# and comes back when a place frees up (0: no cap).
ENVOIS_PAR_HEURE = env_int("ENVOIS_PAR_HEURE", 0)
# The mailbox where bounces arrive (read by `passerelles lire_rebonds`, e.g. every hour).
REBONDS_IMAP_HOST = env_str("REBONDS_IMAP_HOST")
REBONDS_IMAP_USER = env_str("REBONDS_IMAP_USER")
REBONDS_IMAP_PASSWORD = env_str("REBONDS_IMAP_PASSWORD")

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if BEHIND_HTTPS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Contacts with no interaction for this many years are listed for review (GDPR retention).
RETENTION_ANNEES = env_int("RETENTION_ANNEES", 3)
# Largest spreadsheet accepted by the contact import.
IMPORT_TAILLE_MAX = env_int("IMPORT_TAILLE_MAX", 10 * 1024 * 1024)
# Files produced by background jobs (large exports) are deleted after this many days.
TRAVAUX_FICHIERS_JOURS = env_int("TRAVAUX_FICHIERS_JOURS", 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
