"""Every UI string in both languages, in one vocabulary (docs/GLOSSARY.md): the Swedish catalog
is complete (makemessages finds nothing it lacks), nothing in it is fuzzy or untranslated, its
words are the glossary's, and it carries the portal's own Swedish for the allauth pages it
shows. English pages show no Swedish, and content with an English variant is shown in it."""

import html
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from checklists.demo import seed_checklist
from portal.models import TeamRole
from portal.services import invitation_create
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
CATALOG = ROOT / "portal" / "locale" / "sv" / "LC_MESSAGES" / "django.po"
# The portal's English for the allauth strings whose own English is not the portal's.
ENGLISH = ROOT / "portal" / "locale" / "en" / "LC_MESSAGES" / "django.po"
# What the real `makemessages -l sv` reads: the apps and the project's templates.
SOURCES = ("checklists", "meetings", "portal", "stakeholders", "templates")
ALLAUTH = Path(allauth.__file__).parent
# allauth's templates of the pages the portal renders (login, logout, password change and
# reset, e-mail addresses, reauthentication, two-step verification and recovery codes), with
# the messages those pages leave. Its e-mails are the portal's own (templates/account/email).
ALLAUTH_TEMPLATES = [
    *(
        f"account/{name}.html"
        for name in (
            "logout",
            "password_change",
            "password_set",
            "password_reset",
            "password_reset_done",
            "password_reset_from_key",
            "password_reset_from_key_done",
            "email",
            "email_confirm",
            "verification_sent",
            "reauthenticate",
            "base_reauthenticate",
            "account_inactive",
        )
    ),
    *(
        f"account/messages/{name}.txt"
        for name in (
            "logged_in",
            "logged_out",
            "password_changed",
            "password_set",
            "email_confirmation_sent",
            "email_confirmation_failed",
            "email_confirmed",
            "email_deleted",
            "primary_email_set",
            "cannot_delete_primary_email",
            "unverified_primary_email",
        )
    ),
    "mfa/authenticate.html",
    "mfa/reauthenticate.html",
    "mfa/index.html",
    "mfa/recovery_codes/index.html",
    "mfa/recovery_codes/generate.html",
    "mfa/totp/activate_form.html",
    "mfa/totp/deactivate_form.html",
    "mfa/messages/totp_activated.txt",
    "mfa/messages/totp_deactivated.txt",
    "mfa/messages/recovery_codes_generated.txt",
]
# The glossary's "not" column, as the Swedish catalog must never write it.
NOT_OUR_WORDS = re.compile(
    r"träff|tvåfaktor|tvåstegsinloggning|\bepost|e-mail|\bmail(?:et|en)?\b|vänligen|"
    r"mötesarrangör|tidsfrist|intressentmatris|ändringslogg|\bkohort",
    re.IGNORECASE,
)
# Swedish words that must not appear on a page in English.
SWEDISH_WORDS = re.compile(
    r"\b(?:möte[nt]?|mötena|träff\w*|källa|logga (?:in|ut)|självskattning\w*|"
    r"tvåstegsverifiering|omgångar|förflyttning|återkoppling|intressentanalys\w*|"
    r"arrangör\w*|sista dag|frist\w*)\b",
    re.IGNORECASE,
)


@dataclass
class Entry:
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    translations: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def _unquote(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text.strip()[1:-1])


