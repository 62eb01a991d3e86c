"""Building blocks both services' protocols share: the signatories as recorded, a speaker or a
guest in running text, and the annexes' lists of people (sorted and numbered by the renderer in
each language's alphabet, surname first, namesakes told apart)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Final

from shared.protocols.model import Localized, Signatory, Table
from shared.protocols.names import namesake_suffixes, surname_first

NUMBER_HEADER: Final = "№"
NAME_HEADER: Final = Localized(kk="Тегі, аты, әкесінің аты", ru="Фамилия, имя, отчество")
POST_HEADER: Final = Localized(kk="Лауазымы", ru="Должность")

Cell = str | Localized


def signatory(value: Mapping[str, Any]) -> Signatory:
    """The chair or the secretary as the protocol record keeps them (name and post)."""
    return Signatory(
        name=Localized(kk=value["name"]["kk"], ru=value["name"]["ru"]),
        role=Localized(kk=value["post"]["kk"], ru=value["post"]["ru"]),
    )


def person_line(row: Mapping[str, Any]) -> Localized:
    """ "Name, post" of a speaker or guest, in running text (given name first)."""
    kk, ru = row["name_kk"], row["name_ru"]
    if row.get("post_kk") and row.get("post_ru"):
        kk, ru = f"{kk}, {row['post_kk']}", f"{ru}, {row['post_ru']}"
    return Localized(kk=kk, ru=ru)


def people_table(
    people: Sequence[tuple[str, Localized, Hashable, Sequence[Cell]]],
    extra_header: Sequence[Cell] = (),
) -> Table:
    """A list of people: (a stable key such as the member id, the name given first, what else
    tells namesakes apart, the further cells). Names are written surname first; people with
    the same name and the same further cells are numbered in the order of their keys."""
    order = sorted(range(len(people)), key=lambda i: people[i][0])
    keys = [(people[i][1].kk, people[i][1].ru, people[i][2]) for i in order]
    mark = dict(zip(order, namesake_suffixes(keys), strict=True))
    rows = tuple(
        (
            "",
            Localized(kk=surname_first(name.kk) + mark[i], ru=surname_first(name.ru) + mark[i]),
            *cells,
        )
        for i, (_, name, _, cells) in enumerate(people)
    )
    return Table(
        header=(NUMBER_HEADER, NAME_HEADER, *extra_header), rows=rows, sort_by=1, numbered=True
    )


def guests_table(guests: Sequence[Mapping[str, Any]]) -> Table:
    people = []
    for position, guest in enumerate(guests):
        post: Cell = "—"
        if guest["post_kk"] and guest["post_ru"]:
            post = Localized(kk=guest["post_kk"], ru=guest["post_ru"])
        name = Localized(kk=guest["name_kk"], ru=guest["name_ru"])
        people.append((f"{position:06d}", name, None, (post,)))
    return people_table(people, (POST_HEADER,))
