"""A fictional world and the wire copy written about it, for the synthetic corpus.

Every name is invented (countries, towns, people, outlets, agencies) so that the generated
allegations and denials are about no one real. All randomness comes from the `random.Random`
passed in, so a seed gives the same corpus every time.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from app.slugs import slugify

# --- Word lists ---------------------------------------------------------------------------

_COUNTRY_STEMS = (
    "Val", "Mar", "Kes", "Dor", "Tal", "Sar", "Bel", "Ost", "Ruv", "Kar", "Lem", "Nor",
    "Zan", "Ath", "Ird", "Pel", "Qor", "Sev", "Tor", "Ul", "Bram", "Cal", "Drav", "Esk",
)  # fmt: skip
_COUNTRY_ENDINGS = (
    ("ovia", "ovian"), ("ania", "anian"), ("istan", "istani"), ("ora", "oran"),
    ("uria", "urian"), ("avia", "avian"), ("onia", "onian"), ("esh", "eshi"),
    ("ara", "aran"), ("enia", "enian"),
)  # fmt: skip
_TOWN_PREFIXES = (
    "", "", "", "", "Tel ", "Kafr ", "Deir ", "Ain ", "Bir ", "Jisr ", "Khan ", "Qasr ",
    "Ras ", "Beit ", "Umm ", "Sidi ", "Nova ", "Port ", "Upper ", "Lower ",
)  # fmt: skip
_ONSETS = ("b", "d", "f", "g", "h", "k", "l", "m", "n", "r", "s", "t", "v", "z", "sh", "kh", "")
_VOWELS = ("a", "e", "i", "o", "u", "aa", "ei", "ou")
_CODAS = ("", "", "n", "r", "m", "l", "s", "t", "k", "d")
_TOWN_SUFFIXES = ("", "", "", "iya", "abad", "ovo", "ek", "an", "um", "is")
_SURNAME_SUFFIXES = ("", "", "i", "ov", "ian", "a", "ek", "ani")

_FIRST_NAMES = (
    "Adrian", "Amira", "Anton", "Basel", "Beatrix", "Cyril", "Dalia", "Dmitar", "Elena",
    "Emil", "Farid", "Goran", "Hana", "Idris", "Ilona", "Ivo", "Jana", "Karim", "Katya",
    "Laszlo", "Leila", "Lukas", "Malik", "Marta", "Milan", "Nadia", "Nikola", "Omar",
    "Oksana", "Pavel", "Rania", "Roman", "Salma", "Samir", "Sofia", "Stefan", "Tamar",
    "Teodor", "Vera", "Viktor", "Yara", "Yusuf", "Zora", "Anselm", "Brina", "Casimir",
)  # fmt: skip
_LAST_NAMES = (
    "Dovan", "Haddad", "Kovar", "Marek", "Nasser", "Orlov", "Petrak", "Qadri", "Radev",
    "Saleh", "Toma", "Vasko", "Zaid", "Belic", "Demir", "Farah", "Grell", "Halim",
    "Ivanek", "Jaber", "Karsan", "Lozan", "Mansour", "Novak", "Osman", "Pavlic", "Rahim",
    "Sorin", "Taleb", "Urban", "Vidal", "Wahbi", "Yilan", "Zeman", "Amari", "Brandt",
    "Castel", "Darwish", "Esmat", "Fedorin",
)  # fmt: skip
_PAPERS = (
    "Courier", "Herald", "Tribune", "Dispatch", "Observer", "Chronicle", "Gazette", "Post",
    "Times", "Ledger", "Record", "Sentinel",
)  # fmt: skip
_AID_WORDS = (
    "Harbour", "Beacon", "Compass", "Meridian", "Lantern", "Keystone", "Northstar",
    "Bridge", "Shelter", "Horizon", "Olive", "Cedar",
)  # fmt: skip
_COALITION_WORDS = ("Northern Shield", "Southern Front", "Free Valleys", "Iron Gate",
                    "Eastern Dawn", "Unity", "Mountain", "Coastal")  # fmt: skip
_INTERNATIONAL_BODIES = (
    ("Council of Nations Relief Office", "CNRO"),
    ("Council of Nations Refugee Commission", "CNRC"),
    ("Council of Nations Children's Fund", "CNCF"),
    ("Council of Nations Human Rights Office", "CNHRO"),
    ("Council of Nations Food Programme", "CNFP"),
    ("Council of Nations Health Agency", "CNHA"),
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_TARGETS = (
    ("a vegetable market", "market"), ("a crowded bakery", "bakery"),
    ("the main hospital", "hospital"), ("a primary school", "school"),
    ("a water pumping station", "water station"), ("a camp for displaced families", "camp"),
    ("a residential block", "apartment block"), ("the central mosque", "mosque"),
    ("a fuel depot", "fuel depot"), ("a field clinic", "clinic"), ("the old bridge", "bridge"),
    ("a grain warehouse", "warehouse"), ("a power station", "power station"),
)  # fmt: skip
_WEAPONS = (
    ("air strikes", "air strike"), ("barrel bombs", "bombing"), ("artillery shells", "shelling"),
    ("rocket fire", "rocket attack"), ("drone strikes", "drone strike"),
    ("cluster munitions", "cluster bomb attack"), ("missile strikes", "missile strike"),
)  # fmt: skip
_ORDINALS = ("third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_QUALIFIERS = ("at least", "at least", "over", "nearly", "around", "up to", "", "")

# Sentences that carry no claim: the rest of a wire story. Fields come from `Scene.fields`.
_FILLER = (
    "Residents said the sound of aircraft could be heard over {place} for much of the night.",
    "{Accused_defence} did not respond to a request for comment.",
    "Aid agencies have warned that {thousands} people in {region} lack clean water and medicine.",
    "The fighting has displaced tens of thousands of people from villages around {place} "
    "since {month}.",
    "Talks in {capital} between the two sides broke down last week without agreement on a "
    "ceasefire.",
    "Independent verification of casualty figures has proved difficult because journalists "
    "have limited access to the area.",
    "{Outlet} could not independently confirm the reports.",
    "Local officials said schools in {town} would remain closed until further notice.",
    "Hospitals in the province are running short of fuel for their generators, according to "
    "medical staff.",
    "A resident of {town}, who asked not to be named for fear of reprisals, said families had "
    "been sleeping in basements for days.",
    "The road between {place} and {town} has been cut for more than a week, leaving {n} "
    "trucks of food and medicine stranded.",
    "Both sides have accused each other of violating a ceasefire agreed in {month}.",
    "The {accused_adj} government has repeatedly said its operations target only armed groups.",
    "Satellite images reviewed by analysts showed damage to several buildings near the centre "
    "of {place}.",
    "Prices of bread and fuel in {place} have tripled since the siege began, residents said.",
    "Electricity has been cut in most districts of {town} since {weekday}.",
    "{Ngo} said it had suspended its work in the area after one of its warehouses was damaged.",
    "Diplomats at the Council of Nations are expected to discuss the situation on {weekday}.",
    "More than {n} people crossed into {neighbour} at the {town} border post over the "
    "weekend, officials there said.",
    "The conflict, now in its {ordinal} year, has killed tens of thousands of people and "
    "forced millions from their homes.",
    "Footage posted online, which could not be verified, appeared to show plumes of smoke "
    "rising over {place}.",
    "The {accused_adj} military said in a separate statement that it had destroyed {k} "
    "positions belonging to armed groups.",
    "Witnesses described hearing at least {k} explosions in quick succession shortly after dawn.",
    "Rescue workers were still searching the rubble for survivors late on {weekday}.",
    "{Region} has been a stronghold of the opposition since the early years of the war.",
    "Repeated attempts to reach officials in {capital} by telephone were unsuccessful.",
    "The latest violence comes days before a planned round of negotiations in {capital}.",
    "A convoy of {n} trucks carrying flour and medical supplies reached {town} on {weekday}, "
    "the first in {k} weeks.",
    "Doctors at the main hospital in {town} said they had treated dozens of people for "
    "shrapnel wounds.",
    "{Ngo} called on all parties to respect international humanitarian law and protect civilians.",
    "Shops in the old market of {place} stayed shuttered on {weekday} as residents kept indoors.",
    "The {accused_adj} foreign ministry summoned the {rival_adj} ambassador over the "
    "incident, state media reported.",
    "Observers say control of {place} would give government forces command of a key supply route.",
    "Fighting also continued on the outskirts of {town}, where rebels said they had repelled "
    "an assault.",
    "The area is home to about {thousands} people, many of them displaced from other parts "
    "of the country.",
    "An earlier strike on the same district in {month} killed {k} people, according to local "
    "officials.",
    "Humanitarian groups have long complained that access to {region} is restricted by all sides.",
    "Mobile phone networks in {place} were down for much of {weekday}, making it hard to "
    "reach residents.",
    "Families who fled {place} said they had left with little more than the clothes they "
    "were wearing.",
    "The {rival_adj} government called the accusations baseless and accused {accused_country} "
    "of trying to shift the blame.",
    # Residents with invented surnames give the corpus the long tail of rare words (names)
    # that real news has, so searches are not all for the same few thousand words.
    "“We heard the jets first, then the explosions,” said {resident}, a shopkeeper in {place}.",
    "{Resident}, a teacher who fled {town} last month, said the shelling had not stopped for days.",
    "“There is nothing left of the street,” said {resident}, who lost two relatives in the strike.",
    "{Resident}, a nurse at a clinic in {town}, said supplies of anaesthetic had run out.",
    "Among the dead was {resident}, a driver for a bakery in {place}, relatives said.",
)

# How a story introduces a claim: the quote is inserted as `{quote}`, never capitalised, so
# that `body[start:end]` is the quote exactly as the claim stores it.
_ATTRIBUTIONS = (
    "{Who} said {quote}.",
    "{Who} said on {weekday} that {quote}.",
    "According to {who}, {quote}.",
    "In a statement, {who} said {quote}.",
    "{Who} told reporters that {quote}.",
    "{Who} said in a statement posted online that {quote}.",
)
_REPORTED_ATTRIBUTIONS = (
    "{Who} said {quote}, {reporter} reported.",
    "{Who} told {reporter} that {quote}.",
    "{Who} was quoted by {reporter} as saying that {quote}.",
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name_word(rng: random.Random, syllables: int) -> str:
    """An invented proper name of one or more syllables ("Maran", "Zeitoukis")."""
    core = "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    )
    return _cap(core)


# --- The world ----------------------------------------------------------------------------


@dataclass(slots=True)
class ActorSpec:
    id: int
    name: str
    kind: str
    parent_id: int | None
    description: str
    aliases: tuple[str, ...]
    # How wire copy names it mid-sentence: "the Valovian Ministry of Defence".
    mention: str


@dataclass(slots=True)
class Country:
    name: str
    adjective: str
    towns: tuple[str, ...]
    government: int = 0
    defence: int = 0
    foreign: int = 0
    forces: int = 0
    spokespeople: tuple[int, ...] = ()
    monitor: int = 0
    rescue: int = 0
    armed_groups: tuple[int, ...] = ()


@dataclass(slots=True)
class World:
    actors: list[ActorSpec] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    outlets: list[int] = field(default_factory=list)  # media actors
    domains: dict[int, str] = field(default_factory=dict)  # outlet id → web host
    ngos: list[int] = field(default_factory=list)
    international: list[int] = field(default_factory=list)

    def mention(self, actor_id: int) -> str:
        return self.actors[actor_id - 1].mention


def _acronym(name: str) -> str:
    return "".join(word[0] for word in name.replace("'s", "").split() if word[0].isupper())


class _WorldBuilder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.world = World()
        self.names: set[str] = set()

    def add(
        self,
        name: str,
        kind: str,
        *,
        parent: int | None = None,
        description: str = "",
        aliases: tuple[str, ...] = (),
        mention: str | None = None,
    ) -> int:
        assert name not in self.names, name  # actor names are unique in the schema
        self.names.add(name)
        actor_id = len(self.world.actors) + 1  # ids are assigned here, in insertion order
        self.world.actors.append(
            ActorSpec(
                actor_id,
                name,
                kind,
                parent,
                description,
                tuple(dict.fromkeys(a for a in aliases if a and a != name)),
                mention or name,
            )
        )
        return actor_id

    def town(self, used: set[str]) -> str:
        rng = self.rng
        while True:
            core = _name_word(rng, rng.choice((1, 2, 2, 2)))
            name = rng.choice(_TOWN_PREFIXES) + core + rng.choice(_TOWN_SUFFIXES)
            if len(core) >= 3 and name not in used:
                used.add(name)
                return name

    def person(self) -> str:
        rng = self.rng
        while (name := f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}") in self.names:
            pass
        return name


def build_world(seed: int, countries: int = 40, towns_per_country: int = 250) -> World:
    """Invent the countries, towns and actors (about 15 per country) the stories are about."""
    rng = random.Random(f"world:{seed}")
    builder = _WorldBuilder(rng)
    world = builder.world
    combos = [(stem, ending) for stem in _COUNTRY_STEMS for ending in _COUNTRY_ENDINGS]
    rng.shuffle(combos)
    towns: set[str] = set()
    for stem, (ending, adjective_ending) in combos[:countries]:
        world.countries.append(
            Country(
                stem + ending,
                stem + adjective_ending,
                tuple(builder.town(towns) for _ in range(towns_per_country)),
            )
        )

    for country in world.countries:
        name, adj, capital = country.name, country.adjective, country.towns[0]
        country.government = builder.add(
            f"Government of {name}",
            "government",
            description=f"The national government of {name}, seated in {capital}.",
            aliases=(f"{adj} government", f"{capital} government"),
            mention=f"the {adj} government",
        )
        country.defence = builder.add(
            f"{adj} Ministry of Defence",
            "ministry",
            parent=country.government,
            aliases=(f"{name} MoD", f"{adj} defence ministry"),
            mention=f"the {adj} Ministry of Defence",
        )
        country.foreign = builder.add(
            f"{adj} Foreign Ministry",
            "ministry",
            parent=country.government,
            aliases=(f"{adj} Ministry of Foreign Affairs",),
            mention=f"the {adj} Foreign Ministry",
        )
        country.forces = builder.add(
            f"{adj} Armed Forces",
            "military",
            parent=country.defence,
            aliases=(f"{adj} army",),
            mention=f"the {adj} military",
        )
        air_force = builder.add(
            f"{adj} Air Force", "military", parent=country.forces, mention=f"the {adj} air force"
        )
        spokespeople = []
        for parent, office in (
            (country.defence, f"the {adj} Ministry of Defence"),
            (country.foreign, f"the {adj} Foreign Ministry"),
            (country.forces, f"the {adj} military"),
            (air_force, f"the {adj} air force"),
        ):
            person = builder.person()
            spokespeople.append(
                builder.add(
                    person,
                    "person",
                    parent=parent,
                    description=f"Spokesperson for {office}.",
                    aliases=(person.split()[1],),
                    mention=f"{person} of {office}",
                )
            )
        country.spokespeople = tuple(spokespeople)
        monitor = f"{adj} Observatory for Human Rights"
        country.monitor = builder.add(
            monitor,
            "monitor",
            description=f"Monitoring group that counts casualties in {name} through a network "
            "of local contacts.",
            aliases=(_acronym(monitor), "the Observatory"),
            mention=f"the {monitor}",
        )
        country.rescue = builder.add(
            f"{name} Civil Defence",
            "rescue_group",
            description=f"Volunteer rescue workers operating in opposition-held parts of {name}.",
            aliases=(f"{adj} rescuers",),
            mention=f"the {name} Civil Defence",
        )
        # Town names are unique across the world, so these names are too.
        country.armed_groups = tuple(
            builder.add(group, "armed_group", aliases=(_acronym(group),), mention=f"the {group}")
            for group in (f"{rng.choice(country.towns)} Liberation Front", f"{adj} Free Brigades")
        )

    coalitions = [
        builder.add(f"{word} Coalition", "coalition", mention=f"the {word} Coalition")
        for word in _COALITION_WORDS
    ]
    for country in world.countries:  # some armed groups belong to a coalition
        for group_id in country.armed_groups:
            if rng.random() < 0.4:
                world.actors[group_id - 1].parent_id = rng.choice(coalitions)

    council = builder.add(
        "Council of Nations",
        "un_body",
        description="The intergovernmental council of the fictional world.",
        aliases=("CoN",),
        mention="the Council of Nations",
    )
    for name, acronym in _INTERNATIONAL_BODIES:
        world.international.append(
            builder.add(name, "un_body", parent=council, aliases=(acronym,), mention=f"the {name}")
        )

    for word in _AID_WORDS:
        for pattern in ("{w} Aid International", "{w} Rights Watch", "Doctors of {w}"):
            name = pattern.format(w=word)
            world.ngos.append(builder.add(name, "ngo", aliases=(_acronym(name),)))

    # Three outlets in each of the first countries: a paper in the capital, a news agency, a radio.
    for country in world.countries[:20]:
        for name, mention in (
            (f"The {country.towns[0]} {rng.choice(_PAPERS)}", None),
            (f"{country.adjective} Press Agency", f"the {country.adjective} Press Agency"),
            (f"Radio {country.name}", None),
        ):
            outlet = builder.add(name, "media", aliases=(_acronym(name),), mention=mention)
            world.outlets.append(outlet)
            world.domains[outlet] = f"www.{slugify(name.removeprefix('The '))}.example"
    return world


# --- Claims -------------------------------------------------------------------------------

# A figure as stored: (low, high, qualifier, counts, the words as written in the quote).
Figure = tuple[int, int | None, str, str, str]


@dataclass(slots=True)
class Topic:
    """One event and the two sides arguing about it: what a dispute is about."""

    place: str
    country: Country  # where it happened
    accused: Country  # whose forces are blamed
    rival: Country  # whom the accused blames instead
    target: str
    target_noun: str
    weapon: str
    weapon_noun: str
    day: str
    when: date
    killed: int
    accusers: tuple[int, ...]
    defenders: tuple[int, ...]

    def fields(self) -> dict[str, object]:
        """The words claim templates use (a fresh dict, free to extend)."""
        return {
            "place": self.place,
            "target": self.target,
            "target_noun": self.target_noun,
            "weapon": self.weapon,
            "weapon_noun": self.weapon_noun,
            "day": self.day,
            "adj": self.accused.adjective,
            "radj": self.rival.adjective,
            "accused_name": self.accused.name,
            "country": self.country.name,
            "capital": self.country.towns[0],
        }


def make_topic(rng: random.Random, world: World, when: date, like: Topic | None = None) -> Topic:
    """A new event; `like` keeps the country and the two sides of an earlier one (same story)."""
    if like is None:
        country = rng.choice(world.countries)
        accused = country if rng.random() < 0.5 else rng.choice(world.countries)
        rivals = [c for c in world.countries[:8] if c is not accused]
        rival = rng.choice(rivals)
        accusers = (
            country.monitor,
            country.rescue,
            rival.government,
            rival.foreign,
            rng.choice(world.ngos),
            rival.spokespeople[1],
        )
        defenders = (accused.defence, accused.forces, accused.foreign, *accused.spokespeople)
    else:
        country, accused, rival = like.country, like.accused, like.rival
        accusers, defenders = like.accusers, like.defenders
    target, target_noun = rng.choice(_TARGETS)
    weapon, weapon_noun = rng.choice(_WEAPONS)
    return Topic(
        place=rng.choice(country.towns),
        country=country,
        accused=accused,
        rival=rival,
        target=target,
        target_noun=target_noun,
        weapon=weapon,
        weapon_noun=weapon_noun,
        day=WEEKDAYS[when.weekday()],
        when=when,
        # Death tolls are heavy-tailed: mostly a handful, sometimes hundreds.
        killed=min(int(rng.paretovariate(1.3) * 6) + 3, 2000),
        accusers=accusers,
        defenders=defenders,
    )


@dataclass(slots=True)
class ClaimText:
    claimant: int
    kind: str
    statement: str
    quote: str
    figures: list[Figure]
    place: str = ""
    time: str = ""
    when: date | None = None


# Quote templates per kind of claim, filled from `Topic.fields()` plus the figures' words (pairs
# carry the analyst's statement too). The function that picks a template adds its figures.
_ALLEGATIONS = (
    "{killed} were killed when {adj} {weapon} hit {target} in {place} on {day}",
    "{killed}, including {children} children, were killed when {adj} {weapon} struck {target} "
    "in {place}",
    "{adj} {weapon} on {target} in {place} on {day} killed {killed} and left {injured} wounded",
    "{adj} {weapon} hit {target} in {place} shortly after dawn, killing {killed}",
    "{adj} forces deliberately targeted {target} in {place}, which was clearly marked as a "
    "civilian site",
    "{displaced} people have fled {place} since {adj} forces began shelling the town on {day}",
)
_DENIALS = (
    "{adj} aircraft carried out no strikes in or near {place} on {day}",
    "reports of civilian deaths in {place} are fabricated and no {target_noun} was hit",
    "no {adj} aircraft were within {km} kilometres of {place} when the explosion occurred",
    "the casualty figures circulated about {place} are false and part of an information war "
    "against {accused_name}",
    "{adj} forces only struck fortified positions held by armed groups outside {place}",
)
_COUNTER_CLAIMS = (
    ("the attack on {place} was carried out by {radj} aircraft operating from across the "
     "border", "{radj} aircraft, not {adj} ones, attacked {place}"),
    ("{radj} warplanes were tracked over {place} minutes before the {target_noun} was "
     "destroyed", "{radj} warplanes destroyed the {target_noun} in {place}"),
    ("the explosion in {place} was caused by an ammunition depot run by armed groups",
     "An armed groups' ammunition depot exploded in {place}"),
)  # fmt: skip
_CORROBORATIONS = (
    "its teams recovered {bodies} from the rubble of {target} in {place}",
    "{bodies} were brought to hospitals near {place} on {day}",
    "{treated} people were treated at a field clinic in {place} after the {weapon_noun}",
    "witnesses in {place} saw {adj} jets circling before the blast",
)
_DISCREDITS = (
    "{source} has no staff in {place} and relies on activists loyal to the opposition",
    "{source} is a political organisation and its casualty counts cannot be trusted",
)
_REPLIES = (
    "satellite images taken on {day} show craters consistent with {weapon} at {target} in {place}",
    "the denial by {adj} officials is contradicted by the accounts of {witnesses} witnesses in "
    "{place}",
)
_STATEMENTS = (
    ("aid convoys will resume deliveries to {place} once the road from {town} is cleared",
     "Aid deliveries to {place} to resume"),
    ("the border crossing at {town} will stay closed until further notice",
     "The {town} crossing stays closed"),
    ("{families} families have registered at shelters in {town} since the start of the month",
     "{families} families sheltering in {town}"),
    ("talks on a ceasefire for {country} will resume in {capital} next week",
     "Ceasefire talks to resume in {capital}"),
)  # fmt: skip


def _toll(rng: random.Random, n: int, noun: str, counts: str) -> tuple[str, Figure]:
    """A death toll as written ("at least 38 civilians", "between 40 and 60 people")."""
    if rng.random() < 0.15:
        high = n + rng.randint(2, max(3, n // 2))
        words = f"between {n:,} and {high:,} {noun}"
        return words, (n, high, "", counts, words)
    qualifier = rng.choice(_QUALIFIERS)
    words = f"{qualifier} {n:,} {noun}".lstrip()
    return words, (n, None, qualifier, counts, words)


def _claim(
    topic: Topic, claimant: int, kind: str, quote: str, statement: str, figures: list[Figure]
) -> ClaimText:
    return ClaimText(
        claimant, kind, _cap(statement), quote, figures, topic.place, topic.day, topic.when
    )


def allegation(rng: random.Random, topic: Topic) -> ClaimText:
    fields = topic.fields()
    noun = rng.choice(("people", "civilians"))
    fields["killed"], toll = _toll(rng, topic.killed, noun, "killed" if noun == "people" else noun)
    children = max(1, topic.killed // rng.randint(3, 6))
    injured = topic.killed * rng.randint(1, 3) + rng.randint(0, 9)
    displaced = topic.killed * 150 + rng.randint(0, 99) * 10
    fields.update(children=children, injured=injured, displaced=f"{displaced:,}")
    which = rng.randrange(len(_ALLEGATIONS))
    figures = [
        [toll],
        [toll, (children, None, "", "children", f"{children} children")],
        [toll, (injured, None, "", "injured", f"{injured} wounded")],
        [toll],
        [],
        [(displaced, None, "", "displaced", f"{displaced:,} people")],
    ][which]
    statement = "{adj} {weapon} on the {target_noun} in {place} killed {toll} people"
    return _claim(
        topic,
        rng.choice(topic.accusers),
        "allegation",
        _ALLEGATIONS[which].format_map(fields),
        statement.format(toll=topic.killed, **fields),
        figures,
    )


def denial(rng: random.Random, topic: Topic) -> ClaimText:
    fields = topic.fields()
    fields["km"] = rng.randint(5, 40)
    return _claim(
        topic,
        rng.choice(topic.defenders),
        "denial",
        rng.choice(_DENIALS).format_map(fields),
        "{adj} forces did not strike the {target_noun} in {place}".format_map(fields),
        [],
    )


def counter_claim(rng: random.Random, topic: Topic) -> ClaimText:
    fields = topic.fields()
    quote, statement = rng.choice(_COUNTER_CLAIMS)
    return _claim(
        topic,
        rng.choice(topic.defenders),
        "counter_claim",
        quote.format_map(fields),
        statement.format_map(fields),
        [],
    )


def corroboration(rng: random.Random, world: World, topic: Topic) -> ClaimText:
    fields = topic.fields()
    found = max(1, topic.killed - rng.randint(0, max(1, topic.killed // 3)))
    treated = found * 2 + rng.randint(0, 20)
    fields["bodies"], toll = _toll(rng, found, "bodies", "killed")
    fields["treated"] = treated
    which = rng.randrange(len(_CORROBORATIONS))
    figures = [[toll], [toll], [(treated, None, "", "injured", f"{treated} people")], []][which]
    claimant = rng.choice((topic.country.rescue, rng.choice(world.ngos), *world.international[:2]))
    return _claim(
        topic,
        claimant,
        "corroboration",
        _CORROBORATIONS[which].format_map(fields),
        f"{found} bodies recovered after the {topic.weapon_noun} in {topic.place}",
        figures,
    )


def discredit(rng: random.Random, world: World, topic: Topic, source: int) -> ClaimText:
    """A defender attacking the source of an allegation (kind denial, link discredits_source)."""
    fields = topic.fields()
    fields["source"] = world.mention(source)
    return _claim(
        topic,
        rng.choice(topic.defenders),
        "denial",
        rng.choice(_DISCREDITS).format_map(fields),
        "{source} is not a credible source on {place}".format_map(fields),
        [],
    )


def reply_to_denial(rng: random.Random, topic: Topic) -> ClaimText:
    """An accuser answering a denial (kind statement, link rebuts)."""
    fields = topic.fields()
    fields["witnesses"] = rng.randint(3, 30)
    return _claim(
        topic,
        rng.choice(topic.accusers),
        "statement",
        rng.choice(_REPLIES).format_map(fields),
        "Evidence contradicts the denial of the {weapon_noun} in {place}".format_map(fields),
        [],
    )


def loose_statement(rng: random.Random, world: World, topic: Topic) -> ClaimText:
    """A claim that belongs to no dispute."""
    fields = topic.fields()
    families = rng.randint(20, 4000)
    fields.update(town=rng.choice(topic.country.towns), families=f"{families:,}")
    which = rng.randrange(len(_STATEMENTS))
    quote, statement = _STATEMENTS[which]
    figures = [(families, None, "", "displaced", f"{families:,} families")] if which == 2 else []
    claimant = rng.choice((topic.country.government, *world.international, rng.choice(world.ngos)))
    return _claim(
        topic,
        claimant,
        "statement",
        quote.format_map(fields),
        statement.format_map(fields),
        figures,
    )


# --- Stories ------------------------------------------------------------------------------


class Scene:
    """The fields filler sentences and headlines draw on, for one story."""

    def __init__(self, rng: random.Random, world: World, topic: Topic) -> None:
        country, accused = topic.country, topic.accused
        neighbours = [c for c in world.countries[:10] if c is not country] or world.countries
        self.topic = topic
        self.rng = rng
        self.world = world
        self.fields = {
            "place": topic.place,
            "capital": country.towns[0],
            "accused_adj": accused.adjective,
            "accused_country": accused.name,
            "Accused_defence": _cap(world.mention(accused.defence)),
            "rival_adj": topic.rival.adjective,
            "region": f"the {country.adjective} {rng.choice(('north', 'south', 'east', 'west'))}",
            "month": rng.choice(MONTHS),
            "ordinal": rng.choice(_ORDINALS),
            "neighbour": rng.choice(neighbours).name,
            "Ngo": world.mention(rng.choice(world.ngos)),
            "Outlet": _cap(world.mention(rng.choice(world.outlets))),
        }
        self.fields["Region"] = _cap(self.fields["region"])

    def filler(self) -> str:
        rng, fields = self.rng, self.fields
        fields["town"] = rng.choice(self.topic.country.towns)
        fields["weekday"] = rng.choice(WEEKDAYS)
        fields["n"] = rng.randint(12, 900)
        fields["k"] = rng.randint(2, 12)
        fields["thousands"] = f"{rng.randint(20, 900) * 1000:,}"
        template = rng.choice(_FILLER)
        if "esident}" in template:  # only then: inventing a name costs several draws
            name = f"{rng.choice(_FIRST_NAMES)} {_name_word(rng, 2)}{rng.choice(_SURNAME_SUFFIXES)}"
            fields["resident"] = fields["Resident"] = name
        return template.format_map(fields)

    def attribution(self, claimant: int, reporters: list[int]) -> tuple[str, str]:
        """A sentence introducing a quote, split around the quote: (before, after)."""
        rng, world = self.rng, self.world
        pattern = rng.choice(_REPORTED_ATTRIBUTIONS if reporters else _ATTRIBUTIONS)
        who = world.mention(claimant)
        text = pattern.format(
            Who=_cap(who),
            who=who,
            weekday=rng.choice(WEEKDAYS),
            reporter=world.mention(reporters[0]) if reporters else "",
            quote="\x00",
        )
        before, after = text.split("\x00")
        return before, after

    def headline(self) -> str:
        t, rng = self.topic, self.rng
        accuser = self.world.mention(t.accusers[0]).removeprefix("the ")
        return rng.choice(
            (
                f"{_cap(t.weapon)} on {t.place} kill {t.killed}, {accuser} says",
                f"{t.accused.name} denies striking {t.target_noun} in {t.place}",
                f"Death toll rises in {t.place} after {t.weapon_noun} on {t.target_noun}",
                f"{t.rival.name} accuses {t.accused.name} over {t.place} {t.weapon_noun}",
                f"Aid groups warn of crisis as fighting spreads to {t.place}",
                f"{t.country.name}: {t.target_noun} in {t.place} hit, residents say",
            )
        )

    def dateline(self) -> str:
        return f"{self.topic.place.upper()}, {self.topic.country.name} — "


def dispute_title(rng: random.Random, topic: Topic) -> str:
    t = topic
    return rng.choice(
        (
            f"Who struck the {t.target_noun} in {t.place}?",
            f"How many died in the {t.place} {t.weapon_noun} of {t.when.day} {t.when:%B %Y}?",
            f"Did {t.accused.adjective} forces bomb {t.place} on {t.day}?",
            f"The {t.weapon_noun} on the {t.target_noun} in {t.place}",
        )
    )


def dispute_summary(world: World, topic: Topic) -> str:
    t = topic
    return (
        f"{_cap(world.mention(t.accusers[0]))} says {t.accused.adjective} {t.weapon} killed "
        f"{t.killed} people at {t.target} in {t.place} on {t.when.day} {t.when:%B %Y}. "
        f"{_cap(world.mention(t.defenders[0]))} denies any strike there and blames "
        f"{t.rival.adjective} forces."
    )
