"""attache's own event vocabulary: verbs, verb + object pairs and event nouns -> CAMEO codes.

Written for attache from the CAMEO 1.1b3 codebook definitions and the PLOVER codebook; it is
consulted before the PETRARCH2 verb dictionary, whose defaults are sparse. Codes are strings.
"""

from __future__ import annotations

HUMANITARIAN = frozenset({"aid", "assistance", "food", "medicine", "medicines", "supplies",
                          "relief", "tent", "tents", "blanket", "blankets", "water", "shelter",
                          "vaccine", "vaccines", "grain", "rice", "wheat"})
MILITARY_AID = frozenset({"arms", "weapon", "weapons", "missile", "missiles", "tank", "tanks",
                          "ammunition", "jet", "jets", "munition", "munitions", "equipment"})
ECONOMIC_AID = frozenset({"loan", "loans", "money", "fund", "funds", "funding", "grant",
                          "credit", "credits", "dollar", "dollars", "million", "billion",
                          "investment"})
PEACEKEEPERS = frozenset({"peacekeeper", "peacekeepers", "peacekeeping", "monitor", "monitors",
                          "observer", "observers"})
TROOPS = frozenset({"troop", "troops", "force", "forces", "soldier", "soldiers", "army",
                    "warship", "warships", "reservist", "reservists", "unit", "units",
                    "battalion", "battalions", "tank", "tanks", "police", "reinforcement",
                    "reinforcements", "division", "brigade"})
RESTRICTIONS = frozenset({"curfew", "restriction", "restrictions", "ban", "emergency",
                          "law", "blockade", "measure", "measures", "control", "controls",
                          "siege", "rule"})
SANCTIONS = frozenset({"sanction", "sanctions", "embargo", "embargoes", "tariff", "tariffs",
                       "boycott", "duty", "duties"})
TIES = frozenset({"tie", "ties", "relation", "relations", "contact", "contacts", "link",
                  "links", "embassy", "flight", "flights"})
TALKS = frozenset({"talk", "talks", "negotiation", "negotiations", "dialogue", "meeting",
                   "meetings", "mediation"})
AGREEMENTS = frozenset({"agreement", "agreements", "accord", "deal", "treaty", "pact",
                        "memorandum", "contract", "declaration", "protocol", "charter",
                        "convention", "mou", "communique", "document", "documents"})
PEOPLE = frozenset({"prisoner", "prisoners", "hostage", "hostages", "detainee", "detainees",
                    "captive", "captives", "soldier", "soldiers", "national", "nationals"})
TERRITORY = frozenset({"village", "town", "city", "area", "territory", "stronghold", "base",
                       "position", "positions", "hill", "region", "island", "province"})
DIPLOMATS = frozenset({"diplomat", "diplomats", "ambassador", "envoy", "attache", "consul"})

