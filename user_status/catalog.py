"""The built-in predefined statuses (Nextcloud's
apps/user_status/lib/Service/PredefinedStatusService.php) and their translations.

The catalog itself lives in the database (``PredefinedStatus``, seeded by a data
migration) so operators can curate it in the admin. A
message that is one of the built-in English texts is shown in the caller's language;
anything an operator wrote is shown as written.
"""

TRANSLATIONS = {
    "de": {
        "In a meeting": "In einer Besprechung",
        "Commuting": "Unterwegs",
        "Be right back": "Bin gleich zurück",
        "Working remotely": "Arbeitet remote",
        "Out sick": "Krankgeschrieben",
        "Vacationing": "Im Urlaub",
        "In a call": "In einem Anruf",
        "Out of office": "Nicht im Büro",
    },
    "fr": {
        "In a meeting": "En réunion",
        "Commuting": "En déplacement",
        "Be right back": "De retour bientôt",
        "Working remotely": "En télétravail",
        "Out sick": "En arrêt maladie",
        "Vacationing": "En vacances",
        "In a call": "En communication",
        "Out of office": "Absent du bureau",
    },
}


def translate(message: str, language: str) -> str:
    table = TRANSLATIONS.get(language) or TRANSLATIONS.get(language.split("-")[0])
    if not table:
        return message
    return table.get(message, message)
