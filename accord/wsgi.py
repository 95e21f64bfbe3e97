import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")

from accord.retry import retry_safe_requests  # noqa: E402  (after the settings module is chosen)

# A GET cut off by a database restart is answered again once (accord/retry.py).
application = retry_safe_requests(get_wsgi_application())