# verb lemma -> code, when the object does not change the meaning
VERBS: dict[str, str] = {
    # REQUEST (02, 10)
    "urge": "020", "appeal": "020", "request": "020", "implore": "020", "plead": "020",
    "beseech": "020", "petition": "020", "demand": "100", "insist": "100",
    # AGREE (03)
    "vow": "030", "pledge": "030", "promise": "030", "undertake": "030", "offer": "030",
    # CONSULT (04)
    "meet": "040", "consult": "040", "confer": "040", "discuss": "040", "co-chair": "040",
    "co-chaire": "040", "attend": "040", "telephone": "041", "phone": "041", "visit": "042",
    "tour": "042", "host": "043", "co-host": "043", "mediate": "045", "negotiate": "046",
    # SUPPORT (05)
    "praise": "051", "hail": "051", "commend": "051", "applaud": "051", "laud": "051",
    "endorse": "051", "congratulate": "051", "thank": "051", "salute": "051", "back": "051",
    "support": "051", "defend": "052", "apologize": "055", "apologise": "055",
    "forgive": "056", "pardon": "056", "recognize": "054", "recognise": "054",
    "sign": "057", "ink": "057", "ratify": "057", "initial": "057",
    # COOPERATE (06)
    "cooperate": "060", "co-operate": "060", "collaborate": "060", "partner": "060",
    # AID (07)
    "donate": "070", "shelter": "075",
    # CONCEDE / RETREAT (08)
    "release": "084", "free": "084", "repatriate": "084", "surrender": "0874",
    "demobilize": "0873", "demobilise": "0873", "disarm": "0873", "relent": "080",
    "concede": "080", "yield": "080", "capitulate": "080", "resign": "0831", "step": "0831",
    "abdicate": "0831", "quit": "0831",
    # INVESTIGATE (09)
    "investigate": "090", "probe": "090", "inspect": "090", "examine": "090",
    # ACCUSE (11)
    "criticize": "111", "criticise": "111", "condemn": "111", "denounce": "111",
    "deplore": "111", "decry": "111", "slam": "111", "blast": "111", "censure": "111",
    "rebuke": "111", "castigate": "111", "accuse": "112", "blame": "112", "allege": "112",
    "complain": "114", "summon": "114", "sue": "115", "convict": "116",
    # REJECT (12)
    "reject": "120", "refuse": "120", "decline": "120", "deny": "120", "rebuff": "120",
    "spurn": "120", "dismiss": "120", "veto": "129", "defy": "128", "violate": "128",
    "renege": "120",
    # THREATEN (13)
    "threaten": "130", "warn": "130",
    # PROTEST (14)
    "demonstrate": "141", "rally": "141", "march": "141", "picket": "141",
    "riot": "145", "boycott": "143", "protest": "141", "blockade": "191",
    # MOBILIZE (15)
    "mobilize": "154", "mobilise": "154",
    # SANCTION (16)
    "sever": "161", "downgrade": "161", "expel": "166",
    # COERCE (17)
    "arrest": "173", "detain": "173", "jail": "173", "imprison": "173", "indict": "173",
    "prosecute": "173", "deport": "174", "extradite": "174", "confiscate": "171",
    "seize": "171", "raid": "171", "censor": "172", "hack": "176", "ban": "172",
    "outlaw": "172", "forbid": "172", "disperse": "172", "destroy": "171", "demolish": "171",
    "torch": "171", "loot": "171", "vandalize": "171", "deface": "176", "bulldoze": "171",
    # ASSAULT (18-20)
    "attack": "190", "invade": "190", "storm": "190", "bomb": "195", "shell": "194",
    "shoot": "193", "kill": "190", "beat": "182", "torture": "182", "kidnap": "181",
    "abduct": "181", "hijack": "181", "assassinate": "186", "massacre": "202",
    "overrun": "190", "retake": "190", "ambush": "190", "clash": "190", "fight": "190",
    "wound": "190", "injure": "190", "behead": "180", "execute": "180", "lynch": "180",
}
# CAMEO 18 is unconventional violence (bombings, kidnapping); 19 is conventional fighting
BOMB_WORDS = frozenset({"bomb", "bombs", "bomber", "bombers", "explosive", "explosives", "ied",
                        "suicide", "car-bomb", "grenade", "grenades", "blast", "device"})

