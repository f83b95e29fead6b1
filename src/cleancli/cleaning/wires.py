"""News agencies: a story credited to one by its name alone on a line ("AFP") was published by it.

The names are the agencies' own, as datelines and credits print them; matched whole, ignoring
case, brackets and a trailing dash.
"""

from __future__ import annotations

from typing import Final

WIRE_AGENCIES: Final = frozenset(
    name.casefold()
    for name in (
        "AAP", "ANI", "ANP", "ANSA", "AP", "APA", "AFP", "Agence France-Presse", "Anadolu",
        "Anadolu Agency", "Antara", "Associated Press", "Belga", "Bernama", "CNA", "dpa", "EFE",
        "Europa Press", "IANS", "Interfax", "IRNA", "Kyodo", "Kyodo News", "Lusa", "MENA", "NTB",
        "PA", "PA Media", "PTI", "Press Association", "Press Trust of India", "Reuters",
        "RIA Novosti",
        "Ritzau", "SDA", "STT", "TASS", "The Associated Press", "The Canadian Press", "UNI", "UPI",
        "WAM", "Xinhua", "Yonhap",
        # as they print their names in their own scripts
        "新华社", "新華社", "中新社", "中央社", "共同通信", "時事通信", "연합뉴스", "ТАСС",
        "РИА Новости", "Интерфакс", "ИТАР-ТАСС", "Укрінформ", "وكالة الأنباء الفرنسية", "واس",
        "وام", "رويترز", "ΑΠΕ-ΜΠΕ",
    )
)  # fmt: skip

_LONGEST: Final = max(map(len, WIRE_AGENCIES)) + 8


def wire_credit(line: str) -> str | None:
    """The agency a line names and nothing else ("AFP", "(Reuters)", "Xinhua -"), as printed."""
    if len(line) > _LONGEST:
        return None  # most lines: longer than any agency's name and its marks
    bare = line.strip(" ()[]（）【】-–—|:：/.")
    return bare if bare.casefold() in WIRE_AGENCIES else None
