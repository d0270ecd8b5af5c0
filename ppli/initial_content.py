"""Loads the PPLI 2017-2020 booklet (data/plan_2017_2020.yaml): partners, working groups and
the plan itself, through the plan's one writer (PlanWriter, importing/writing.py); the
audiences its actions name come from the taxonomies app (taxonomies/data/audiences.yaml).

Called by load_initial_content: creates what is missing and brings what no person has edited in
line with the data; never rewrites a page or snippet staff have saved.
"""

from pathlib import Path

import yaml
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.content_loader import LoadResult, update_snippet
from taxonomies.initial_content import load_audiences, named_snippet
from thematiques.models import ThematicPage

from .importing.writing import ActionData, AxisData, ObjectiveData, PlanWriter
from .models import (
    AxisPage,
    Organisation,
    PlanPage,
    PPLIIndexPage,
    PPLISettings,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILE = DATA_DIR / "plan_2017_2020.yaml"
BOOKLET_FILE = DATA_DIR / "booklet.yaml"
HISTORY_FILE = DATA_DIR / "history.yaml"
EDITIONS_FILE = DATA_DIR / "editions.yaml"
PLAN_SLUG = "plan-2017-2020"
PRIVACY_SLUG = "protection-des-donnees"
# The plan's coordinators keep its pages up to date (the states of the actions above all):
# they add, edit and publish pages under the PPLI landing, and nowhere else.
COORDINATION_GROUP = "Coordination PPLI"
COORDINATION_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page"]
# The plan is Coordination's section: what Rédaction submits under the PPLI landing is reviewed
# by Coordination (Publication may review too); the rest of the site keeps Publication's review
# (home/migrations/0002).
PLAN_WORKFLOW = "Relecture du PPLI"
PLAN_REVIEW_TASK = "Validation par la Coordination PPLI"
PLAN_REVIEWERS = [COORDINATION_GROUP, "Publication"]


def read_yaml(path):
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def read_plan_data():
    return read_yaml(DATA_FILE)


def lines(items):
    return "\n".join(items)


def linked(items, snippets):
    """[(snippet, qualifier)] of the data's links: a key, or {key, qualifier} where the
    booklet writes something after the name ("FOREm (GT primo-arrivant)")."""
    pairs = []
    for item in items:
        if isinstance(item, str):
            item = {"key": item}
        pairs.append((snippets[item["key"]], item.get("qualifier", "")))
    return pairs


class PlanLoader:
    """The booklet's snippets and pages, written where missing or still the loader's own."""

    def __init__(self, site, landing, log):
        self.site = site
        self.landing = landing
        self.log = log
        self.data = read_plan_data()
        self.result = LoadResult()

    def load(self):
        organisations = self.load_snippets(Organisation, self.data["organisations"], ["kind"])
        audiences = load_audiences()
        thematics = {t.slug: t for t in ThematicPage.objects.all()}
        self.link_privacy_page()
        grant_coordination(self.landing)
        plan = self.plan = self.load_plan()
        writer = PlanWriter(plan, keep_edits=True)
        axes = [self.axis_data(axis) for axis in self.data["axes"]]
        # The axes first: working groups point to them, and actions to the groups.
        writer.write(axes)
        groups = self.load_working_groups(writer, plan)
        for axis, axis_data in zip(axes, self.data["axes"], strict=True):
            group = groups.get(axis.number)
            axis.objectives = [
                ObjectiveData(
                    number=objective["number"],
                    text=objective["title"] or "",
                    thematics=[thematics[slug] for slug in objective["thematics"]],
                    priority=objective.get("priority"),
                    actions=[
                        self.action_data(action, organisations, audiences, thematics, group)
                        for action in objective["actions"]
                    ],
                )
                for objective in axis_data["objectives"]
            ]
        writer.write(axes)
        self.result.created.extend(writer.created)
        self.result.updated.extend(writer.updated)
        for page in writer.created:
            self.log(f"  + {page.url}")
        return self.result

    def load_snippets(self, model, items, fields):
        """{key: snippet} by name; the loader's own snippets get the data's `fields`."""
        found = {}
        for item in items:
            values = {name: item.get(name, "") for name in fields}
            snippet, created = named_snippet(model, item, defaults=values)
            if not created:
                update_snippet(snippet, values)
            found[item["key"]] = snippet
        return found

    def axis_data(self, data):
        return AxisData(
            number=data["number"],
            title=data["title"],
            slug=data["slug"],
            constats=f"<p>{data['constats']}</p>" if data["constats"] else "",
            note=data.get("note", ""),
            key_issues=[(issue["number"], issue["text"]) for issue in data["key_issues"]],
        )

    def action_data(self, data, organisations, audiences, thematics, group):
        by_whom, for_whom = data["by_whom"], data["for_whom"]
        return ActionData(
            number=data["number"],
            text=data["text"],
            organisations=linked(by_whom["organisations"], organisations),
            by_whom_other=lines(by_whom["other"]),
            by_whom_note=by_whom.get("note", ""),
            audiences=linked(for_whom["audiences"], audiences),
            for_whom_other=lines(for_whom["other"]),
            thematics=[thematics[slug] for slug in data["thematics"]],
            priority=data.get("priority"),
            working_group=group,
        )

    def link_privacy_page(self):
        """Point the sign-up form's consent at the privacy notice, unless staff chose a page."""
        settings = PPLISettings.for_site(self.site)
        if settings.privacy_page_id is None:
            page = self.site.root_page.get_children().filter(slug=PRIVACY_SLUG).first()
            if page is not None:
                settings.privacy_page = page
                settings.save()

    def load_plan(self):
        """The plan page, first in the PPLI section; its booklet introduction as its body."""
        plan = PlanPage.objects.child_of(self.landing).filter(slug=PLAN_SLUG).first()
        data = self.data["plan"]
        values = {
            "title": data["title"],
            "show_in_menus": True,
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "intro": data["booklet_title"],
            "search_description": data["booklet_title"],
            # Its edition (closed, when and how): the banner of its pages.
            **read_yaml(EDITIONS_FILE).get(PLAN_SLUG, {}),
        }
        if plan is None:
            plan = PlanPage(slug=PLAN_SLUG, **values)
            plan.body = [
                {"type": "heading", "value": {"text": "Introduction du livret", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": "".join(f"<p>{text}</p>" for text in data["introduction"]),
                },
            ]
            first = self.landing.get_first_child()
            if first is None:
                self.landing.add_child(instance=plan)
            else:
                first.add_sibling(pos="left", instance=plan)
            plan.save_revision(log_action=False).publish(log_action=False)
            self.result.created.append(plan)
            self.log(f"  + {plan.url}")
            return plan
        return PlanWriter(plan, keep_edits=True).save(plan, PlanPage, PLAN_SLUG, values, None)

    def load_working_groups(self, writer, plan):
        """The six GT (one per axis) and the comité; returns the GT by axis number."""
        index = WorkingGroupIndexPage.objects.child_of(self.landing).first()
        if index is None:
            return {}
        axes = {axis.number: axis for axis in AxisPage.objects.child_of(plan)}
        existing = {group.slug: group for group in WorkingGroupPage.objects.child_of(index)}
        by_axis = {}
        for data in self.data["working_groups"]:
            group = writer.save(
                existing.get(data["slug"]),
                WorkingGroupPage,
                data["slug"],
                {
                    "title": data["title"],
                    "kind": data["kind"],
                    "axis": axes.get(data.get("axis")),
                    "description": data["description"],
                },
                index,
            )
            if data.get("axis"):
                by_axis[data["axis"]] = group
        return by_axis


def grant_coordination(landing):
    """The coordinators' page permissions on the PPLI landing, and its review workflow (a page
    the loader makes, so a migration cannot grant them)."""
    group = Group.objects.filter(name=COORDINATION_GROUP).first()
    if group is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=COORDINATION_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=landing, permission=permission)
    assign_plan_workflow(landing)


def assign_plan_workflow(landing):
    """Wagtail's workflow for the pages under the PPLI landing: one review step whose reviewers
    are Coordination PPLI and Publication. Never replaces a workflow staff chose for it."""
    if WorkflowPage.objects.filter(page=landing).exists():
        return
    task = GroupApprovalTask.objects.filter(name=PLAN_REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=PLAN_REVIEW_TASK)
    task.groups.add(*Group.objects.filter(name__in=PLAN_REVIEWERS))
    workflow, created = Workflow.objects.get_or_create(name=PLAN_WORKFLOW)
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=landing, workflow=workflow)


def load(loader):
    """Entry point used by load_initial_content (`loader`: its ContentLoader): the plan, then
    the booklet's sections under it and the history of the PLI under the PPLI landing."""
    landing = PPLIIndexPage.objects.descendant_of(loader.site.root_page).first()
    if landing is None:
        return LoadResult()
    plan_loader = PlanLoader(loader.site, landing, loader.log)
    result = plan_loader.load()
    loader.load(plan_loader.plan, read_yaml(BOOKLET_FILE))
    loader.load(landing, read_yaml(HISTORY_FILE))
    return result
