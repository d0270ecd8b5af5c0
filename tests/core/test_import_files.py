"""What both import commands (the plan's, the directory's) share: limits, CSV rows, list cells."""

import io

import pytest
from django.test import override_settings

from core.import_files import ImportFileError, ImportLimits, csv_rows, split_list

LIMITS = ImportLimits("TEST_IMPORT", 1000, 2, "Vérifiez le fichier.")
HEADER_ONLY = "Le fichier ne contient que la ligne d'en-tête."


def rows(text, limits=LIMITS):
    return list(csv_rows(io.StringIO(text), ("ref", "name"), limits, "fiches", HEADER_ONLY))


def test_the_limits_are_the_defaults_until_a_setting_changes_them():
    assert (LIMITS.max_bytes(), LIMITS.max_rows()) == (1000, 2)
    with override_settings(TEST_IMPORT_MAX_BYTES=2048, TEST_IMPORT_MAX_ROWS=5000):
        assert (LIMITS.max_bytes(), LIMITS.max_rows()) == (2048, 5000)
        assert LIMITS.too_big(4096) == (
            "Le fichier fait 4,0 Ko : la limite est de 2,0 Ko (réglage TEST_IMPORT_MAX_BYTES). "
            "Vérifiez le fichier."
        )
        assert LIMITS.too_many("fiches") == (
            "Le fichier contient plus de 5\u202f000 fiches : c'est la limite "
            "(réglage TEST_IMPORT_MAX_ROWS). Vérifiez le fichier."
        )


def test_csv_rows_are_restored_stripped_and_numbered_as_in_a_spreadsheet():
    text = "ref , name\r\n a1 ,'=1+1\r\n,\r\nb2\r\n"
    assert rows(text) == [
        (2, {"ref": "a1", "name": "=1+1"}, None),
        (
            4,
            None,
            ("1 case(s) sur la ligne, l'en-tête a 2 colonnes", "une case par colonne de l'en-tête"),
        ),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ref,name\r\n", HEADER_ONLY),
        ("ref,name\r\n,\r\n", HEADER_ONLY),
        ("ref,name\r\na,1\r\nb,2\r\nc,3\r\n", "plus de 2 fiches"),
        ("ref\r\na\r\n", "Colonnes manquantes : name."),
        ('ref,name\r\na,"' + "x" * 200_000, "CSV illisible vers la ligne 2"),
    ],
)
def test_what_stops_the_reading_is_said_in_french(text, expected):
    with pytest.raises(ImportFileError) as refused:
        rows(text)
    assert expected in refused.value.errors[0]


def test_a_list_cell_is_split_whatever_the_spaces_around_its_separator():
    assert split_list(" Logement |Emploi| | Santé ", " | ") == ["Logement", "Emploi", "Santé"]
    assert split_list("", "; ") == []
