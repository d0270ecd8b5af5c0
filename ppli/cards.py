"""Action cards and objective blocks, rendered in one loop for lists of hundreds.

The plan overview at ten times the booklet shows about 900 objectives and actions: with an
`{% include %}` per card, a `{% pageurl %}` per link and `get_status_display` per status, their
markup cost ten times the rest of the page (docs/performance.md). Here each card is a few
string operations on a plain row (ppli/models/rows.py). The markup is that of the card
component (docs/design.md: `card--action`, `facts`, `plan-objective`); the templates call it
through ppli_tags (`objective_blocks`, `action_cards`, `action_facts`).
"""

from django.utils.safestring import mark_safe

from core.page_urls import path_urls
from core.request_cache import once_per_request

from .models import ActionStatus, PPLIIndexPage

HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
# The five characters Django's escape replaces, replaced by one C call: Django's escape wraps
# the standard library's for lazy strings, a Python call paid tens of thousands of times here.
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})
UNKNOWN = ActionStatus.UNKNOWN.value
PRIORITY_BADGE = ' <span class="badge badge--priority">Prioritaire</span>'
REQUEST_ATTRIBUTE = "_ppli_partner_urls"


def escape(value):
    """`value` as text escaped for HTML (Django's escape, as plain str)."""
    return str(value).translate(ESCAPES)


def heading_tag(name, default):
    """A heading element name from a template argument, never anything else."""
    return name if name in HEADINGS else default


class PartnerUrls:
    """The public pages of the plan's partners and audiences, served by the PPLI landing.

    The landing's URL and its two routes are reversed once per request; each link is then
    a concatenation. No landing, no link (empty string).
    """

    def __init__(self, request):
        landing = PPLIIndexPage.objects.live().first()
        self.formats = {}
        if landing is not None:
            base = landing.get_url(request)
            for name in ("organisation", "audience"):
                # A slug that cannot be a real one marks where each partner's slug goes.
                prefix, suffix = landing.reverse_subpage(name, args=["slug-marker"]).split(
                    "slug-marker"
                )
                self.formats[name] = (base + prefix, suffix)

    def url(self, name, slug):
        """The page of the organisation or audience `slug` ("" without a PPLI landing)."""
        if name not in self.formats:
            return ""
        prefix, suffix = self.formats[name]
        return prefix + slug + suffix

    @classmethod
    def for_request(cls, request):
        """Built once per request."""
        return once_per_request(request, REQUEST_ATTRIBUTE, cls)


