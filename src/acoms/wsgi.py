import os

from django.core.wsgi import get_wsgi_application

# Files the site writes (database, uploads, claims, mail) hold beneficiary data: owner-only.
os.umask(0o077)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acoms.settings")
application = get_wsgi_application()
