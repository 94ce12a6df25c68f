"""Log lines an operator can search: time, level, logger, request and user.

Every log record, Django's and the libraries' included, passes through
structlog's formatter. django-structlog's middleware binds ``request_id``
(the ``X-Request-ID`` header nginx sets, or a new one) and ``user_id`` to the
request's context, so each line written while serving it carries both. In
production the lines are JSON, one per line; in development they are plain
text with the same fields.
"""

import structlog

# What every line gets, whoever wrote it (structlog or the standard library).
_SHARED = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.stdlib.ExtraAdder(),
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_structlog() -> None:
    """structlog's own loggers (django-structlog's request events) hand their
    events to the standard library, whose handlers format every line alike."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.filter_by_level,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def logging_settings(*, json: bool, level: str = "INFO") -> dict:
    """The LOGGING setting: one console handler, JSON or plain text."""
    renderer = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "portal": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    renderer,
                ],
                "foreign_pre_chain": _SHARED,
            }
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "portal"}
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Wagtail logs every page action; django-tasks every task run
            # (portal.worker logs retries and failures itself).
            "wagtail": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
            "django_tasks_db": {"level": "WARNING"},
            # gunicorn writes the access log; one "request finished" line per
            # request from django-structlog would say it twice.
            "django_structlog": {"level": "ERROR"},
            "apscheduler": {"level": "WARNING"},
        },
    }
