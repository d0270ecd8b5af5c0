"""Sending an e-mail again later when the mail server cannot be reached.

django-tasks runs a task once: django-tasks-db marks a task that raises as failed and never runs
it again. The e-mail tasks (contact form, sign-ups) therefore call their sending function through
`run_or_retry`, which, when the mail server is down, refuses the connection or times out, puts
the same task back in the queue with a growing delay (settings.EMAIL_RETRY_DELAYS), a bounded
number of times. Each attempt is a new task whose `attempt` keyword argument counts the tries.

An attempt that schedules the next one ends normally (its result tells when the next try is), so
that only a task that gave up is marked failed: the one to look at, or to run again by hand
(docs/production.md, section 5).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import mail_admins
from django.utils import timezone

logger = logging.getLogger(__name__)

# What an unreachable or failing mail server raises: smtplib's errors (SMTPServerDisconnected,
# SMTPConnectError…) are OSErrors, as are a refused connection and a timeout. Any other error is
# a fault of the code or the data, which trying again would not mend: it fails the task at once.
MAIL_ERRORS = (OSError,)

# Seconds before each new attempt, if the settings give none: a short outage is bridged within
# minutes, a long one over about eight hours, after which the sixth attempt gives up.
DEFAULT_DELAYS = (60, 300, 1800, 7200, 21600)


def retry_delays():
    """The delays (seconds) before the second, third… attempt; their number bounds the tries."""
    return tuple(getattr(settings, "EMAIL_RETRY_DELAYS", DEFAULT_DELAYS))


def max_attempts():
    """How many times a task runs at most: the first attempt and one per delay."""
    return len(retry_delays()) + 1


def describe(task, args):
    """The task and its arguments as the log lines name them: "home.tasks.send_email(12)"."""
    return f"{task.module_path}({', '.join(repr(arg) for arg in args)})"


def run_or_retry(task, function, *args, attempt=1):
    """Call `function(*args)` for `task`; on a mail error, enqueue `task` again for later.

    `task` is the django-tasks task running this call, and `attempt` the number of its try (the
    task's own `attempt` keyword, 1 when first enqueued). Returns what `function` returns, or,
    when a new attempt is scheduled, its number and time. Raises the error when the attempts are
    used up, or when the task backend runs tasks at once (the immediate backend of development
    and tests), which cannot wait before trying again: the task is then marked failed.
    """
    try:
        return function(*args)
    except MAIL_ERRORS as error:
        delays = retry_delays()
        name = describe(task, args)
        if attempt > len(delays):
            logger.error(
                "%s: attempt %d of %d failed (%r); giving up.",
                name,
                attempt,
                len(delays) + 1,
                error,
            )
            # The administrators are told (the dashboard shows it too: « E-mails non envoyés »);
            # through the same mail server, which may be back by now.
            mail_admins(
                f"E-mail abandonné : {name}",
                f"{name} : {attempt} essais sans succès ({error!r}). La tâche est marquée en "
                "échec ; docs/production.md, section 5, explique comment la relancer.",
                fail_silently=True,
            )
            raise
        if not task.get_backend().supports_defer:
            logger.error(
                "%s: attempt %d failed (%r); the %r task backend cannot try again later.",
                name,
                attempt,
                error,
                task.backend,
            )
            raise
        delay = delays[attempt - 1]
        run_after = timezone.now() + timedelta(seconds=delay)
        result = task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
        logger.warning(
            "%s: attempt %d of %d failed (%r); next attempt in %d s (task %s).",
            name,
            attempt,
            len(delays) + 1,
            error,
            delay,
            result.id,
        )
        return {
            "retry": {"attempt": attempt + 1, "run_after": run_after.isoformat(), "task": result.id}
        }
