"""What the site's filter forms and listings share (library, news, directory, plan overview,
search)."""

from django import forms
from django.core.paginator import InvalidPage, Paginator

from pagecache.params import recognise


class FilterForm(forms.Form):
    """Filters read from the GET URL: an unrecognised value is dropped, then named, never an
    error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                # Same markup, one loop instead of two includes per option.
                field.widget.template_name = "core/widgets/select.html"

    def full_clean(self):
        """Validate, then tell the page cache which filters of the URL were understood."""
        super().full_clean()
        for name, field in self.fields.items():
            if name not in self.data or name in self.errors:
                continue
            value = self.data.get(name)
            # Empty, or one of the field's choices: a free text (a search) has no end of
            # values, so a page filtered by one is never stored (pagecache/params.py).
            if value == "" or hasattr(field, "choices"):
                recognise(name, value)

    def wanted(self):
        """The recognised filters that have a value."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    @property
    def ignored(self):
        """Labels of the filters whose value was not recognised."""
        return [self.fields[name].label for name in self.errors]


def paginate(items, per_page, request):
    """The page of ``items`` that the request's ``page`` parameter asks for.

    An odd value shows the first or last page, as Paginator.get_page does; only an existing
    page number, written as the site's links write it, may name a cached page.
    """
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", "1")
    try:
        page = paginator.page(number)
    except InvalidPage:
        return paginator.get_page(number)
    if "page" in request.GET and number == str(page.number):
        recognise("page", number)
    return page


def page_listing(context, build):
    """What a listing's inclusion tag gives its template: the page being rendered, the request,
    and what `build(page, request)` reads for them (form, results, pagination…). The page
    models import no listing module: the tags call it with the page."""
    page, request = context["page"], context["request"]
    return {"page": page, "request": request, **build(page, request)}


def other_pages_query(request):
    """The request's GET parameters without `page`, for links to the other result pages."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
