"""Images come as <picture>: AVIF and WebP sources, a JPEG fallback with its width and height."""

import re

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from home import images
from testing.factories import NewsPageFactory
from tests.conftest import page_at

pytestmark = pytest.mark.django_db


def test_card_spec_expands_to_every_size_and_format():
    assert len(images.renditions(images.CARD)) == 6
    assert "fill-640x360|format-avif" in images.renditions(images.CARD)


def test_news_images_are_responsive_pictures(client):
    image = Image.objects.create(title="Photo", file=get_test_image_file(size=(1200, 800)))
    news = NewsPageFactory(parent=page_at("/ressources/actus-du-secteur/"), image=image)
    for url in ("/ressources/actus-du-secteur/", news.url):
        html = client.get(url).content.decode()
        picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
        assert re.search(r'<source [^>]*type="image/avif"', picture)
        assert re.search(r'<source [^>]*type="image/webp"', picture)
        assert re.search(r'srcset="[^"]+ \d+w, [^"]+ \d+w"', picture)
        img = re.search(r"<img [^>]+>", picture).group(0)
        assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
        assert ".jpg" in img or ".jpeg" in img
