"""Hand-written tables for tools/build_people.py (written for attache, MIT)."""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


DICTIONARY = "cameo_dictionaries/Phoenix.Countries.actors.txt"
SOURCE = (
    "Phoenix.Countries.actors.txt (openeventdata/petrarch2, petrarch2/data/dictionaries/, "
    "commit 676801cd), MIT, (c) 2014 Open Event Data Alliance"
)
# Open-ended roles ("since D") are trusted this many days past the dictionary's latest date.
OPEN_ROLE_GRACE_DAYS = 730

# CAMEO country codes that are not the ISO 3166 alpha-3 code (ISO 3166-3 for former states).
COUNTRY_CODES = {"TMP": "TLS", "KSV": "XKX", "USR": "SUN", "IMY": "IMN", "ROM": "ROU"}
# Former states kept as the country of their office-holders (ISO 3166-3 codes).
FORMER_STATES = word_set("DDR SUN YUG CSK SCG")

# Leading words dropped from names and aliases ("Russian President Vladimir Putin" -> "Vladimir
# Putin"); a name keeps them when fewer than two words would remain ("King Abdullah").
# "Sheikh" and "Sultan" are not here: they are often part of the name itself.
LEADING_TITLE_WORDS = word_set(
    "president vice vice-president prime minister premier chancellor secretary general gen. "
    "gen lt. lt col. col colonel maj. adm. admiral marshal field commander chief deputy foreign "
    "defence defense finance interior senator sen. rep. representative congressman "
    "congresswoman gov. governor mayor ambassador envoy king queen prince princess crown emir "
    "amir ayatollah grand imam cardinal pope bishop archbishop patriarch rabbi dr. dr mr. mrs. "
    "ms. mr mrs ms sir lord lady dame former late acting interim chairman chairwoman leader "
    "communist reformer opposition speaker justice judge president-elect ex-president "
    "secretary-general director director-general head spokesman the of state general-secretary "
    "pres. supreme hojatolislam hojatoleslam ex-soviet soviet"
)
# Titles kept at the start of a name when only one word would follow ("King Abdullah").
ROYAL_TITLES = word_set("king queen prince princess emir amir crown pope")
# Words in an entry's name that show it is not a person (only checked for entries that are
# not marked `# CountryInfo.txt`, which are all office-holders).
NON_PERSON_WORDS = word_set(
    "assembly council party movement army front brigade brigades state states republic soviet "
    "sfsr volkskammer authority coalition force forces task observatory think tank kurdistan "
    "krajina srpska ergenekon jaish jaysh islamic nationalities committee government ministry "
    "union league organization organisation liberation national federation kingdom emirate "
    "province city region university institute center centre bank company corporation agency "
    "office parliament congress senate court police guard militia tribe clan group network "
    "media news television radio newspaper church diocese school academy foundation fund "
    "association society club team revolution revolutionary transitional opposition "
    "secretary_general commission"
)
# Words that make an alias a group rather than the person ("Obama Administration").
NON_PERSON_ALIAS_WORDS = NON_PERSON_WORDS | word_set(
    "administration regime cabinet camp family supporters loyalists government's followers"
)
# Countries of fiction that the dictionary includes (Kinakuta, from a novel).
FICTIONAL_CODES = word_set("KNT")
