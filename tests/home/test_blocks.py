"""Every body block renders accessible HTML on a content page."""

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from testing.factories import ContentPageFactory
from tests.conftest import page_at

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=exemple"


@pytest.fixture
def page_with_every_block():
    image = Image.objects.create(title="Réunion", file=get_test_image_file())
    document = get_document_model().objects.create(
        title="Livret PPLI", file=ContentFile(b"%PDF-1.4 test", name="livret.pdf")
    )
    # A cached embed, so rendering needs no network.
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe src="https://www.youtube.com/embed/exemple"></iframe>',
        width=640,
        height=360,
    )
    page = ContentPageFactory(parent=page_at("/presentation/"), title="Tous les blocs")
    page.body = json.dumps(
        [
            {"type": "heading", "value": {"text": "Section", "level": "h2"}},
            {"type": "heading", "value": {"text": "Sous-section", "level": "h3"}},
            {"type": "paragraph", "value": "<p>Un <b>paragraphe</b>.</p>"},
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": image.pk,
                        "alt_text": "Des partenaires en réunion",
                        "decorative": False,
                    },
                    "caption": "Assemblée plénière",
                },
            },
            {"type": "quote", "value": {"text": "Une citation.", "attribution": "Le C.A.I."}},
            {
                "type": "call_to_action",
                "value": {
                    "title": "Le PPLI",
                    "text": "",
                    "page": page_at("/ppli/").pk,
                    "url": "",
                    "link_label": "Découvrir le PPLI",
                },
            },
            {"type": "document", "value": {"document": document.pk, "label": ""}},
            {"type": "embed", "value": {"embed": VIDEO_URL, "title": "Documentaire"}},
            {
                "type": "table",
                "value": {
                    "data": [["Année", "Actions"], ["2017", "35"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Actions par année",
                },
            },
            {
                "type": "accordion",
                "value": {"items": [{"title": "Question ?", "body": "<p>Réponse.</p>"}]},
            },
        ]
    )
    page.save_revision().publish()
    return page


def test_every_block_renders(client, page_with_every_block):
    response = client.get(page_with_every_block.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<h2>Section</h2>" in html and "<h3>Sous-section</h3>" in html
    assert "<b>paragraphe</b>" in html
    assert 'alt="Des partenaires en réunion"' in html
    assert "<figcaption>Assemblée plénière</figcaption>" in html
    assert "<blockquote><p>Une citation.</p></blockquote>" in html
    assert 'class="button" href="/ppli/">Découvrir le PPLI</a>' in html
    assert ">Livret PPLI</a>" in html and "(PDF" in html
    assert '<iframe title="Documentaire" src="https://www.youtube.com/embed/exemple">' in html
    assert "<caption>Actions par année</caption>" in html
    assert 'role="region" tabindex="0" aria-label="Actions par année"' in html
    assert "<summary>Question\u202f?</summary>" in html  # French spacing (core/typography.py)


def test_call_to_action_needs_a_target():
    from wagtail.blocks import StructBlockValidationError

    from home.blocks import CallToActionBlock

    block = CallToActionBlock()
    value = block.to_python({"title": "x", "text": "", "page": None, "url": "", "link_label": "y"})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
