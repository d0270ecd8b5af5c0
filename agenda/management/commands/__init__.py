"""manage.py send_agenda_reminders, purge_agenda_registrations."""
