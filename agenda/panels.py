"""The event's edit page in the admin: « Inscriptions et besoins », a read-only panel counting,
per session, the places held, the people waiting and what they ask for (interpreters,
childcare, step-free access, other needs), with links to the registrations.

A Wagtail `Panel` (the documented way to add to an edit form). agenda/models.py puts it in
EventPage.content_panels, and the models import no admin or dashboard module (pyproject.toml,
[tool.importlinter]): the panel asks the hook SESSION_NEEDS_HOOK, which agenda/staff.py
registers, who may see it (registrations are personal data) and what it shows.
"""

from wagtail import hooks
from wagtail.admin.panels import Panel

# Its functions return {"shown_to": user -> bool, "context": event -> dict}.
SESSION_NEEDS_HOOK = "agenda_session_needs_panel"


def providers():
    """What the hook's functions give (none when the staff's admin is not installed)."""
    return [hook() for hook in hooks.get_hooks(SESSION_NEEDS_HOOK)]


class SessionNeedsPanel(Panel):
    """Per session of the event: places held / capacity, waiting, needs, and links."""

    def __init__(self, heading="Inscriptions et besoins", **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        """The panel drawn for one event and one user."""

        template_name = "agenda/admin/session_needs_panel.html"

        def is_shown(self):
            """Only for a saved event, and for those the hook lets see registrations."""
            if self.instance is None or self.instance.pk is None or self.request is None:
                return False
            user = self.request.user
            return any(provider["shown_to"](user) for provider in providers())

        def get_context_data(self, parent_context=None):
            """The sessions' counts, as the hook gives them."""
            context = super().get_context_data(parent_context)
            for provider in providers():
                context.update(provider["context"](self.instance))
            return context
