"""The editors' guide (docs/guide-redaction.md), read inside the admin."""

import re
import unicodedata

import markdown
from django.conf import settings
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

GUIDE_FILE = "docs/guide-redaction.md"
# "## 9. Les pages à rédiger": the number is left out of the heading's id, so that a link to
# #les-pages-a-rediger survives a renumbering of the guide.
SECTION_NUMBER = re.compile(r"^\s*\d+(\.\d+)*\.?\s+")
# The file's own title: the admin's header already shows one (a page has a single h1).
FILE_TITLE = re.compile(r"\A#\s[^\n]*\n")
# The guide's images, linked from docs/ to the static files that serve them in the admin.
STATIC_IMAGE = re.compile(r'src="\.\./home/static/([^"]+)"')


def heading_id(text, separator):
    """A heading's id: "Tableau de bord" → "tableau-de-bord", accents and number dropped."""
    text = SECTION_NUMBER.sub("", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(rf"[{separator}\s]+", separator, text)


def render_guide(path):
    """The guide's HTML and its table of contents (markdown's toc extension), or None when the
    file is absent (an installation from a wheel has no docs/)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    converter = markdown.Markdown(
        # The guide nests its lists three spaces under "1. " (as GitHub reads them); Python-
        # Markdown's default of four would run them into their item's text.
        tab_length=3,
        extensions=["toc", "tables", "sane_lists"],
        extension_configs={
            # The table lists the guide's parts (h2), short enough to be read at a glance; every
            # heading still gets its id, for links to a subsection (#a-rediger).
            "toc": {"slugify": heading_id, "toc_depth": "2"},
        },
    )
    html = converter.convert(FILE_TITLE.sub("", text, count=1))
    html = STATIC_IMAGE.sub(lambda match: f'src="{static(match.group(1))}"', html)
    return {"html": mark_safe(html), "toc": mark_safe(converter.toc)}


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    """« Guide de rédaction »: the guide rendered in the admin's layout, for every admin user."""

    page_title = "Guide de rédaction"
    header_icon = "help"
    template_name = "home/admin/guide.html"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["guide"] = render_guide(settings.BASE_DIR / GUIDE_FILE)
        context["guide_file"] = GUIDE_FILE
        return context
