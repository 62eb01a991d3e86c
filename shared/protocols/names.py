"""People's names as a Kazakh or Russian document lists them: surname first, in the order of
the language's alphabet, namesakes told apart (by region, and by a number where the region is
the same too).

Names are recorded given name first ("Әлия Омарова", "Мұхамеди Серікұлы Әбілқасымов"), as the
membership service keeps them; a list headed "Аты-жөні" / "Ф. И. О." writes the surname first
("Омарова Әлия", "Әбілқасымов Мұхамеди Серікұлы"). The surname is the last word of the recorded
name; a one-word name stays as it is.

Collation follows each alphabet, which code-point order does not: Kazakh Cyrillic has 42 letters
(ә after а, ғ after г, қ after к, ң after н, ө after о, ұ and ү after у, һ after х, і after ы,
and ё a letter of its own after е), Russian 33 (ё sorted with е). No library on the package index
installs ICU's Kazakh tailoring without a compiler, so the two alphabets are written here; the
tests check them against the order printed in each alphabet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Final, Literal

Lang = Literal["kk", "ru"]

KAZAKH_ALPHABET: Final = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
RUSSIAN_ALPHABET: Final = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"

_ORDER: Final[dict[Lang, dict[str, int]]] = {
    "kk": {letter: n for n, letter in enumerate(KAZAKH_ALPHABET)},
    # Russian dictionaries sort ё with е; the tie-break below keeps е before ё.
    "ru": {letter: n for n, letter in enumerate(RUSSIAN_ALPHABET.replace("ё", ""))} | {"ё": 5},
}
_LETTERS_AFTER: Final = 100
"""Letters of no other alphabet (Latin, Kazakh letters in a Russian text) sort after."""


def _primary(char: str, lang: Lang) -> int:
    lower = char.lower()
    order = _ORDER[lang]
    if lower in order:
        return order[lower] + 1
    if lower.isalpha():
        return _LETTERS_AFTER + ord(lower)
    return 0  # spaces, hyphens, dots: word boundaries sort first


def collation_key(text: str, lang: Lang) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Sort key: by the letters of the alphabet (case ignored), then by letters told apart by
    the tie-break only (Russian ё after е), then by case."""
    primary = tuple(_primary(c, lang) for c in text)
    secondary = tuple(ord(c.lower()) for c in text)
    return primary, secondary, text


def surname_first(name: str) -> str:
    """ "Имя Отчество Фамилия" → "Фамилия Имя Отчество"."""
    words = name.split()
    if len(words) < 2:
        return name.strip()
    return " ".join([words[-1], *words[:-1]])


def family_name(name: str) -> str | None:
    words = name.split()
    return words[-1] if len(words) > 1 else None


def given_name(name: str) -> str:
    words = name.split()
    return words[0] if words else name


def namesake_suffixes(keys: Sequence[Hashable]) -> list[str]:
    """For a list whose other columns (e.g. the region) do not tell two people apart: " — 1",
    " — 2", ... after each of those who share a key (name and region), "" after the others.
    ``keys`` in a stable order (e.g. by member id), so the numbers do not move."""
    count = Counter(keys)
    seen: Counter[Hashable] = Counter()
    suffixes = []
    for key in keys:
        if count[key] > 1:
            seen[key] += 1
            suffixes.append(f" — {seen[key]}")
        else:
            suffixes.append("")
    return suffixes
