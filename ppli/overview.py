"""The plan overview's filters: GET parameters, shareable, validated, never an error."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.forms import FilterForm
from thematiques.models import thematic_choices

from .models import ActionPage, ActionStatus, AxisPage, ObjectivePage
from .models.plan import build_plan_tree

ANY = [("", _("Tous"))]


class PlanFilterForm(FilterForm):
    """Filters of the overview; choices come from the plan's own content."""

    axe = forms.ChoiceField(label=_("Axe"), required=False)
    thematique = forms.ChoiceField(label=_("Thématique"), required=False)
    partenaire = forms.ChoiceField(label=_("Partenaire (par qui ?)"), required=False)
    public = forms.ChoiceField(label=_("Public (pour qui ?)"), required=False)
    priorite = forms.ChoiceField(
        label=_("Priorité"),
        required=False,
        choices=ANY + [("oui", _("Prioritaires uniquement"))],
    )
    etat = forms.ChoiceField(label=_("État"), required=False)

    def __init__(self, data, tree):
        super().__init__(data)
        self.fields["axe"].choices = ANY + [
            (axis.page.slug, f"{axis.page.number} {axis.page.short_title}") for axis in tree.axes
        ]
        # The thematics of the plan's own objectives and actions (one query).
        plan = tree.plan
        self.fields["thematique"].choices = ANY + thematic_choices(
            ActionPage.objects.live().descendant_of(plan),
            ObjectivePage.objects.live().descendant_of(plan),
        )
        # Partners and audiences of the plan's actions, read from the tree: a choice always
        # finds an action, and costs no query.
        actions = tree.actions()
        self.fields["partenaire"].choices = ANY + named_choices(
            o for action in actions for o in action.organisations
        )
        self.fields["public"].choices = ANY + named_choices(
            a for action in actions for a in action.audiences
        )
        # A filter on priorities only once staff have recorded some: the booklet's were lost.
        known = any(
            item.priority is not None
            for item in [*actions, *(o.page for axis in tree.axes for o in axis.objectives)]
        )
        if not known:
            del self.fields["priorite"]
        # The states some action of the plan is in; "unknown" is no state a visitor reads.
        statuses = {action.status for action in actions} - {ActionStatus.UNKNOWN}
        choices = [choice for choice in ActionStatus.choices if choice[0] in statuses]
        if choices:
            self.fields["etat"].choices = ANY + choices
        else:
            del self.fields["etat"]

    def action_filter(self):
        """A predicate over prefetched actions built from the valid filters; invalid ones are
        dropped by validation and reported by the template."""
        wanted = self.wanted()
        tagged = tagged_with(wanted["thematique"]) if "thematique" in wanted else set()

        def keep(action):
            if "axe" in wanted and action.axis.slug != wanted["axe"]:
                return False
            if "thematique" in wanted and not {action.pk, action.objective.pk} & tagged:
                return False
            if "partenaire" in wanted and wanted["partenaire"] not in {
                o.slug for o in action.organisations
            }:
                return False
            if "public" in wanted and wanted["public"] not in {a.slug for a in action.audiences}:
                return False
            if wanted.get("priorite") and not (action.priority or action.objective.priority):
                return False
            return not ("etat" in wanted and action.status != wanted["etat"])

        return keep, bool(wanted)


def named_choices(items):
    """(slug, name) choices of distinct items, sorted by name as a reader expects."""
    unique = {item.slug: item.name for item in items}
    return sorted(unique.items(), key=lambda choice: (choice[1].casefold(), choice[0]))


def tagged_with(slug):
    """Ids of the actions and objectives tagged with the thematic `slug` (two queries)."""
    actions = ActionPage.thematics.through.objects.filter(thematicpage__slug=slug)
    objectives = ObjectivePage.thematics.through.objects.filter(thematicpage__slug=slug)
    return {
        *actions.values_list("actionpage_id", flat=True),
        *objectives.values_list("objectivepage_id", flat=True),
    }


def plan_overview_context(plan, request):
    """The overview's tree, filtered by the request's GET parameters."""
    tree = build_plan_tree(plan)
    form = PlanFilterForm(request.GET, tree)
    keep, active = form.action_filter()
    shown = tree.filtered(keep) if active else tree
    return {
        "tree": tree,
        "shown": shown,
        # The booklet's own sections (préambule, concepts…), published under the plan.
        "booklet_sections": Page.objects.child_of(plan).live().public().not_type(AxisPage),
        "filter_form": form,
        "filters_active": active,
        "ignored_filters": form.ignored,
    }
