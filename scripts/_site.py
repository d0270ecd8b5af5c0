"""A throwaway copy of the site for the review scripts (screenshots, Lighthouse).

A temporary SQLite database gets the migrations and the initial content, plus a few items the
seeds do not have (one news item, one team member, synthetic directory services), clearly
labelled as examples, so that
every page type can be looked at. The database and its files are deleted afterwards; the
real database is never touched.
"""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EXAMPLES = """
from wagtail.models import Page, Site
from home.models import Person, TeamMember, TeamPage
from resources.models import NewsIndexPage, NewsPage
from thematiques.models import ThematicPage

index = NewsIndexPage.objects.get()
news = NewsPage(
    title="Exemple d'actualité (capture d'écran)",
    slug="exemple-actualite",
    intro="Une actualité d'exemple, créée pour les captures d'écran : le contenu initial "
    "n'en contient aucune.",
    body=[{"type": "paragraph", "value": "<p>Texte d'exemple.</p>"}],
)
index.add_child(instance=news)
news.thematics.set(ThematicPage.objects.filter(slug__in=["logement", "sante"]))
news.save_revision().publish()

team = TeamPage.objects.get(slug="equipe")
person = Person.objects.create(name="Prénom Nom (exemple)", role="Fonction d'exemple")
team.members = [TeamMember(person=person)]
team.save_revision().publish()

# The directory: the seeds give the centre's office only; synthetic services, named so,
# spread over the province, show the map's clusters and the filters.
from testing.synthetic import add_directory_entries
add_directory_entries(40)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(environment, *arguments, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
        **kwargs,
    )


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("Le serveur s'est arrêté au démarrage.")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"Le serveur ne répond pas sur {url}.")


@dataclass
class ThrowawaySite:
    """A running throwaway site: its base URL, its server's environment and folder."""

    url: str
    port: int
    environment: dict
    folder: Path

    def shell(self, code):
        """Run Python `code` in `manage.py shell` with the site's own settings."""
        manage(self.environment, "shell", "-c", code)


@contextlib.contextmanager
def throwaway_site(production=False, examples=True, environment=None, deployed_gunicorn=False):
    """Yield a fresh site (ThrowawaySite) served on the loopback.

    production=False: Django's development server (dev settings), as a developer sees it.
    production=True: gunicorn with the production settings and WhiteNoise's compressed,
    hashed static files, as a visitor gets them. `environment` adds or overrides variables
    of the server (a cache, a proxy to purge…). deployed_gunicorn=True: gunicorn with
    deploy/gunicorn.conf.py (its workers and timeouts) rather than two plain workers.
    """
    with tempfile.TemporaryDirectory(prefix="portail-cai-") as workdir:
        work = Path(workdir)
        port = free_port()
        settings = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}",
            "MEDIA_ROOT": str(work / "media"),
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "PYTHONUNBUFFERED": "1",
        }
        settings.pop("REDIS_URL", None)
        settings.pop("CACHE_URL", None)
        manage(settings, "migrate", "--noinput")
        manage(settings, "load_initial_content")
        if examples:
            manage(settings, "shell", "-c", EXAMPLES)
        if production:
            settings.update(
                {
                    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
                    "SECRET_KEY": secrets.token_urlsafe(50),
                    "ALLOWED_HOSTS": "127.0.0.1,localhost",
                    "SECURE_SSL_REDIRECT": "False",
                    "STATIC_ROOT": str(work / "static"),
                    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                    "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                }
            )
            manage(settings, "collectstatic", "--noinput")
            if deployed_gunicorn:
                config = ROOT / "deploy" / "gunicorn.conf.py"
                settings["GUNICORN_BIND"] = f"127.0.0.1:{port}"
                command = [sys.executable, "-m", "gunicorn", "--config", str(config)]
            else:
                command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
                command += ["--workers", "2", "portal.wsgi:application"]
        else:
            command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
        # The server's own additions (a shared cache, a proxy to purge) once the content is
        # built: loading it must not purge a proxy that does not run yet.
        settings.update(environment or {})
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=settings,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base + "/", server)
            yield ThrowawaySite(base, port, settings, work)
        finally:
            server.terminate()
            server.wait(timeout=20)
