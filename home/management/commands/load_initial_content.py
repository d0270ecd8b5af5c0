"""Build the site's page tree and settings from the apps' data files; safe to run again."""

from importlib import import_module
from pathlib import Path

import yaml
from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from wagtail.models import Page, Site

from home.content_loader import ContentLoader, ensure_home_page, ensure_tree_root
from home.models import (
    ContactSettings,
    FooterLink,
    HomeEntryPoint,
    HomePage,
    MenuItem,
    NavigationSettings,
)

SITE_FILE = Path(__file__).resolve().parents[2] / "data" / "site.yaml"


class Command(BaseCommand):
    """Create the missing content and update what no person has edited; safe to run again."""

    help = (
        "Crée le contenu initial du portail (pages, thématiques, PPLI, coordonnées, menu) et "
        "met à jour ce qu'aucune personne n'a modifié ; ne touche jamais une page modifiée par "
        "l'équipe."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        with SITE_FILE.open(encoding="utf-8") as stream:
            data = yaml.safe_load(stream)

        root = ensure_tree_root()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(
                hostname="localhost", port=80, is_default_site=True, root_page=root
            )
        home_spec = data["home_page"]
        home, home_created = ensure_home_page(site, HomePage, home_spec["title"])
        if site.site_name != data["site_name"]:
            site.site_name = data["site_name"]
            site.save(update_fields=["site_name"])

        loader = ContentLoader(site, log=self.stdout.write)
        loader.load_app("home")
        # Apps with structured content of their own (the PPLI booklet…) load it themselves,
        # their pages through the same loader: links between apps are written at the end.
        for app_config in apps.get_app_configs():
            if module_has_submodule(app_config.module, "initial_content"):
                module = import_module(f"{app_config.name}.initial_content")
                result = module.load(loader)
                loader.created.extend(result.created)
                loader.updated.extend(result.updated)
        loader.finish()
        updated = loader.updated

        if home_created:
            self.fill_home_page(home, loader, home_spec)
        self.fill_contact_settings(site, loader, data["contact"])
        self.fill_navigation(site, loader, data["navigation"])

        drafts = Page.objects.filter(pk__in=[page.pk for page in loader.created], live=False)
        self.stdout.write(
            self.style.SUCCESS(
                f"Contenu initial : {len(loader.created) + int(home_created)} page(s) créée(s), "
                f"dont {drafts.count()} brouillon(s) à rédiger par l'équipe, "
                f"{len(updated)} mise(s) à jour."
            )
        )

    def fill_home_page(self, home, loader, spec):
        """Give the new home page its text, entry points and highlighted section."""
        home.intro = spec["intro"]
        home.search_description = spec["intro"]
        home.highlighted_section_id = loader.resolve_page_id(spec["highlighted_section"])
        home.entry_points = [
            HomeEntryPoint(
                title=entry["title"],
                text=entry.get("text", ""),
                icon=entry["icon"],
                page_id=loader.resolve_page_id(entry["page"]),
            )
            for entry in spec["entry_points"]
        ]
        home.save_revision(log_action=False).publish(log_action=False)

    def fill_contact_settings(self, site, loader, contact):
        """Fill the footer contact block and the contact page, unless staff have set them."""
        settings = ContactSettings.for_site(site)
        contact = dict(contact)
        page = contact.pop("contact_page")
        changed = not settings.contact_page_id
        if changed:
            settings.contact_page_id = loader.resolve_page_id(page)
        if not (settings.street_address or settings.phone or settings.email):
            for field, value in contact.items():
                setattr(settings, field, value)
            changed = True
        if changed:
            settings.save()

    def fill_navigation(self, site, loader, navigation):
        """The menu and footer links of the site map, unless staff have already set them."""
        settings = NavigationSettings.for_site(site)
        if settings.menu_items.exists() or settings.footer_links.exists():
            return
        settings.menu_items = [
            MenuItem(
                page_id=loader.resolve_page_id(item["page"]),
                label=item.get("label", ""),
                show_children=item.get("submenu", True),
            )
            for item in navigation["menu"]
        ]
        settings.footer_links = [
            FooterLink(page_id=loader.resolve_page_id(item["page"]), label=item.get("label", ""))
            for item in navigation["footer"]
        ]
        settings.save()
