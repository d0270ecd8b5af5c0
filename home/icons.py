"""The site's icon set: Lucide icons (ISC licence) vendored as one SVG sprite.

Only the icons named here are in `portal/static/img/icons.svg`; `scripts/build-assets`
rebuilds the sprite from this list, and a test checks the two agree.
"""

from django.utils.translation import gettext_lazy as _

# Icons editors can pick (thematics, home page entry points): Lucide name -> French label.
PICKABLE = {
    "shield": _("Bouclier (asile, protection)"),
    "vote": _("Urne (citoyenneté)"),
    "users-round": _("Personnes (diversité)"),
    "languages": _("Langues (français, alphabétisation)"),
    "handshake": _("Poignée de main (interculturalité)"),
    "house": _("Maison (logement)"),
    "hand-heart": _("Main et cœur (lutte contre le racisme)"),
    "backpack": _("Sac à dos (jeunes, MENA)"),
    "route": _("Route (migrants en transit)"),
    "globe": _("Globe (migrations)"),
    "bus": _("Bus (mobilité)"),
    "id-card": _("Carte d'identité (séjour, papiers)"),
    "heart-pulse": _("Cœur (santé)"),
    "scale": _("Balance (droit, sociojuridique)"),
    "hand-helping": _("Main tendue (volontariat, entraide)"),
    "door-open": _("Porte ouverte (accueil, premiers pas)"),
    "briefcase": _("Mallette (professionnels)"),
    "network": _("Réseau (PPLI, partenaires)"),
    "library": _("Bibliothèque (ressources)"),
    "map-pin": _("Repère (adresse, lieu)"),
    "megaphone": _("Mégaphone (campagne, interpellation)"),
    "landmark": _("Bâtiment public (institutions)"),
    "users": _("Groupe (groupes de travail)"),
    "info": _("Information"),
}

# Icons the templates use for themselves.
INTERFACE = [
    "search",
    "menu",
    "chevron-down",
    "chevron-right",
    "x",
    "arrow-right",
    "phone",
    "mail",
    "external-link",
    "download",
    "calendar",
    "printer",
    "rss",
    "file-text",
    "newspaper",
    "book-open",
    "list-checks",
    "clapperboard",
    "file-chart-column",
    "notebook-text",
    "folder-open-dot",
]

# One icon for each kind of library resource (resources.models.ResourceKind values).
RESOURCE_KINDS = {
    "memorandum": "megaphone",
    "repertoire": "folder-open-dot",
    "fiche": "notebook-text",
    "outil": "list-checks",
    "documentaire": "clapperboard",
    "rapport": "file-chart-column",
    "publication": "book-open",
}

ALL = sorted({*PICKABLE, *INTERFACE, *RESOURCE_KINDS.values()})
CHOICES = [(name, label) for name, label in PICKABLE.items()]