def read_po(path: Path) -> list[Entry]:
    """The entries of a gettext catalog (the header excluded)."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry, current = Entry(), None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                current.append(_unquote(line))
            else:
                keyword, _space, text = line.partition(" ")
                current = [_unquote(text)]
                if keyword == "msgctxt":
                    entry.context = current
                elif keyword == "msgid":
                    entry.msgid = current
                elif keyword == "msgid_plural":
                    entry.plural = current
                else:
                    entry.translations.append(current)
        for name in ("context", "msgid", "plural"):
            if isinstance(getattr(entry, name), list):
                setattr(entry, name, "".join(getattr(entry, name)))
        entry.translations = ["".join(parts) for parts in entry.translations]
        if entry.msgid or entry.context:
            entries.append(entry)
    return entries


def catalog() -> dict[tuple[str | None, str], Entry]:
    return {(e.context, e.msgid): e for e in read_po(CATALOG) if not e.obsolete}


def extracted(tmp_path: Path, monkeypatch, files: dict[str, Path]) -> set:
    """The (context, msgid) pairs makemessages extracts from `files` (target name -> source),
    copied into a scratch project so the portal's own catalog is never written."""
    for name, source in files.items():
        target = tmp_path / "src" / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("locale", "__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    locale = tmp_path / "src" / "locale"
    locale.mkdir()
    monkeypatch.chdir(tmp_path / "src")
    with override_settings(LOCALE_PATHS=[str(locale)]):
        call_command("makemessages", locale=["sv"], keep_pot=True, verbosity=0)
    return {(e.context, e.msgid) for e in read_po(locale / "django.pot")}


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", text))


def visible_text(response) -> str:
    page = response.content.decode()
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    attributes = " ".join(re.findall(r'(?:placeholder|aria-label|title|alt)="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + attributes)


# (a) Nothing untranslated, nothing fuzzy, the placeholders kept, and a catalog that compiles.
def test_every_swedish_entry_is_translated_and_none_is_fuzzy():
    entries = catalog().values()
    assert len(entries) > 500
    untranslated = [e.msgid for e in entries if not all(t.strip() for t in e.translations)]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == [] and fuzzy == []


def test_the_swedish_keeps_every_placeholder_of_the_english():
    wrong = [
        e.msgid
        for e in catalog().values()
        if (e.plural is None and placeholders(e.translations[0]) != placeholders(e.msgid))
        or (e.plural and not placeholders(e.translations[-1]) <= placeholders(e.plural))
    ]
    assert wrong == []


def test_the_catalog_compiles():
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(CATALOG)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# (b) Every string the code and the templates use is in the catalog.
def test_every_string_of_the_code_and_the_templates_is_in_the_catalog(tmp_path, monkeypatch):
    wanted = extracted(tmp_path, monkeypatch, {name: ROOT / name for name in SOURCES})
    missing = sorted(wanted - set(catalog()), key=str)
    assert missing == [], f"run makemessages -l sv and translate: {missing}"


# The glossary, applied to every Swedish string.
def test_the_swedish_uses_the_glossarys_words():
    offending = {
        e.msgid: text
        for e in catalog().values()
        for text in e.translations
        if NOT_OUR_WORDS.search(text)
    }
    assert offending == {}


def test_the_swedish_quotes_with_swedish_quotation_marks():
    def prose(text: str) -> str:  # straight quotes belong to HTML attributes and JSON examples
        return re.sub(r"<[^>]*>|\{[^}]*\}", "", text)

    english_quotes = {
        e.msgid: text
        for e in catalog().values()
        for text in e.translations
        if '"' in prose(text) or "“" in text
    }
    assert english_quotes == {}


def test_the_swedish_is_in_sentence_case_where_the_english_is():
    def first_word(text: str) -> str:
        """The first word, unless the text starts with a placeholder or an abbreviation."""
        text = re.sub(r"<[^>]+>", "", text).lstrip(" ”“\"'(–-.…")
        word = re.match(r"[^\W\d_]+", text)
        return "" if not word or (len(word[0]) > 1 and word[0].isupper()) else word[0]

    mismatched = {
        e.msgid: e.translations[0]
        for e in catalog().values()
        if first_word(e.msgid)
        and first_word(e.translations[0])
        and first_word(e.msgid)[0].isupper() != first_word(e.translations[0])[0].isupper()
    }
    assert mismatched == {}


# (c) allauth's pages in the portal's own Swedish.
def test_every_allauth_string_on_the_portals_pages_has_the_portals_swedish(tmp_path, monkeypatch):
    files = {f"templates/{name}": ALLAUTH / "templates" / name for name in ALLAUTH_TEMPLATES}
    wanted = extracted(tmp_path, monkeypatch, files)
    assert (None, "Sign Out") in wanted
    ours = catalog()
    missing = sorted(key[1] for key in wanted if key not in ours)
    assert missing == [], "add them to portal/allauth_strings.py, then makemessages"
    # allauth's Swedish is not taken: the portal's says it its own way.
    assert ours[(None, "Two-Factor Authentication")].translations == ["Tvåstegsverifiering"]
    assert ours[(None, "Email address")].translations == ["E-postadress"]


def test_the_listed_allauth_strings_are_allauths_own(tmp_path, monkeypatch):
    """portal/allauth_strings.py lists allauth's msgids exactly (a typo would translate nothing)."""
    from portal import allauth_strings

    sources = {
        f"allauth/{path.relative_to(ALLAUTH)}": path
        for pattern in (
            "account/*.py",
            "mfa/**/*.py",
            "templates/account/**/*",
            "templates/mfa/**/*",
        )
        for path in ALLAUTH.glob(pattern)
        if path.is_file() and "migrations" not in path.parts
    }
    theirs = {msgid for _context, msgid in extracted(tmp_path, monkeypatch, sources)}
    django_password_check = "The password is too similar to the %(verbose_name)s."
    assert set(allauth_strings.STRINGS) - theirs == {django_password_check}


def _text(client, url, **data) -> str:
    response = client.post(url, data, follow=True) if data else client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return visible_text(response)


ALLAUTH_BAD_SWEDISH = re.compile(
    r"epost|vänligen|\bmail(?:et)?\b|tvåfaktor|tvåstegsinloggning|Sign In|Password Reset",
    re.IGNORECASE,
)


def test_the_login_password_and_two_step_pages_read_well_in_swedish(client, cohort_world):
    person = cohort_world.participant_a
    pages = {
        "login": _text(client, reverse("account_login")),
        "wrong password": _text(
            client, reverse("account_login"), login=person.email, password="fel-losenord"
        ),
        "reset": _text(client, reverse("account_reset_password")),
        "reset, bad address": _text(client, reverse("account_reset_password"), email="x"),
        "reset sent": _text(client, reverse("account_reset_password"), email=person.email),
    }
    assert "E-postadressen eller lösenordet är fel." in pages["wrong password"]
    assert "Skriv din e-postadress så mejlar vi en länk" in pages["reset"]
    (reset_mail,) = mail.outbox
    assert "Välj ett nytt lösenord" in reset_mail.subject
    pages["reset e-mail"] = reset_mail.subject + reset_mail.body
    client.post(reverse("account_login"), {"login": person.email, "password": factories.PASSWORD})
    pages["two-step verification"] = _text(client, reverse("mfa_index"))
    pages["reauthenticate"] = _text(client, reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    pages["set up an app"] = _text(client, reverse("mfa_activate_totp"))
    pages["e-mail addresses"] = _text(client, reverse("account_email"))
    pages["password change"] = _text(client, reverse("account_change_password"))
    assert "Tvåstegsverifiering" in pages["two-step verification"]
    assert "Skanna QR-koden" in pages["set up an app"]
    client.post(reverse("account_logout"))
    factories.with_totp(cohort_world.admin)
    client.post(
        reverse("account_login"),
        {"login": cohort_world.admin.email, "password": factories.PASSWORD},
    )
    pages["enter the code"] = _text(client, reverse("mfa_authenticate"))
    assert "Ditt konto skyddas av tvåstegsverifiering." in pages["enter the code"]
    for name, text in pages.items():
        assert not ALLAUTH_BAD_SWEDISH.search(text), (name, ALLAUTH_BAD_SWEDISH.search(text))


ALLAUTH_ENGLISH_WORDS = re.compile(
    r"\bEmail\b|\bemail\b|Sign In|Sign Out|Two-Factor|two-factor|Change Password|Remember Me"
)


def test_the_allauth_pages_use_the_portals_english(client, cohort_world):
    english = read_po(ENGLISH)
    assert english and all(e.translations and all(e.translations) for e in english)
    assert {(e.context, e.msgid) for e in english} <= set(catalog())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = {
        "login": _text(client, reverse("account_login")),
        "reset": _text(client, reverse("account_reset_password")),
    }
    client.post(
        reverse("account_login"),
        {"login": cohort_world.participant_a.email, "password": factories.PASSWORD},
    )
    for name in ("mfa_index", "account_change_password", "account_email"):
        pages[name] = _text(client, reverse(name))
    assert "Two-step verification" in pages["mfa_index"]
    assert "E-mail address" in pages["login"]
    for name, text in pages.items():
        assert not ALLAUTH_ENGLISH_WORDS.search(text), (name, ALLAUTH_ENGLISH_WORDS.search(text))


# Role names are lower case mid-sentence.
@pytest.mark.parametrize(
    ("role", "words"),
    [(TeamRole.CONTROLLER, "som controller i teamet"), ("other", "som övrig deltagare i teamet")],
)
def test_the_invitation_names_the_role_in_lower_case(cohort_world, mail_on_commit, role, words):
    with mail_on_commit():
        invitation_create(
            organisation=cohort_world.org_a,
            email="ny@example.org",
            team_role=role,
            by=cohort_world.admin,
        )
    (message,) = mail_on_commit.outbox
    assert words in " ".join(message.body.split())


# (d) English pages in English, content in the reader's language.
def test_english_pages_show_no_swedish(client, cohort_world):
    seed_checklist()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = {
        "login": _text(client, reverse("account_login")),
        "reset": _text(client, reverse("account_reset_password")),
    }
    client.force_login(cohort_world.participant_a)
    for name in ("home", "my_dates", "checklist_index", "mfa_index", "account_change_password"):
        pages[name] = _text(client, reverse(name))
    org = cohort_world.org_a.code
    pages["after meetings"] = _text(client, reverse("organisation_after_meetings", args=[org]))
    pages["key figures"] = _text(client, reverse("keyfigures_organisation", args=[org]))
    factories.login_with_second_factor(client, cohort_world.admin)
    for name in ("home", "people", "audit_log", "checklist_comparison"):
        pages[f"{name} (programme office)"] = _text(client, reverse(name))
    found = {name: SWEDISH_WORDS.findall(text) for name, text in pages.items()}
    assert {name: words for name, words in found.items() if words} == {}


def test_checklist_items_are_offered_in_the_readers_language(client, cohort_world):
    version = seed_checklist()
    item = version.items.get(number=1)
    assert item.short_title_en and item.short_title_en != item.short_title_sv
    client.force_login(cohort_world.participant_a)
    url = reverse("organisation_after_meetings", args=[cohort_world.org_a.code])
    swedish = _text(client, url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _text(client, url)
    assert item.short_title_sv in swedish and item.short_title_en not in swedish
    assert item.short_title_en in english and item.short_title_sv not in english
