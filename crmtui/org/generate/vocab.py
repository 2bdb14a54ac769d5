"""Domain packs: the fictional companies, catalogs, issues, policies and word pools of each org kind.

Everything here is static data (or built deterministically from static word lists); randomness
lives in the generator, which draws from these pools with its seeded RNG.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BANT = ("Budget", "Authority", "Need", "Timeline")
STAGES = ("Qualification", "Discovery", "Quote", "Negotiation", "Closed")
SENTIMENTS = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class ProductSpec:
    """A product of the catalog. `family` groups near-identical products a customer could confuse
    (e.g. two sports bras), which the named-entity-disambiguation task relies on."""

    name: str
    category: str
    description: str
    family: str
    list_price: float


@dataclass(frozen=True)
class IssueSpec:
    """A recurring customer problem (Issue__c)."""

    name: str
    description: str


@dataclass(frozen=True)
class ServicePolicy:
    """A customer-service rule stated in a knowledge article, which agents can break in chats or emails.

    `violations` are agent utterances that break the rule; `compliant` are utterances that respect it.
    Each utterance may use the placeholders {customer}, {product}, {agent}.
    """

    key: str
    title: str
    summary: str
    body: str
    violations: tuple[str, ...]
    compliant: tuple[str, ...]


@dataclass(frozen=True)
class FaqArticle:
    """A knowledge article with question/answer facts a reader can look up (knowledge QA)."""

    title: str
    summary: str
    body: str
    facts: tuple[tuple[str, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DomainPack:
    """Everything kind-specific the generator draws from."""

    kind: str
    company: str
    company_description: str
    email_domain: str
    categories: tuple[str, ...]
    products: tuple[ProductSpec, ...]
    issues: tuple[IssueSpec, ...]
    service_policies: tuple[ServicePolicy, ...]
    faq_articles: tuple[FaqArticle, ...]
    competitors: tuple[str, ...]
    subtopics: tuple[str, ...]
    industries: tuple[str, ...]
    # stage -> typical task subjects for that stage (activity priority, wrong-stage rectification)
    stage_tasks: dict[str, tuple[str, ...]]


def domain_pack(kind: str) -> DomainPack:
    """The domain pack of an org kind."""
    from crmtui.org.generate import packs

    return packs.PACKS[kind]()


# ---------------------------------------------------------------------------------------------------
# Shared word pools (static; the generator draws from them with its seeded RNG).

FIRST_NAMES: tuple[str, ...] = (
    "James", "Maria", "Wei", "Aisha", "José", "Chloé", "Sven", "Priya", "Hiroshi", "Olga",
    "Kwame", "Fatima", "Liam", "Sofia", "Mateo", "Ingrid", "Rahul", "Mei", "Yusuf", "Amara",
    "Noah", "Emma", "Lucas", "Isabella", "Ethan", "Ava", "Omar", "Leila", "Diego", "Camila",
    "Arjun", "Ananya", "Kenji", "Yuki", "Min-jun", "Ji-woo", "Tomasz", "Agnieszka", "Dmitri", "Natasha",
    "Chidi", "Ngozi", "Kofi", "Zanele", "Thabo", "Lars", "Freya", "Björn", "Astrid", "Pierre",
    "Amélie", "Luca", "Giulia", "Hannah", "Jonas", "Mohammed", "Nour", "Elif", "Emre", "Carlos",
    "Lucía", "Rafael", "Beatriz", "Sean", "Siobhan", "Oliver", "Charlotte", "Jack", "Ruby", "Aroha",
    "Tane", "Daniel", "Sarah", "Michael", "Jennifer", "David", "Linda", "Robert", "Patricia", "William",
    "Elizabeth", "Joseph", "Susan", "Thomas", "Jessica", "Christopher", "Karen", "Matthew", "Nancy",
    "Anthony", "Lisa", "Mark", "Megan", "Steven", "Sandra", "Andrew", "Ashley", "Joshua", "Kimberly", "Kevin",
    "Emily", "Brian", "Donna", "George", "Michelle", "Timothy", "Carol", "Ryan", "Amanda", "Jacob",
    "Melissa", "Gary", "Deborah", "Nicholas", "Stephanie", "Eric", "Rebecca", "Jonathan", "Laura", "Samuel",
    "Rachel", "Benjamin", "Olivia", "Alexander", "Grace", "Tyler", "Madison", "Aaron", "Victoria", "Jamal",
    "Keisha", "Andre", "Tanisha", "Malik", "Imani", "Darnell", "Xavier", "Jasmine", "Hao", "Lin",
    "Minh", "Anh", "Deepa", "Sanjay", "Kavya", "Vikram", "Alejandro", "Valentina", "Mariana", "Joaquín",
    "François", "Søren", "Zoë", "Renée", "Malia", "Keanu", "Farah", "Tariq", "Esther", "Miguel",
)

LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Rossi", "Russo", "Ferrari", "Esposito",
    "Bianchi", "Silva", "Santos", "Oliveira", "Pereira", "Costa", "Fernández", "González", "Díaz", "Muñoz",
    "Kowalski", "Nowak", "Wiśniewski", "Ivanova", "Petrov", "Smirnov", "Novak", "Horvat", "Jensen", "Nielsen",
    "Hansen", "Andersson", "Johansson", "Larsen", "Virtanen", "Dubois", "Lefèvre", "Moreau", "Laurent",
    "Girard", "Tanaka", "Suzuki", "Sato", "Watanabe", "Yamamoto", "Kim", "Park", "Choi", "Chen", "Wang",
    "Liu", "Zhang", "Huang", "Zhao", "Wu", "Tran", "Pham", "Le", "Patel", "Shah",
    "Singh", "Kumar", "Sharma", "Gupta", "Iyer", "Reddy", "Okafor", "Adeyemi", "Mensah", "Owusu",
    "Nkosi", "Dlamini", "Mwangi", "Haddad", "Khalil", "Nasser", "Yilmaz", "Demir", "Kaya", "Cohen",
    "Levi", "O'Brien", "Murphy", "Kelly", "Byrne", "MacLeod", "Campbell-Ross", "Van der Berg", "De Jong",
    "Bakker", "Papadopoulos", "Georgiou", "Novaković", "Kovács", "Szabó", "Popescu", "Ionescu", "Abebe",
    "Tesfaye", "Kahale", "Ngata", "Whitehorse", "Begay", "Yazzie", "Gómez", "Álvarez", "Castillo", "Vargas",
)

# (code, name, cities) for the 50 states and DC.
US_STATES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("AL", "Alabama", ("Birmingham", "Montgomery", "Huntsville", "Mobile")),
    ("AK", "Alaska", ("Anchorage", "Fairbanks", "Juneau")),
    ("AZ", "Arizona", ("Phoenix", "Tucson", "Mesa", "Scottsdale")),
    ("AR", "Arkansas", ("Little Rock", "Fayetteville", "Fort Smith")),
    ("CA", "California", ("Los Angeles", "San Francisco", "San Diego", "San Jose", "Sacramento")),
    ("CO", "Colorado", ("Denver", "Colorado Springs", "Boulder", "Fort Collins")),
    ("CT", "Connecticut", ("Hartford", "New Haven", "Stamford")),
    ("DE", "Delaware", ("Wilmington", "Dover", "Newark")),
    ("DC", "District of Columbia", ("Washington",)),
    ("FL", "Florida", ("Miami", "Orlando", "Tampa", "Jacksonville")),
    ("GA", "Georgia", ("Atlanta", "Savannah", "Augusta")),
    ("HI", "Hawaii", ("Honolulu", "Hilo", "Kailua")),
    ("ID", "Idaho", ("Boise", "Idaho Falls", "Coeur d'Alene")),
    ("IL", "Illinois", ("Chicago", "Springfield", "Naperville", "Peoria")),
    ("IN", "Indiana", ("Indianapolis", "Fort Wayne", "Bloomington")),
    ("IA", "Iowa", ("Des Moines", "Cedar Rapids", "Iowa City")),
    ("KS", "Kansas", ("Wichita", "Overland Park", "Topeka")),
    ("KY", "Kentucky", ("Louisville", "Lexington", "Bowling Green")),
    ("LA", "Louisiana", ("New Orleans", "Baton Rouge", "Shreveport")),
    ("ME", "Maine", ("Portland", "Bangor", "Augusta")),
    ("MD", "Maryland", ("Baltimore", "Annapolis", "Rockville")),
    ("MA", "Massachusetts", ("Boston", "Cambridge", "Worcester", "Springfield")),
    ("MI", "Michigan", ("Detroit", "Grand Rapids", "Ann Arbor", "Lansing")),
    ("MN", "Minnesota", ("Minneapolis", "Saint Paul", "Rochester", "Duluth")),
    ("MS", "Mississippi", ("Jackson", "Gulfport", "Hattiesburg")),
    ("MO", "Missouri", ("Kansas City", "St. Louis", "Springfield")),
    ("MT", "Montana", ("Billings", "Missoula", "Bozeman")),
    ("NE", "Nebraska", ("Omaha", "Lincoln", "Grand Island")),
    ("NV", "Nevada", ("Las Vegas", "Reno", "Henderson")),
    ("NH", "New Hampshire", ("Manchester", "Nashua", "Concord")),
    ("NJ", "New Jersey", ("Newark", "Jersey City", "Princeton", "Trenton")),
    ("NM", "New Mexico", ("Albuquerque", "Santa Fe", "Las Cruces")),
    ("NY", "New York", ("New York", "Buffalo", "Rochester", "Albany")),
    ("NC", "North Carolina", ("Charlotte", "Raleigh", "Durham", "Asheville")),
    ("ND", "North Dakota", ("Fargo", "Bismarck", "Grand Forks")),
    ("OH", "Ohio", ("Columbus", "Cleveland", "Cincinnati", "Dayton")),
    ("OK", "Oklahoma", ("Oklahoma City", "Tulsa", "Norman")),
    ("OR", "Oregon", ("Portland", "Eugene", "Salem", "Bend")),
    ("PA", "Pennsylvania", ("Philadelphia", "Pittsburgh", "Harrisburg", "Allentown")),
    ("RI", "Rhode Island", ("Providence", "Warwick", "Newport")),
    ("SC", "South Carolina", ("Charleston", "Columbia", "Greenville")),
    ("SD", "South Dakota", ("Sioux Falls", "Rapid City", "Pierre")),
    ("TN", "Tennessee", ("Nashville", "Memphis", "Knoxville", "Chattanooga")),
    ("TX", "Texas", ("Houston", "Austin", "Dallas", "San Antonio")),
    ("UT", "Utah", ("Salt Lake City", "Provo", "Ogden")),
    ("VT", "Vermont", ("Burlington", "Montpelier", "Rutland")),
    ("VA", "Virginia", ("Richmond", "Virginia Beach", "Arlington", "Norfolk")),
    ("WA", "Washington", ("Seattle", "Spokane", "Tacoma", "Bellevue")),
    ("WV", "West Virginia", ("Charleston", "Morgantown", "Huntington")),
    ("WI", "Wisconsin", ("Milwaukee", "Madison", "Green Bay")),
    ("WY", "Wyoming", ("Cheyenne", "Casper", "Laramie")),
)

# Single capitalised words that combine into B2B account names ("Bluewater Systems", "Ironpeak Labs").
COMPANY_WORDS: tuple[str, ...] = (
    "Apex", "Blue", "Bright", "Cedar", "Cobalt", "Crest", "Delta", "Eagle", "Ember", "Falcon",
    "Frontier", "Granite", "Harbor", "Horizon", "Iron", "Juniper", "Keystone", "Lakeside", "Lumen", "Maple",
    "Meridian", "Northstar", "Oak", "Orion", "Pacific", "Peak", "Pinnacle", "Prairie", "Quantum", "Redwood",
    "Ridge", "River", "Sable", "Sierra", "Silver", "Summit", "Sterling", "Stone", "Sun", "Tidal",
    "Titan", "Trident", "Union", "Valley", "Vector", "Vertex", "Vista", "Water", "Willow", "Zenith",
    "Atlas", "Beacon", "Canyon", "Clear", "Copper", "Evergreen", "Fusion", "Golden", "Highland", "Insight",
    "Kinetic", "Liberty", "Magnolia", "Nova", "Olympic", "Pioneer", "Radiant", "Sapphire", "Spruce", "Tandem",
    "Unity", "Vantage", "Westbrook", "Alder", "Birch", "Crescent", "Dune", "Echo", "Forge", "Glacier",
)

COMPANY_SUFFIXES: tuple[str, ...] = (
    "Inc.", "LLC", "Corp.", "Group", "Systems", "Technologies", "Labs", "Holdings", "Partners", "Industries",
    "Solutions", "Networks", "Works", "Co.",
)

INDUSTRIES: tuple[str, ...] = (
    "Technology", "Manufacturing", "Healthcare", "Finance", "Retail", "Education", "Energy",
    "Telecommunications", "Transportation", "Government", "Media", "Hospitality",
)

# Titles of people who own a budget and sign off on purchases (BANT Authority met) ...
DECISION_TITLES: tuple[str, ...] = (
    "Chief Executive Officer", "Chief Technology Officer", "Chief Financial Officer",
    "Chief Operating Officer", "Chief Information Officer", "VP of Engineering", "VP of Operations",
    "VP of Product", "Director of IT", "Head of Procurement", "Engineering Director", "Managing Director",
    "President", "General Manager", "Owner",
)
# ... and of people who research and recommend but do not decide (BANT Authority unmet).
INFLUENCER_TITLES: tuple[str, ...] = (
    "Software Engineer", "Design Engineer", "IT Analyst", "Project Coordinator", "Procurement Specialist",
    "Systems Administrator", "Research Associate", "Operations Analyst", "Marketing Coordinator",
    "Junior Developer", "Office Manager", "Executive Assistant", "Business Analyst", "Verification Engineer",
    "Technical Writer", "Engineering Intern",
)
