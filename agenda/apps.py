from django.apps import AppConfig


class AgendaConfig(AppConfig):
    """The centre's agenda: trainings, concertation meetings, plenaries, and their registrations."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "agenda"
    verbose_name = "Agenda"