# verb lemma -> ((object words, code), ...): the first whose words meet the object wins
VERB_OBJECTS: dict[str, tuple[tuple[frozenset[str], str], ...]] = {
    "send": ((HUMANITARIAN, "073"), (MILITARY_AID, "072"), (ECONOMIC_AID, "071"),
             (PEACEKEEPERS, "074"), (TROOPS, "154"), (DIPLOMATS, "042")),
    "provide": ((HUMANITARIAN, "073"), (MILITARY_AID, "072"), (ECONOMIC_AID, "071"),
                (PEACEKEEPERS, "074")),
    "supply": ((HUMANITARIAN, "073"), (MILITARY_AID, "072"), (ECONOMIC_AID, "071")),
    "deliver": ((HUMANITARIAN, "073"), (MILITARY_AID, "072"), (ECONOMIC_AID, "071")),
    "give": ((HUMANITARIAN, "073"), (MILITARY_AID, "072"), (ECONOMIC_AID, "071")),
    "grant": ((HUMANITARIAN, "073"), (ECONOMIC_AID, "071"), (frozenset({"asylum"}), "075")),
    "hand": ((HUMANITARIAN, "073"), (MILITARY_AID, "072"), (PEOPLE, "084")),
    "ship": ((HUMANITARIAN, "073"), (MILITARY_AID, "072")),
    "airlift": ((HUMANITARIAN, "073"),),
    "dispatch": ((HUMANITARIAN, "073"), (PEACEKEEPERS, "074"), (TROOPS, "154")),
    "deploy": ((PEACEKEEPERS, "074"), (TROOPS, "154")),
    "lift": ((frozenset({"siege", "blockade"}), "0872"), (SANCTIONS, "085"),
             (RESTRICTIONS, "081")),
    "ease": ((SANCTIONS, "085"), (RESTRICTIONS, "081")),
    "relax": ((SANCTIONS, "085"), (RESTRICTIONS, "081")),
    "loosen": ((SANCTIONS, "085"), (RESTRICTIONS, "081")),
    "shorten": ((RESTRICTIONS, "081"),),
    "end": ((SANCTIONS, "085"), (RESTRICTIONS, "081"), (TALKS, "164")),
    "accept": ((frozenset({"demand", "demands", "condition", "conditions"}), "083"),
               (frozenset({"mediation", "offer", "proposal", "plan"}), "038"),
               (frozenset({"refugee", "refugees"}), "075")),
    "allow": ((frozenset({"inspector", "inspectors", "observer", "observers", "monitor",
                          "monitors", "access", "aid", "worker", "workers"}), "086"),),
    "receive": ((PEACEKEEPERS - {"observer", "observers", "monitor", "monitors"}, "0861"),
                (frozenset({"observer", "observers", "inspector", "inspectors", "monitor",
                            "monitors"}), "0862"),
                (frozenset({"delegation", "mission", "envoy", "minister", "president",
                            "visitor", "counterpart"}), "043")),
    "welcome": ((frozenset({"delegation", "envoy", "minister", "president", "visitor",
                            "counterpart"}), "043"),),
    "violate": ((frozenset({"ceasefire", "truce", "armistice"}), "196"),),
    "prevent": ((frozenset({"demonstration", "demonstrations", "protest", "protests", "rally",
                            "march", "strike", "meeting", "gathering"}), "172"),),
    "withdraw": ((TROOPS, "0874"), (frozenset({"ambassador", "envoy"}), "161"),
                 (TALKS, "164"), (frozenset({"aid", "support", "funding"}), "162")),
    "pull": ((TROOPS, "0874"),),
    "cut": ((TIES, "161"), (frozenset({"aid", "assistance", "funding", "supplies",
                                       "food"}), "162")),
    "reduce": ((TIES, "161"), (frozenset({"aid", "assistance", "funding", "supplies",
                                          "food"}), "162"), (TROOPS, "0874")),
    "break": ((TIES, "161"),),
    "suspend": ((TIES, "161"), (frozenset({"aid", "assistance", "funding"}), "162"),
                (TALKS, "164"), (frozenset({"publication", "newspaper", "broadcast"}), "172")),
    "halt": ((TALKS, "164"), (frozenset({"aid", "assistance"}), "162")),
    "recall": ((frozenset({"ambassador", "envoy", "diplomat", "diplomats"}), "161"),),
    "impose": ((SANCTIONS, "163"), (RESTRICTIONS, "172"), (frozenset({"blockade"}), "191")),
    "declare": ((frozenset({"ceasefire", "truce"}), "0871"),
                (frozenset({"emergency", "siege", "curfew"}), "172"),
                (frozenset({"war"}), "138")),
    "tighten": ((frozenset({"blockade"}), "191"), (RESTRICTIONS, "172")),
    "block": ((frozenset({"road", "roads", "street", "streets", "bridge", "highway",
                          "traffic", "transport", "access", "entrance", "border"}), "144"),),
    "strengthen": ((TROOPS, "154"),),
    "reinforce": ((TROOPS, "154"),),
    "boost": ((TROOPS, "154"),),
    "increase": ((TROOPS, "154"), (HUMANITARIAN, "073")),
    "capture": ((TERRITORY, "190"), (PEOPLE, "181")),
    "occupy": ((TERRITORY, "192"),),
    "upgrade": ((TIES, "050"),),
    "restore": ((TIES, "050"),),
    "establish": ((TIES, "050"),),
    "share": ((frozenset({"intelligence", "information", "expertise", "data",
                          "technology"}), "064"),),
    "train": ((frozenset({"hacker", "hackers"}), "155"), (TROOPS, "062")),
    "open": ((frozenset({"hearing", "investigation", "probe", "inquiry"}), "090"),),
    "set": ((frozenset({"fire"}), "171"),),
    "take": ((frozenset({"street", "streets"}), "141"),),
    "file": ((frozenset({"lawsuit", "suit", "complaint", "protest", "charges"}), "115"),),
    "issue": ((frozenset({"ultimatum"}), "139"), (frozenset({"warning", "threat"}), "130"),
              (frozenset({"reminder", "demand", "demands"}), "100"),
              (frozenset({"protest", "complaint"}), "114"), (frozenset({"appeal"}), "020"),
              (frozenset({"declaration", "demand"}), "100")),
}