class PlanCards:
    """Renders the cards of one page: its request gives the URLs, its glossary marks acronyms
    on their first use in the page.

    Each list is one loop with no Python call per card: escaping is `str.translate` (a C
    call), URLs are concatenated in place, and the glossary is asked only about texts where
    its pattern finds an acronym. On CPython 3.11 a call made
    deep inside template rendering can land on the edge of the interpreter's frame stack and
    map a fresh memory chunk each time: with a helper per field, cards cost five page faults
    each and four times their CPU. Each card is joined into one string as soon as it is
    written, so that thousands of small pieces never fill fresh memory arenas at once
    (docs/performance.md).
    """

    def __init__(self, request, glossary):
        self.page_url = path_urls(request)
        # The current site's root: most links are this prefix plus the end of the url_path.
        self.site_root, self.site_prefix = self.page_url.current_site_root()
        self.partner_urls = PartnerUrls.for_request(request)
        # Labels translated once per page, not once per card.
        self.status_html = {
            value: f'<span class="status status--{value}">{escape(label)}</span>'
            for value, label in ActionStatus.choices
        }
        self.glossary = glossary
        self.acronyms = glossary.pattern if glossary else None
        # A partner is named on many cards (one on every action of the plan, sometimes): its
        # list item is written once per page.
        self.partner_items = {}

    def text(self, text):
        """Plain text as HTML, its acronyms marked on their first use in the page."""
        if self.acronyms is not None and self.acronyms.search(text):
            return self.glossary.mark(text)
        return text.translate(ESCAPES)

    def url(self, url_path):
        """A page's URL, escaped for an attribute."""
        root = self.site_root
        if root is not None and url_path.startswith(root):
            return (self.site_prefix + url_path[len(root) :]).translate(ESCAPES)
        return escape(self.page_url(url_path) or "")

    def partner_item(self, name, partner, key):
        """The list item of a linked organisation or audience, written once per page and kept
        under `key`."""
        url = escape(self.partner_urls.url(name, partner.slug))
        # The name is the link; the booklet's qualifier follows it: "FOREm (GT primo-arrivant)".
        after = f" {escape(partner.qualifier)}" if partner.qualifier else ""
        item = self.partner_items[key] = (
            f'<li><a href="{url}">{escape(partner.name)}</a>{after}</li>'
        )
        return item

    def action_cards(self, actions, heading, out, card=True):
        """Compact action cards: number (a link), priority, text and facts. With `card`
        false, only the full facts list of each action (the action's own page)."""
        acronyms, root, prefix = self.acronyms, self.site_root, self.site_prefix
        items, statuses = self.partner_items, self.status_html
        for action in actions:
            html = []
            if card:
                path = action.url_path
                if root is not None and path.startswith(root):
                    url = (prefix + path[len(root) :]).translate(ESCAPES)
                else:
                    url = self.url(path)
                text = action.text
                if acronyms is not None and acronyms.search(text):
                    text = self.glossary.mark(text)
                else:
                    text = text.translate(ESCAPES)
                badge = PRIORITY_BADGE if action.priority else ""
                html.append(
                    f'<article class="card card--action" aria-labelledby="action-{action.pk}">'
                    '<div class="card__body">'
                    f'<{heading} class="card__title" id="action-{action.pk}">'
                    f'<a href="{url}">Action {action.number.translate(ESCAPES)}</a>{badge}'
                    f'</{heading}><p class="card__text">{text}</p>'
                )
            facts = []
            # "État", "Par qui ?", "Pour qui ?": the same list on cards and the action's page.
            # An unknown fact is not written at all (DESIGN.md, "Unknown is silent").
            progress = action.progress
            if action.status != UNKNOWN:
                status = statuses.get(action.status)
                if status is None:
                    value = action.status.translate(ESCAPES)
                    status = f'<span class="status status--{value}">{value}</span>'
                if progress is not None:
                    status = f"{status} ({progress}\u00a0%)"
                facts.append(f"<div><dt>État\u00a0:</dt><dd>{status}</dd></div>")
            elif progress is not None:
                facts.append(f"<div><dt>Avancement\u00a0:</dt><dd>{progress}\u00a0%</dd></div>")
            for label, name, partners, others, note in (
                (
                    "Par qui\u202f?",
                    "organisation",
                    action.organisations,
                    action.by_whom_other,
                    action.by_whom_note,
                ),
                ("Pour qui\u202f?", "audience", action.audiences, action.for_whom_other, ""),
            ):
                lines = [line.strip() for line in others.splitlines()] if others else ()
                if partners or any(lines):
                    facts.append(f'<div><dt>{label}</dt><dd><ul class="inline-list">')
                    for partner in partners:
                        key = (name, partner.slug, partner.name, partner.qualifier)
                        item = items.get(key)
                        facts.append(item or self.partner_item(name, partner, key))
                    for line in lines:
                        if line:
                            facts.append(f"<li>{line.translate(ESCAPES)}</li>")
                    facts.append("</ul>")
                    if note and not card:
                        facts.append(f' <span class="muted">{note.translate(ESCAPES)}</span>')
                    facts.append("</dd></div>")
            # No known fact, no list: an empty <dl> says nothing to a screen reader either.
            if facts:
                html.append('<dl class="facts facts--compact">' if card else '<dl class="facts">')
                html.extend(facts)
                html.append("</dl>")
            if card:
                html.append("</div></article>")
            # One string per card: its small pieces are freed at once, so the allocator reuses
            # the same memory for the next card instead of mapping fresh arenas.
            out.append("".join(html))

    def objective_blocks(self, nodes, heading, card_heading, out):
        """Each objective once, with the actions of its node under it."""
        for node in nodes:
            objective = node.page
            anchor = f"objectif-{objective.pk}-{heading}"
            badge = PRIORITY_BADGE if objective.priority else ""
            out.append(
                f'<section class="plan-objective" aria-labelledby="{anchor}">'
                f'<{heading} class="plan-objective__title" id="{anchor}">'
                f'<a href="{self.url(objective.url_path)}">'
                f"Objectif {objective.number}</a>{badge}</{heading}>"
            )
            if objective.text:
                out.append(f'<p class="plan-objective__text">{self.text(objective.text)}</p>')
            if node.actions:
                out.append('<div class="plan-objective__actions">')
                self.action_cards(node.actions, card_heading, out)
                out.append("</div>")
            out.append("</section>")


def plan_cards(context):
    """The renderer of the page being rendered, shared by all its card lists."""
    renderer = context.render_context.get(PlanCards)
    if renderer is None:
        renderer = PlanCards(context.get("request"), context.get("glossary"))
        context.render_context[PlanCards] = renderer
    return renderer


def objective_blocks(context, nodes, heading="h3", card_heading="h4"):
    """Objective blocks with their action cards, as safe HTML."""
    out = []
    plan_cards(context).objective_blocks(
        nodes, heading_tag(heading, "h3"), heading_tag(card_heading, "h4"), out
    )
    return mark_safe("".join(out))


def action_cards(context, actions, heading="h3"):
    """Action cards, as safe HTML."""
    out = []
    plan_cards(context).action_cards(actions, heading_tag(heading, "h3"), out)
    return mark_safe("".join(out))


def action_facts(context, action):
    """The full facts list of an action's own page, as safe HTML."""
    out = []
    plan_cards(context).action_cards([action], None, out, card=False)
    return mark_safe("".join(out))
