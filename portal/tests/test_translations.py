"""CI guard: every string the portal shows has a Spanish translation, compiled.

``makemessages -l es`` runs in a scratch copy of the project's sources (Python files,
templates, text files and locale/), so the real locale/ and template folders are
never touched: makemessages writes scratch files next to the templates it reads, and
it would write into ./locale whatever LOCALE_PATHS says. The refreshed .po must have
no empty and no fuzzy entry; and the committed .mo must hold what the .po says.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PO_PATH = Path("locale") / "es" / "LC_MESSAGES" / "django.po"
SKIPPED_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "test-artifacts",
    "media",
    "private_media",
    "staticfiles",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
}
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
GETTEXT_TOOLS = ["xgettext", "msgmerge", "msguniq", "msgattrib"]


def copy_sources(target):
    """The files makemessages reads, and locale/, under ``target``."""
    for folder, subfolders, files in os.walk(BASE_DIR):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED_DIRS]
        relative = Path(folder).relative_to(BASE_DIR)
        for name in files:
            path = Path(name)
            if path.suffix in SOURCE_SUFFIXES or relative.parts[:1] == ("locale",):
                destination = target / relative / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(folder) / name, destination)


def describe(entry):
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"  {entry.msgid!r} ({where or 'no source'})"


@pytest.fixture(scope="module")
def refreshed_po(tmp_path_factory):
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"makemessages needs GNU gettext ({', '.join(missing)} missing): "
            "apt-get install gettext",
            pytrace=False,
        )
    project = tmp_path_factory.mktemp("translations")
    copy_sources(project)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "--ignore=.venv",
            "--ignore=node_modules",
            "--ignore=test-artifacts",
            "--settings=settings.test",
        ],
        cwd=project,
        env={
            key: value
            for key, value in os.environ.items()
            if key != "DJANGO_SETTINGS_MODULE"
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (
        f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    )
    return polib.pofile(str(project / PO_PATH))


def test_every_message_has_a_spanish_translation(refreshed_po):
    untranslated = refreshed_po.untranslated_entries()
    fuzzy = refreshed_po.fuzzy_entries()
    problems = []
    if untranslated:
        problems.append(f"{len(untranslated)} message(s) with no Spanish translation:")
        problems += [describe(entry) for entry in untranslated]
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy message(s) to check and unmark:")
        problems += [describe(entry) for entry in fuzzy]
    assert not problems, (
        "locale/es/LC_MESSAGES/django.po is out of date. Run `manage.py "
        "makemessages -l es --ignore=.venv --ignore=node_modules "
        "--ignore=test-artifacts`, translate, then `manage.py compilemessages`.\n"
        + "\n".join(problems)
    )


def test_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(BASE_DIR / PO_PATH))
    mo = polib.mofile(str(BASE_DIR / PO_PATH.with_suffix(".mo")))
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in mo}
    stale = []
    for entry in po.translated_entries():
        found = compiled.get((entry.msgctxt, entry.msgid))
        if found is None or (
            found.msgstr != entry.msgstr or found.msgstr_plural != entry.msgstr_plural
        ):
            stale.append(describe(entry))
    assert not stale, (
        "locale/es/LC_MESSAGES/django.mo is older than django.po; run "
        "`manage.py compilemessages`. Differs for:\n" + "\n".join(stale)
    )
