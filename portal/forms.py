"""What the site's filter forms share (library, news, plan overview, search)."""

from django import forms


class FilterForm(forms.Form):
    """Filters read from the GET URL: an unrecognised value is dropped, then named, never an
    error."""

    def wanted(self):
        """The recognised filters that have a value."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    @property
    def ignored(self):
        """Labels of the filters whose value was not recognised."""
        return [self.fields[name].label for name in self.errors]


def other_pages_query(request):
    """The request's GET parameters without `page`, for links to the other result pages."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
