"""Settings shared by every environment, read from the environment (django-environ).

With nothing set the portal runs embedded: SQLite in the project folder and Celery tasks
run eagerly in-process. ``DATABASE_URL`` switches to PostgreSQL and ``CELERY_BROKER_URL``
to a real Celery worker on Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-local-development-only")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The CSRF failure page in Vietnamese, saying what to do (emulation_portal/views.py).
CSRF_FAILURE_VIEW = "emulation_portal.views.csrf_failure"

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's widget templates for FORM_RENDERER (TemplatesSetting reads TEMPLATES).
    "django.forms",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
]
LOCAL_APPS = [
    # The kernel: its backup and restore commands (it has no models).
    "emulation_portal",
    # The apps in the order of their ladder, bottom to top (README, tests/test_layers.py).
    "units",
    "criteria",
    "campaigns",
    "scoring",
    "registrations",
    "awards",
    "reports",
    # On top of every app, imported by none: the demo, the scale seeder, the benchmarks.
    "demo",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed here, so no proxy is needed for it (Django's gzip pads each response
    # against BREACH); WhiteNoise serves the static files precompressed.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "emulation_portal.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "emulation_portal.urls"
WSGI_APPLICATION = "emulation_portal.wsgi.application"

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
                "units.context_processors.portal_role",
                "units.context_processors.portal_brand",
                "registrations.context_processors.unread_notices",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds drawn charts and dashboard figures under a hash of their data, so it is
# never stale: each process's memory by default; in production DJANGO_CACHE_URL (e.g.
# redis://127.0.0.1:6379/1) shares it between the web workers.
CACHES = {"default": env.cache("DJANGO_CACHE_URL", default="locmemcache://")}

# The portal's rules are asked through units.permissions.may, never through User.has_perm
# (which lets a superuser do anything, and whose ModelBackend would also grant a rule to anyone
# holding the admin site's permission of the same name). No rules backend is installed, and
# tests/test_superuser_is_not_an_actor.py fails on any has_perm call in the portal's code.
# ModelBackend serves the admin site.
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Password guessing (django-axes): this many wrong passwords for one account from one address
# lock that pair out for AXES_COOLOFF_TIME; each attempt while locked starts the wait again.
# Other addresses and other accounts are not affected. The administrator unlocks in the admin
# site (Axes > Access attempts: delete the rows) or with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = env.int("PORTAL_SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PORTAL_SIGN_IN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A right password ends the run of wrong ones ("in a row", as the lockout page says).
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "emulation_portal.accounts.lockout_response"
# The client's address (django-ipware), from the first of these request.META keys that holds
# one. Behind a reverse proxy REMOTE_ADDR is the proxy's: have the proxy overwrite a header
# with the client's address (nginx: proxy_set_header X-Real-IP $remote_addr) and put it first,
# PORTAL_CLIENT_IP_HEADERS=HTTP_X_REAL_IP,REMOTE_ADDR. Never name a header that the proxy
# passes through from the client: a guesser would change it at each attempt.
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("PORTAL_CLIENT_IP_HEADERS", default=["REMOTE_ADDR"])

# Content-Security-Policy (django-csp). Scripts only from the portal's own static files: no
# inline script or event handler (an inline script that must stay takes
# nonce="{{ request.csp_nonce }}"). Styles allow inline: the charts are matplotlib's SVG with
# style attributes, and progress bars set their width so; an injected style cannot run code.
# Images allow data: URIs, which Bootstrap's CSS uses for its icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# A session ends after a working day without a request (every request renews it).
SESSION_COOKIE_AGE = env.int("PORTAL_SESSION_IDLE_HOURS", default=8) * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True

# Vietnamese first; English through the same catalogue.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["emulation_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploads: evidence files attached to results, and the staff's titles through Excel.
# Files are served by a permission-checked view, never by MEDIA_URL directly.
EVIDENCE_MAX_BYTES = env.int("PORTAL_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
EVIDENCE_MAX_FILES = env.int("PORTAL_EVIDENCE_MAX_FILES", default=20)
STAFF_IMPORT_MAX_BYTES = env.int("PORTAL_STAFF_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
STAFF_IMPORT_MAX_ROWS = env.int("PORTAL_STAFF_IMPORT_MAX_ROWS", default=50_000)
# Uploaded files go to a temporary file above this size instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Forms and widgets drawn by TEMPLATES (the one template language), so that a form's own
# templates live in templates/ beside the pages' ("django.forms" gives Django's widgets).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Cổng thi đua <thidua@localhost>")

# Celery: eager (in-process) unless a broker is configured.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A job is acknowledged when it ends, not when it starts: the message of a worker killed
# mid-job goes back to the queue (at once if only the pool's process died, after the
# visibility timeout if the whole worker did), and each process takes one job at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than the longest job (CELERY_TASK_TIME_LIMIT), or a running job would be delivered
# twice; a job lost with its worker is found sooner by its heartbeat (reports.services.reports).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=30 * 60),
    "socket_connect_timeout": 5,
}
# The web pages publish with one attempt of at most this many seconds: with the broker down,
# the act is kept in the database (an e-mail in the outbox, a report queued) for beat.
PORTAL_BROKER_PUBLISH_TIMEOUT = env.float("PORTAL_BROKER_PUBLISH_TIMEOUT", default=2.0)

# Public URL used in e-mails and PDF links.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# Deadline reminders go this many days before each deadline (registration, six-month and
# year-end results) to the units that have not sent; the daily list of late units goes to the
# Department's reviewers and to this address, if set.
PORTAL_REMINDER_DAYS = env.list("PORTAL_REMINDER_DAYS", cast=int, default=[7, 3, 1])
PORTAL_DEPARTMENT_EMAIL = env("PORTAL_DEPARTMENT_EMAIL", default="")
# django-celery-beat copies these entries into its database schedule when beat starts; times
# are in CELERY_TIMEZONE (Asia/Ho_Chi_Minh).
CELERY_BEAT_SCHEDULE = {
    "deadline-reminders": {
        "task": "registrations.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "late-units-list": {
        "task": "registrations.tasks.send_late_units_list",
        "schedule": crontab(hour=7, minute=5),
    },
    "reports-due": {
        "task": "reports.tasks.generate_due_reports",
        "schedule": crontab(hour=6, minute=30),
    },
    "reports-stale": {
        "task": "reports.tasks.recover_report_jobs",
        "schedule": crontab(minute="*/2"),
    },
    "emails-resend": {
        "task": "registrations.tasks.send_pending_emails",
        "schedule": crontab(minute="*/5"),
    },
}
# An e-mail the mail server refused is tried again after this many minutes, doubled at each
# attempt (at most two hours), and marked failed after PORTAL_EMAIL_MAX_ATTEMPTS attempts.
PORTAL_EMAIL_RETRY_MINUTES = env.int("PORTAL_EMAIL_RETRY_MINUTES", default=5)
PORTAL_EMAIL_MAX_ATTEMPTS = env.int("PORTAL_EMAIL_MAX_ATTEMPTS", default=10)
# The six-month report is due once this day (month-day) of the campaign's year has passed; the
# year-end report once the campaign's year-end report date has passed.
PORTAL_SIX_MONTH_REPORT_AFTER = env("PORTAL_SIX_MONTH_REPORT_AFTER", default="06-30")
# Documents print in the shipped Tinos; a folder of licensed Times New Roman files replaces it
# (times.ttf, timesbd.ttf, timesi.ttf, timesbi.ttf; emulation_portal/pdf.py).
PORTAL_DOCUMENT_FONT_DIR = env("PORTAL_DOCUMENT_FONT_DIR", default="")
# A running report job beats every PORTAL_REPORT_HEARTBEAT_SECONDS; one silent for
# PORTAL_REPORT_LOST_AFTER_SECONDS lost its worker and is queued again, up to
# PORTAL_REPORT_MAX_ATTEMPTS runs in all, then failed (it can be retried from the dashboard).
PORTAL_REPORT_HEARTBEAT_SECONDS = env.int("PORTAL_REPORT_HEARTBEAT_SECONDS", default=30)
PORTAL_REPORT_LOST_AFTER_SECONDS = env.int("PORTAL_REPORT_LOST_AFTER_SECONDS", default=3 * 60)
PORTAL_REPORT_MAX_ATTEMPTS = env.int("PORTAL_REPORT_MAX_ATTEMPTS", default=3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
    },
}
