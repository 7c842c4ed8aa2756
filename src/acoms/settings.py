"""Django settings for ACO-MS. Every value that differs between sites comes from the environment
(see `acoms.config` and docs/operations.md)."""

from pathlib import Path

from django.utils.csp import CSP

from acoms.config import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, build_settings, private_dir

_env = build_settings()

BASE_DIR = Path(__file__).resolve().parent
ACOMS_PROFILE = _env["ACOMS_PROFILE"]
DEBUG = _env["DEBUG"]
SECRET_KEY = _env["SECRET_KEY"]
ALLOWED_HOSTS = _env["ALLOWED_HOSTS"]
CSRF_TRUSTED_ORIGINS = _env["CSRF_TRUSTED_ORIGINS"]
DATA_DIR = private_dir(_env["DATA_DIR"])  # database, uploads, claims: owner-only (docs/operations.md)
DATABASES = _env["DATABASES"]
LOGIN_FAILURE_LIMIT = _env["LOGIN_FAILURE_LIMIT"]
LOGIN_FAILURE_WINDOW = _env["LOGIN_FAILURE_WINDOW"]
CLIENT_IP_HEADER = _env["CLIENT_IP_HEADER"]  # request.META key of the trusted proxy's client-address header
TRUSTED_PROXY_COUNT = _env["TRUSTED_PROXY_COUNT"]
SITE_URL = _env["SITE_URL"]  # the address people open the site at: e-mails link to pages with it

# ACO-MS's own apps. An app's `urls.py` (urlpatterns), `demo.py` (seed(orgs)) and API router
# (`api.py` with `router`) are picked up from here; nothing else needs editing to add an app.
ACOMS_APPS = [
    "acoms.accounts",
    "acoms.audit",
    "acoms.web",
    "acoms.api",
    "acoms.applications",
    "acoms.participants",
    "acoms.performance",
    "acoms.quality",
    "acoms.search",
    "acoms.notices",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    *ACOMS_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "acoms.web.headers.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "acoms.participants.limits.RequestBodyLimitMiddleware",  # before the CSRF check reads a too-large body
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "acoms.urls"
WSGI_APPLICATION = "acoms.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "acoms.web.context.navigation",
            ],
        },
    }
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: idle timeout, refreshed on every request; never readable from JavaScript.
SESSION_COOKIE_AGE = _env["SESSION_COOKIE_AGE"]
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env["SECURE"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The site serves no inline script or style: everything comes from its own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if _env["SECURE"]:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_PERMISSIONS = PRIVATE_FILE_MODE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = PRIVATE_DIR_MODE
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": private_dir(DATA_DIR / "media")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

if _env["EMAIL_HOST"]:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _env["EMAIL_HOST"],
                "port": _env["EMAIL_PORT"],
                "use_tls": True,
                "username": _env["EMAIL_HOST_USER"] or None,
                "password": _env["EMAIL_HOST_PASSWORD"] or None,
            },
        }
    }
else:  # the demo writes each email to an owner-only folder, never to the log: reset links are secrets
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(private_dir(DATA_DIR / "mail"))},
        }
    }
DEFAULT_FROM_EMAIL = _env["DEFAULT_FROM_EMAIL"]

TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[_env["TASKS_BACKEND"]]
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # WeasyPrint reports each step of every PDF at INFO: noise beside the site's own messages.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
