"""Choose several related items by typing their names, in one field, in the order chosen.

Wagtail's MultipleChooserPanel forgets what was ticked when the chooser searches or pages
(wagtail/wagtail#10754). Here the editor types a name, picks it, types the next: every choice
stays, in its order. The field is a type-ahead of the maintained wagtail-autocomplete package;
the choices are written as the page's orderable link rows (e.g. an action's "Par qui ?"), so
the public pages, the revisions and the exports read them as before.
"""

import json

from django import forms
from wagtailautocomplete.views import render_page
from wagtailautocomplete.widgets import Autocomplete


def ordered_rows(row_model, target, objects):
    """One Orderable link row per object, numbered in order (the importer writes them too).

    The order is stored (sort_order): without it the rows come back in whatever order the
    database picks, and PostgreSQL does not keep the insertion order.
    """
    return [row_model(**{target: item, "sort_order": n}) for n, item in enumerate(objects)]


class OrderedAutocomplete(Autocomplete):
    """wagtail-autocomplete's type-ahead for several items, shown in the order given."""

    def __init__(self, target_model, attrs=None):
        super().__init__(target_model, can_create=False, is_single=False, attrs=attrs)

    def format_value(self, value):
        if not value:
            return "null"
        pks = [int(getattr(item, "pk", item)) for item in value]
        found = self.target_model.objects.in_bulk(pks)
        return json.dumps([render_page(found[pk]) for pk in pks if pk in found])


class OrderedLinksField(forms.ModelMultipleChoiceField):
    """The objects a page's orderable link rows point to, in the rows' order.

    `relation` is the page's child relation (e.g. "organisation_links") and `target` the rows'
    foreign key to `model` (e.g. "organisation").
    """

    def __init__(self, relation, target, model, **kwargs):
        self.relation = relation
        self.target = target
        kwargs.setdefault("required", False)
        super().__init__(queryset=model.objects.all(), widget=OrderedAutocomplete(model), **kwargs)

    def clean(self, value):
        found = {str(item.pk): item for item in super().clean(value)}
        return [found[str(pk)] for pk in dict.fromkeys(value or []) if str(pk) in found]

    def chosen(self, page):
        """The linked objects' ids, in the rows' order (read from a revision too)."""
        return [getattr(row, f"{self.target}_id") for row in getattr(page, self.relation).all()]

    def write(self, page, objects):
        """Replace the page's link rows by one row per object, in order. A row's own values
        (e.g. an action's partner's qualifier, "(GT primo-arrivant)") stay with its object."""
        rows = getattr(page, self.relation)
        row_model = rows.model
        kept = [
            f.attname
            for f in row_model._meta.concrete_fields
            if not (f.primary_key or f.is_relation or f.name == "sort_order")
        ]
        before = {getattr(row, f"{self.target}_id"): row for row in rows.all()}
        new_rows = ordered_rows(row_model, self.target, objects)
        for row in new_rows:
            old = before.get(getattr(row, f"{self.target}_id"))
            for name in kept if old is not None else ():
                setattr(row, name, getattr(old, name))
        setattr(page, self.relation, new_rows)


class OrderedLinksFormMixin:
    """For a page form: reads and writes the link rows of its OrderedLinksFields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.ordered_links_fields():
            self.initial.setdefault(name, field.chosen(self.instance))

    def ordered_links_fields(self):
        return [(n, f) for n, f in self.fields.items() if isinstance(f, OrderedLinksField)]

    def save(self, commit=True):
        page = super().save(commit=False)
        for name, field in self.ordered_links_fields():
            field.write(page, self.cleaned_data.get(name, []))
        if commit:
            page.save()
        return page
