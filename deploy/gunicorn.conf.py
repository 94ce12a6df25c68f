"""Gunicorn settings: ``gunicorn -c deploy/gunicorn.conf.py portal.wsgi``.

Every knob comes from the environment, like the Django settings: systemd
reads it from /srv/oxyplus/.env (EnvironmentFile), honcho from .env.
"""

import os

# Behind nginx on the same machine; GUNICORN_BIND=0.0.0.0:8000 when the proxy
# is elsewhere. Set explicitly so honcho's PORT variable (which gunicorn would
# otherwise bind on all interfaces) is never used.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
# Sync workers: one request at a time each. About 2 per core plus one; a
# request waiting on PostgreSQL or SMTP holds its worker.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# The master loads the application (portal.wsgi, which also warms up the
# URLconf, translations and templates: portal/warmup.py) once, then forks the
# workers: each starts ready, its first request as fast as the next ones, and
# the loaded code is shared between them (copy on write).
# Two rules follow. Nothing may open a database connection (or any socket)
# while the application loads: the forked workers would share it and their
# queries would cross; Django opens its connections on the first query of a
# request, the Redis cache client on its first use, and logging only writes
# to stdout. And a HUP (systemctl reload) forks new workers from the code the
# master already holds: new code needs systemctl restart.
preload_app = True

# A request still running after 30 s is killed (and logged): the slowest
# pages (exports, the leave-behind PDF) take a few seconds.
timeout = 30
# On SIGTERM or SIGHUP, requests in flight get 30 s to finish.
graceful_timeout = 30
# Each worker is replaced after about 1,000 requests, not all at the same
# moment (jitter), so a slow leak in a library never grows for weeks.
max_requests = 1000
max_requests_jitter = 100

# Only the proxy may say a request came over HTTPS (X-Forwarded-Proto) or
# from which address: nginx on this machine by default.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Both logs on stdout/stderr: journald (systemd) or honcho collect them.
accesslog = "-"
errorlog = "-"
# The request id is nginx's $request_id (X-Request-ID), which django-structlog
# also puts on every application log line of the request: one grep finds
# both. The path is logged without its query string (searches hold names).
access_log_format = (
    "time=%(t)s request_id=%({x-request-id}i)s method=%(m)s "
    'path="%(U)s" status=%(s)s duration_us=%(D)s bytes=%(B)s'
)

# systemd signals (HUP to reload, TERM to stop) manage the server; the
# control socket would be one path shared by every gunicorn of the user.
control_socket_disable = True
