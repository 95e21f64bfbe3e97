"""The Spanish catalogue is whole, correct and compiled: no entry a Spanish reader would see in English.

These fail until the catalogue is fully translated (issue 15). To check a catalogue by hand:
``.venv/bin/pytest tests/i18n -q -p no:randomly``; after changing django.po, compile it with
``cd accord && ../.venv/bin/python ../manage.py compilemessages -l es`` (or ``msgfmt``) and commit the .mo.
"""

from __future__ import annotations

import shutil

import polib
import pytest
from django.core.management import call_command

from tests.i18n.catalogue import LANGUAGES, PO_NAME, compiled_pairs, mo_path, placeholders, po_path, problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_with_the_same_placeholders(language):
    found = problems(polib.pofile(str(po_path(language))))
    assert not found, f"{len(found)} entries of {language}/django.po need work:\n" + "\n".join(found[:40])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_is_compiled_from_the_po(language):
    """A clean clone shows Spanish with no gettext tools: the .mo is committed, and must say what the .po
    says (compared by content, whichever compiler made it)."""
    assert mo_path(language).exists(), f"compile {po_path(language)} and commit the .mo"
    from_po = compiled_pairs(polib.pofile(str(po_path(language))))
    from_mo = compiled_pairs(polib.mofile(str(mo_path(language))))
    stale = sorted(key[1][:60] for key in from_po.keys() ^ from_mo.keys())
    changed = sorted(key[1][:60] for key in from_po.keys() & from_mo.keys() if from_po[key] != from_mo[key])
    assert not stale and not changed, f"the .mo is stale; recompile it. Differs: {(stale + changed)[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext (GNU gettext) is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_the_code_uses_is_in_the_catalogue(language, tmp_path, settings, monkeypatch):
    """makemessages, run on a copy of the code (as it is run for real: from accord/), finds no msgid that
    the committed catalogue lacks."""
    package = po_path(language).parents[3]  # accord/
    copy = tmp_path / "accord"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
    settings.LOCALE_PATHS = [copy / "locale"]  # written into the copy, never into the real catalogue
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=[language], no_obsolete=True, verbosity=0)
    extracted = {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(copy / "locale" / language / PO_NAME))}
    committed = {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(po_path(language))) if not e.obsolete}
    missing = sorted(msgid[:70] for _context, msgid in extracted - committed if msgid)
    assert not missing, (
        f"{len(missing)} messages in the code are not in {language}/django.po; run "
        f"`cd accord && ../.venv/bin/python ../manage.py makemessages -l {language}` and translate them:\n"
        + "\n".join(missing[:40])
    )


def test_placeholders_are_found_in_both_styles():
    assert placeholders("%(name)s has {count} goals, %d new, 100%%") == ["%(name)s", "%d", "{count}"]