# event nouns, as objects of light verbs ("staged demonstrations") or as subjects of
# aspectual verbs ("riots continued")
NOUNS: dict[str, str] = {
    "demonstration": "141", "demonstrations": "141", "protest": "141", "protests": "141",
    "rally": "141", "rallies": "141", "march": "141", "marches": "141", "sit-in": "141",
    "strike": "143", "strikes": "143", "walkout": "143", "boycott": "143",
    "riot": "145", "riots": "145", "unrest": "145", "blockade": "191",
    "talk": "040", "talks": "040", "meeting": "040", "meetings": "040", "summit": "040",
    "consultations": "040", "negotiations": "046", "negotiation": "046", "dialogue": "040",
    "visit": "042", "trip": "042", "tour": "042", "mediation": "045",
    "investigation": "090", "probe": "090", "inquiry": "090", "hearing": "090",
    "inspection": "090", "inspections": "090",
    "attack": "190", "attacks": "190", "offensive": "190", "raid": "190", "raids": "190",
    "airstrike": "195", "airstrikes": "195", "bombing": "195", "shelling": "194",
    "assault": "190", "invasion": "190", "fighting": "190", "clashes": "190",
    "crackdown": "175", "campaign": "190",
    "ceasefire": "0871", "truce": "0871", "ultimatum": "139", "sanctions": "163",
    "embargo": "163", "appeal": "020", "declaration": "100", "demand": "100",
    "demands": "100", "call": "020", "calls": "020", "plea": "020", "request": "020",
    "exercises": "150", "drills": "150", "manoeuvres": "150", "maneuvers": "150",
}
# verbs that are a protest when a crowd does them: 'thousands gathered in the square'
CROWD_VERBS = frozenset({"gather", "assemble", "converge", "flock", "throng", "mass", "parade"})
CROWDS = frozenset({"protesters", "protestors", "demonstrators", "thousands", "hundreds",
                    "crowds", "crowd", "people", "students", "workers", "supporters",
                    "opponents", "activists", "residents", "villagers", "tens", "dozens",
                    "farmers", "youths", "women", "refugees", "mourners"})
# nouns that only carry an event through a compound: 'mediation effort', 'peace mission'
GENERIC_EVENT_NOUNS = frozenset({"effort", "efforts", "mission", "missions", "operation",
                                 "operations", "drive", "process", "campaign", "initiative"})
# nouns whose clause states what is wanted, not what happened: 'its demand that Israel ease'
WANTED_NOUNS = frozenset({"demand", "demands", "call", "calls", "appeal", "request", "plea",
                          "plan", "plans", "proposal", "offer", "threat", "threats", "pledge",
                          "promise", "bid", "attempt", "effort", "efforts", "decision",
                          "intention", "readiness", "willingness", "warning", "ultimatum"})
OBLIGATION_AUX = frozenset({"must", "should", "ought", "need"})
HUNGER_STRIKE = "142"
# verbs that carry an event noun: "staged a protest", "launched an offensive"
LIGHT_VERBS = frozenset({
    "stage", "hold", "launch", "begin", "start", "continue", "resume", "renew", "organize",
    "organise", "conduct", "carry", "mount", "call", "join", "lead", "have", "go", "undertake",
    "pay", "make", "attend", "convene", "wage", "unleash", "step", "escalate", "intensify",
    "resort", "converge", "announce", "declare", "issue", "reiterate", "repeat", "voice",
})
ASPECTUAL_VERBS = frozenset({"continue", "erupt", "break", "spread", "escalate", "rage",
                             "resume", "intensify", "flare", "take", "occur", "begin"})
# heads whose infinitive complement is the act itself: "tried to assassinate"
ATTEMPT_HEADS = frozenset({"try", "attempt", "begin", "start", "continue", "resume", "manage",
                           "proceed", "move", "go", "fail", "schedule", "due", "set"})
