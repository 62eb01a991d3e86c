"""The 21 assemblies one engine serves: the Assembly of the People of Kazakhstan and the
assemblies of the 17 regions, the 3 cities of republican significance and the capital
(Reg2024 §18–19; Law 2008 Art. 14).

An assembly is named by one string everywhere (events, read models, URLs, CSV): the region's
code for a regional assembly (``abai``, ``astana``, ...); for the national Assembly, the code of
its rulebooks in Sessions and Council events (``apk``, ``hk`` for its 2026 successor, the Halyq
Kenesi) and ``national`` where a membership or a roster belongs to it whichever rulebook is in
force. :func:`roster_of` maps either to the roster it counts. An event written before
assemblies were modelled carries none and means the national Assembly.

Who may act for which assembly: the Assembly's own officials act for every assembly (the
Secretariat keeps the records of all of them, Reg2024 §17); a ``regional_assembly`` token acts
for its own region's assembly only, and is refused (403 ``assembly_scope``) for any other.
"""

from __future__ import annotations

from typing import Annotated, Final

from pydantic import AfterValidator

from shared.context import Actor
from shared.errors import Forbidden
from shared.i18n import register_messages

NATIONAL: Final = "national"
"""The national Assembly's roster: the Assembly of the People of Kazakhstan and its successor."""
NATIONAL_RULEBOOK_CODES: Final = frozenset({"apk", "hk"})
"""The national Assembly's codes in Sessions and Council events: its rulebooks' assembly
(``shared/rulebooks``: the Assembly, and the Halyq Kenesi that succeeds it)."""

REGIONAL_ASSEMBLIES: Final[tuple[str, ...]] = (
    "abai",
    "akmola",
    "aktobe",
    "almaty_region",
    "atyrau",
    "west_kazakhstan",
    "zhambyl",
    "zhetisu",
    "karaganda",
    "kostanay",
    "kyzylorda",
    "mangystau",
    "pavlodar",
    "north_kazakhstan",
    "turkistan",
    "ulytau",
    "east_kazakhstan",
    "astana",
    "almaty_city",
    "shymkent",
)
"""One per region, city of republican significance and the capital (Reg2024 §18), by the
region's code in membership's reference data (fixed by law: a region may be renamed, never
added)."""

ASSEMBLIES: Final[tuple[str, ...]] = (NATIONAL, *REGIONAL_ASSEMBLIES)

REGIONAL_ROLE: Final = "regional_assembly"
NATIONAL_ROLES: Final = frozenset({"chairman", "deputy_chairman", "secretariat", "auditor"})
"""The Assembly's officials: they act for (or read) every assembly."""

COUNCIL_BODY: Final = "council"
COUNCIL_POST: Final = "council_member"
REGIONAL_BODY_KIND: Final = "regional_assembly"
REGIONAL_COUNCIL_POST: Final = "regional_council_member"


def is_national(assembly: str) -> bool:
    return assembly == NATIONAL or assembly in NATIONAL_RULEBOOK_CODES


def roster_of(assembly: str) -> str:
    """The roster an assembly's acts count: ``national`` for the national Assembly (by any of
    its codes), the region's code for a regional assembly."""
    return NATIONAL if is_national(assembly) else assembly


def codes_of(assembly: str | None) -> list[str] | None:
    """The codes an ``?assembly=`` filter matches in Sessions and Council records: the
    national Assembly by any of its codes (``national``, ``apk``, ``hk``), a regional assembly
    by its region's; None (no filter): every one."""
    if assembly is None:
        return None
    if is_national(assembly):
        return sorted({NATIONAL, *NATIONAL_RULEBOOK_CODES})
    return [assembly]


def known(assembly: str) -> str:
    """``assembly`` if it names one of the 21 assemblies, else ValueError (for validators)."""
    if assembly not in ASSEMBLIES and assembly not in NATIONAL_RULEBOOK_CODES:
        raise ValueError(f"unknown assembly {assembly!r}")
    return assembly


Assembly = Annotated[str, AfterValidator(known)]
"""A request field naming an assembly: ``national`` or a region's code."""


def of_event(value: str | None) -> str:
    """The assembly an event belongs to: an event written before assemblies were modelled
    carries none and means the national Assembly."""
    return value or NATIONAL


def body_key(assembly: str) -> str:
    """The key of the body whose terms hold the assembly's Council: ``council`` for the
    Assembly's Council (Reg2024 §12), ``regional_assembly.<region>`` for a regional assembly's
    council (Law 2008 Art. 14)."""
    return COUNCIL_BODY if is_national(assembly) else f"{REGIONAL_BODY_KIND}.{assembly}"


def council_post(assembly: str) -> str:
    """The post whose holders make up the assembly's Council."""
    return COUNCIL_POST if is_national(assembly) else REGIONAL_COUNCIL_POST


def may_act_for(actor: Actor, assembly: str) -> bool:
    """The Assembly's officials act for every assembly; a regional assembly's token for its
    own region's assembly only (Reg2024 §18–19). Other roles are decided by each operation's
    role check, not here."""
    if actor.roles & NATIONAL_ROLES or "system" in actor.roles:
        return True
    if REGIONAL_ROLE in actor.roles:
        return actor.region is not None and actor.region == roster_of(assembly)
    return True


def ensure_may_act_for(actor: Actor, assembly: str) -> None:
    """Refuse (403 ``assembly_scope``) a regional token acting for another assembly."""
    if not may_act_for(actor, assembly):
        raise Forbidden(None, reason="assembly_scope", assembly=assembly)


def scope_of(actor: Actor) -> str | None:
    """The one assembly a regional token is confined to; None when the actor is not confined
    (the Assembly's officials, other roles)."""
    if actor.roles & NATIONAL_ROLES or "system" in actor.roles:
        return None
    if REGIONAL_ROLE in actor.roles:
        return actor.region or ""
    return None


register_messages(
    {
        "assembly_scope": {
            "kk": "Өңір ассамблеясы тек өз ассамблеясы үшін әрекет етеді, бұл — {assembly}.",
            "ru": "Ассамблея региона действует только от имени своей ассамблеи, а не {assembly}.",
            "en": "A regional assembly acts for its own assembly only, not {assembly}.",
        },
        "unknown_assembly": {
            "kk": "Мұндай ассамблея жоқ: {assembly}.",
            "ru": "Такой ассамблеи нет: {assembly}.",
            "en": "There is no such assembly: {assembly}.",
        },
    }
)
