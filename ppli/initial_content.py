"""Loads the PPLI 2017-2020 booklet (data/plan_2017_2020.yaml) as pages and snippets.

Called by load_initial_content; creates only what is missing, never edits what exists.
"""

from pathlib import Path

import yaml

from thematiques.models import ThematicPage

from .models import (
    ActionAudience,
    ActionOrganisation,
    ActionPage,
    Audience,
    AxisPage,
    KeyIssue,
    ObjectivePage,
    Organisation,
    PlanPage,
    PPLIIndexPage,
    PPLISettings,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)

DATA_FILE = Path(__file__).resolve().parent / "data" / "plan_2017_2020.yaml"
PLAN_SLUG = "plan-2017-2020"
PRIVACY_SLUG = "protection-des-donnees"


def read_plan_data():
    with DATA_FILE.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def action_slug(number):
    return "action-" + number.replace(".", "-")


class PlanLoader:
    """Creates the booklet's plan, axes, objectives, actions, partners and groups if missing."""

    def __init__(self, site, log):
        self.site = site
        self.log = log
        self.created = []
        self.data = read_plan_data()

    def add(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision(log_action=False).publish(log_action=False)
        self.created.append(page)
        self.log(f"  + {page.url}")
        return page

    def add_first(self, parent, page):
        """Add `page` as the first child of `parent` (the plan leads the PPLI section)."""
        first = parent.get_first_child()
        if first is None:
            return self.add(parent, page)
        first.add_sibling(pos="left", instance=page)
        page.save_revision(log_action=False).publish(log_action=False)
        self.created.append(page)
        self.log(f"  + {page.url}")
        return page

    def child(self, parent, model, slug):
        return model.objects.child_of(parent).filter(slug=slug).first()

    def load(self):
        landing = PPLIIndexPage.objects.descendant_of(self.site.root_page).first()
        if landing is None:
            return []
        organisations = {
            item["key"]: Organisation.objects.get_or_create(
                name=item["name"], defaults={"kind": item.get("kind", "")}
            )[0]
            for item in self.data["organisations"]
        }
        audiences = {
            item["key"]: Audience.objects.get_or_create(name=item["name"])[0]
            for item in self.data["audiences"]
        }
        thematics = {t.slug: t for t in ThematicPage.objects.all()}

        self.link_privacy_page()
        plan = self.child(landing, PlanPage, PLAN_SLUG) or self.add_first(landing, self.new_plan())
        axes = {axis["number"]: self.load_axis(plan, axis) for axis in self.data["axes"]}
        groups = self.load_working_groups(landing, axes)
        for axis_data in self.data["axes"]:
            axis = axes[axis_data["number"]]
            group = groups.get(axis_data["number"])
            for objective_data in axis_data["objectives"]:
                objective = self.child(
                    axis, ObjectivePage, f"objectif-{objective_data['number']}"
                ) or self.add(
                    axis,
                    ObjectivePage(
                        slug=f"objectif-{objective_data['number']}",
                        number=objective_data["number"],
                        text=objective_data["title"] or "",
                        priority=objective_data.get("priority", False),
                        thematics=[thematics[s] for s in objective_data["thematics"]],
                    ),
                )
                for action in objective_data["actions"]:
                    if self.child(objective, ActionPage, action_slug(action["number"])):
                        continue
                    self.add(
                        objective,
                        ActionPage(
                            slug=action_slug(action["number"]),
                            number=action["number"],
                            text=action["text"],
                            priority=action.get("priority", False),
                            organisation_links=[
                                ActionOrganisation(organisation=organisations[k])
                                for k in action["by_whom"]["organisations"]
                            ],
                            by_whom_other="\n".join(action["by_whom"]["other"]),
                            by_whom_note=action["by_whom"].get("note", ""),
                            audience_links=[
                                ActionAudience(audience=audiences[k])
                                for k in action["for_whom"]["audiences"]
                            ],
                            for_whom_other="\n".join(action["for_whom"]["other"]),
                            thematics=[thematics[s] for s in action["thematics"]],
                            working_group=group,
                        ),
                    )
        return self.created

    def link_privacy_page(self):
        """Point the sign-up form's consent at the privacy notice, unless staff chose a page."""
        settings = PPLISettings.for_site(self.site)
        if settings.privacy_page_id is None:
            page = self.site.root_page.get_children().filter(slug=PRIVACY_SLUG).first()
            if page is not None:
                settings.privacy_page = page
                settings.save()

    def new_plan(self):
        plan = self.data["plan"]
        paragraphs = "".join(f"<p>{text}</p>" for text in plan["introduction"])
        return PlanPage(
            slug=PLAN_SLUG,
            title=plan["title"],
            show_in_menus=True,
            period_start=plan["period_start"],
            period_end=plan["period_end"],
            intro=plan["booklet_title"],
            search_description=plan["booklet_title"],
            body=[
                {"type": "heading", "value": {"text": "Introduction du livret", "level": "h2"}},
                {"type": "paragraph", "value": paragraphs},
            ],
        )

    def load_axis(self, plan, data):
        axis = self.child(plan, AxisPage, data["slug"])
        if axis is not None:
            return axis
        return self.add(
            plan,
            AxisPage(
                slug=data["slug"],
                title=f"{data['number']} {data['title']}",
                number=data["number"],
                short_title=data["title"],
                constats=f"<p>{data['constats']}</p>" if data["constats"] else "",
                note=data.get("note", ""),
                key_issues=[
                    KeyIssue(number=issue["number"], text=issue["text"])
                    for issue in data["key_issues"]
                ],
            ),
        )

    def load_working_groups(self, landing, axes):
        """The six GT (one per axis) and the comité; returns the GT by axis number."""
        index = WorkingGroupIndexPage.objects.child_of(landing).first()
        if index is None:
            return {}
        by_axis = {}
        for data in self.data["working_groups"]:
            group = self.child(index, WorkingGroupPage, data["slug"]) or self.add(
                index,
                WorkingGroupPage(
                    slug=data["slug"],
                    title=data["title"],
                    kind=data["kind"],
                    axis=axes.get(data.get("axis")),
                    description=data["description"],
                ),
            )
            if data.get("axis"):
                by_axis[data["axis"]] = group
        return by_axis


def load(site, log):
    """Entry point used by load_initial_content."""
    return PlanLoader(site, log).load()
