"""Ids that docs/catalogue-format.md fixes; other parts of the project rely on them."""
from __future__ import annotations

from .models import LEVEL_IDS

LEVEL_DIGCOMP = {"grundlaeggende": [1, 2], "oevet": [3, 4], "avanceret": [5, 6], "ekspert": [7, 8]}

# dimension -> its three areas, in wheel order
WHEEL = {
    "anvendelse": ["brugerkompetencer", "dataanvendelse", "datasikkerhed"],
    "teknologiforstaaelse": ["teknologi-faglighed", "teknologivurdering", "retssikkerhed-etik"],
    "formidling": ["digital-kommunikation", "digitalt-samarbejde", "digital-dialog"],
    "udvikling": ["implementering-anskaffelse", "udvikling-innovation", "forankring-forandring"],
}
AREA_IDS = [area for areas in WHEEL.values() for area in areas]

# DigComp 2.2 area -> (number, number of competences); 21 competences in all
DIGCOMP = {
    "information": (1, 3),
    "kommunikation": (2, 6),
    "indhold": (3, 4),
    "sikkerhed": (4, 4),
    "problemloesning": (5, 4),
}

THEMES = [
    "digitale-ambassadoerer", "e-laering", "ledelsesudvikling", "digital-modenhed", "informationssikkerhed",
    "velfaerdsteknologi", "netvaerk-sparring", "forankring", "samarbejde-uddannelse", "data", "kommunikation",
    "digital-inklusion", "mitid", "digital-post", "selvbetjening", "kurser-og-it-hjaelp", "borgerservice",
    "svindel",
]
TARGET_GROUPS = [
    "medarbejdere", "ledere", "hr", "digitaliseringsansvarlige", "borgere", "aeldre", "tosprogede", "unge",
    "handicap", "socialt-udsatte", "virksomheder", "paaroerende",
]
# The target group of the municipality's staff: its rolleeksempler are the roles offered when a person
# asks about a role without naming one. A role in the leaders' group (a role whose målgrupper has it)
# makes its other groups leader groups too (hr, digitaliseringsansvarlige): entries for those are for leaders.
STAFF_GROUP = "medarbejdere"
LEADER_GROUP = "ledere"
# The citizens' target group: good examples for a citizen who names no theme are this group's.
CITIZEN_GROUP = "borgere"
ROLES = [
    "sosu-assistent", "sosu-hjaelper", "folkeskolelaerer", "paedagog", "bibliotekar", "socialraadgiver", "jurist",
    "administrativ-medarbejder", "bogholder", "borgerservicemedarbejder", "it-medarbejder", "dataanalytiker",
    "sygeplejerske", "topledelse", "leder", "digitaliseringschef", "hr-chef", "digital-ambassadoer",
]
PRACTICES = [
    "digitale-ambassadoerer", "mikrolaering", "e-laering-informationssikkerhed", "phishing-traening",
    "ledelse-digital-omstilling", "maaling-digital-modenhed", "selvvurdering-kompetencehjulet",
    "velfaerdsteknologi-oplaering", "superbrugere-fagsystemer", "netvaerk-sparring",
    "forankring-i-organisationen", "samarbejde-uddannelsesinstitutioner", "samarbejde-konsulenthuse",
    "dataforstaaelse-sagsbehandlere", "etik-og-teknologivurdering", "digital-onboarding",
    "klarsprog-digital-kommunikation", "sidemandsoplaering-sosu", "hr-kompetenceplan",
    "it-cafe-bibliotek", "kurser-mitid-digital-post", "hjaelp-i-borgerservice", "frivillige-it-hjaelpere-aeldre",
    "hjaelp-til-tosprogede", "unge-digital-post", "tilgaengelighed-handicap", "opsoegende-hjaelp-udsatte",
    "virksomheder-digital-post", "fritagelse-og-alternativer", "paaroerende-laeseadgang-fuldmagt",
    "hjaelp-dem-der-hjaelper", "design-for-alle", "principper-digital-inklusion", "forebyg-svindel-borgere",
    # for leaders, HR and digitalisation chiefs (KL initiative 7.3, track 3)
    "leder-kom-i-gang", "kortlaeg-kompetencer", "prioriter-kompetenceudvikling", "kompetenceudvikling-uden-budget",
    "maal-effekt", "skeptiske-medarbejdere", "travle-mellemledere", "strategi-digitale-kompetencer",
]
# begreber/<id>.yml
CONCEPTS = ["initiativ-7-3", "begreb-digital-parathed", "begreb-digital-inklusion", "begreb-digital-modenhed"]
OFFERS = [
    "kompetencehjulet-kortlaegning", "digcompsat", "europass-digital-test", "det-digitale-kompetencehjul",
    "e-laering-informationssikkerhed", "phishing-simulering", "digital-ledelse-forloeb",
    "velfaerdsteknologi-superbruger", "datakursus-sagsbehandlere", "klarsprog-kursus", "bibliotekets-it-kurser",
    "digital-ambassadoer-uddannelse",  # the staff self-check's next step when every area is met
]
HELP_TOPICS = [
    "mitid-faa", "mitid-former", "mitid-uden-smartphone", "mitid-synshandicap", "mitid-glemt-mistet",
    "andres-mitid-ulovligt", "digital-post-laes", "digital-post-fritagelse", "laeseadgang", "digital-fuldmagt",
    "borgerservice", "bibliotek",
    "svindel-beskyt-dig",  # the readiness check's advice on fraud
]
# The citizens' questions (intents in domain/citizen.yml and data/nlu/) that a topic in borgerhjaelp.yml
# can be asked with (its `intent`); bot/citizen_help.py answers them.
CITIZEN_INTENTS = [
    "citizen_mitid_get", "citizen_mitid_types", "citizen_mitid_no_smartphone", "citizen_mitid_visual",
    "citizen_mitid_lost", "citizen_digital_post_read", "citizen_digital_post_exemption", "citizen_relative_help",
    "citizen_where_help", "citizen_book_borgerservice", "citizen_courses", "citizen_fraud",
]
# The follow-up questions a citizen topic can answer (borgerhjaelp.yml: facetter): how long it lasts,
# who can do it for me, what to bring, what it costs, where, how to undo it, what if I can't.
FACETS = ["varighed", "hvem", "medbring", "pris", "hvor", "fortryd", "kan-ikke"]

# parathedstest.yml: the readiness check's questions, in the order they are asked (the slots
# readiness_<id with _ for -> and the form in domain/readiness.yml)
READINESS_QUESTIONS = ["enhed", "internet", "mitid", "digital-post", "selvbetjening", "booking", "svindel", "hjaelp",
                       "hjaelper"]

__all__ = [
    "LEVEL_IDS", "LEVEL_DIGCOMP", "WHEEL", "AREA_IDS", "DIGCOMP", "THEMES", "TARGET_GROUPS", "STAFF_GROUP",
    "LEADER_GROUP", "CITIZEN_GROUP", "ROLES",
    "PRACTICES", "CONCEPTS", "OFFERS", "HELP_TOPICS", "CITIZEN_INTENTS", "FACETS",
    "READINESS_QUESTIONS",
]
