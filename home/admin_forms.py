"""Forms of the admin itself that Wagtail lets a project replace through its settings."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, with its password label translated.

    Wagtail 8 gives the password field no label, so Django shows the field's name, in
    English ("Password"), on an otherwise French page (WAGTAILADMIN_USER_LOGIN_FORM).
    """

    password = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Entrez votre mot de passe")}),
        strip=False,
    )
