"""The one settings file. Everything that differs between machines comes from the environment.

See docs/configuration.md for every variable.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))  # keys, test database, job output
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


# A development key; config/checks.py refuses it whenever DEBUG is off.
DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production-0f3c9a"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Our apps first: custody's `flush` command must win over Django's own.
    "labels",
    "accounts",
    "warehouse",
    "custody",
    # custody's features, each an app of its own that changes items only through custody's write path
    # (docs/architecture.md); the order is the direction of their imports, lowest first.
    "custody.intake",
    "custody.printing",
    "custody.releases",
    "custody.transfers",
    "custody.appraisals",
    "custody.stocktake",
    "custody.scan",
    "custody.work",
    "destruction",
    "finance",
    "api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "demo",
    "django_htmx",
    "simple_history",
    # Production readiness: login throttling and the TOTP second factor (see accounts/otp.py).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the WSGI process (compressed, cached forever by hashed name).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy and related headers on every answer (no inline scripts anywhere).
    "accounts.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Production readiness: a disabled user is logged out on their next request; the second
    # factor marks the session verified; roles in OTP_REQUIRED_ROLES must verify before anything.
    "accounts.security.ActiveUserMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.otp.OTPRequiredMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.DomainErrorMiddleware",
    # Last: counts failed logins (django-axes) and refuses locked-out user name + address pairs.
    "axes.middleware.AxesMiddleware",
]

# django-axes first so a locked-out pair is refused before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "accounts.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite in the project folder unless DATABASE_URL says otherwise (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so two writers queue up
        # instead of failing with "database is locked" half-way through.
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Thread tests need a file database: threads cannot share an in-memory one safely.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    # A lock wait longer than this is answered with 503 instead of holding a worker.
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", f"-c lock_timeout={int(os.environ.get('DB_LOCK_TIMEOUT_MS', '5000'))}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# One catalogue per feature (locale/<feature>/zh_Hans/LC_MESSAGES/django.po), so work on different
# features never edits the same file; Django merges them all.
LOCALE_PATHS = sorted(path for path in (BASE_DIR / "locale").glob("*") if path.is_dir())
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")  # for display; values are stored in UTC
USE_I18N = True
# Our corrections to the languages' formats (config/formats/<locale>/formats.py): ISO dates in forms.
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder before collectstatic
WHITENOISE_USE_FINDERS = DEBUG  # development: serve from the app folders, no collectstatic needed
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media-not-served-directly/"  # uploads are served by a view that checks scope
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: hashed, compressed names served by whitenoise (needs `collectstatic`).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if not DEBUG
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Security -------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# Production hardening (issue 10); docs/configuration.md explains each variable.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(10 * 60 * 60)))  # one shift
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not from the cookie
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # the load balancer's plain-HTTP health probe
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preload only matters once the domain is submitted to the browsers' list; on keeps check --deploy clean.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("BEHIND_TLS_PROXY", False):  # the proxy terminates TLS and says so in this header
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No inline scripts or styles anywhere (templates/base.html, htmx indicator styles switched off).
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

# Login throttling (django-axes): by user name AND address together, so one mistyping scanner
# behind a shared NAT locks only that user name from that address, and only for the cool-off.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT \
    else ["REMOTE_ADDR"]

# Second factor (django-otp TOTP). Roles listed here must enrol a device and enter a code after
# the password. Development and tests: nobody; production (DEBUG off): supervisors and administrators.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", "" if DEBUG else "supervisor,administrator")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Custody")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows anyone's TOTP key or its QR code
# Signing actions (approvals, sign-offs) ask for the actor's password again (accounts/reauth.py).
SIGNING_REQUIRES_PASSWORD = env_bool("SIGNING_REQUIRES_PASSWORD", True)

# --- History --------------------------------------------------------------------------------
# History rows are evidence of who changed which field; the admin must not "revert" them.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# --- Product settings -----------------------------------------------------------------------
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-pass-2026")
LABEL_BASE_URL = os.environ.get("LABEL_BASE_URL", "")  # e.g. HTTPS://CUSTODY.EXAMPLE.GOV.CN/L/
LABEL_ERROR_CORRECTION = os.environ.get("LABEL_ERROR_CORRECTION", "Q")
LABEL_CJK_FONT = os.environ.get("LABEL_CJK_FONT", "")
LABEL_BACKGROUND_THRESHOLD = int(os.environ.get("LABEL_BACKGROUND_THRESHOLD", "500"))  # bigger jobs: background
LABEL_JOBS_INLINE = env_bool("LABEL_JOBS_INLINE", False)
LEDGER_SIGNING_KEY_PATH = Path(os.environ.get("LEDGER_SIGNING_KEY_PATH", VAR_DIR / "keys" / "ledger-ed25519.pem"))
# A development machine makes its own checkpoint key on first use; production must be given one
# (a fresh key nobody else holds would make every later checkpoint worthless as evidence).
LEDGER_SIGNING_KEY_AUTOCREATE = env_bool("LEDGER_SIGNING_KEY_AUTOCREATE", DEBUG)
ITEMS_PER_PAGE = 25
# Machine interface (docs/api.md): requests per token and period ("120/m", "5000/h"), counted in the
# cache (CACHES: one shared cache, e.g. the database cache, when several app servers run).
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/m")
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
# How this deployment names itself in the case bundles it signs (e.g. "广东省公物仓 Guangdong").
DEPLOYMENT_NAME = os.environ.get("DEPLOYMENT_NAME", "custody")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "custody.security": {"level": "INFO"},
    },
}

