"""The WSGI application (waitress in `wir-monitor portal`; any WSGI server in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pipeline.portal.settings")
application = get_wsgi_application()
