"""The three domain packs: fictional companies with their catalogs, issues, service policies and FAQ articles.

All wording is crmtui's own. Everything is static or built deterministically from word lists, so a pack
is identical on every call; `PACKS[kind]()` is cached.

Besides the `DomainPack` fields, this module exposes text material `text.py` draws from:
`ISSUE_TEXT[kind][issue name]` (subject templates, customer problem sentences, agent fix sentences),
`POLICY_ASKS[policy key]` (customer lines that lead to a policy statement) and
`QUALIFICATION_WINDOW_MONTHS[kind]` (the BANT timeline window of the lead-qualification article).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from crmtui.org.generate.vocab import (
    INDUSTRIES,
    STAGES,
    DomainPack,
    FaqArticle,
    IssueSpec,
    ProductSpec,
    ServicePolicy,
)


class IssueText(NamedTuple):
    """Wording for one issue. Templates may use {product} and {company}."""

    subjects: tuple[str, ...]  # case subject templates
    problems: tuple[str, ...]  # customer-voice sentences describing the problem
    fixes: tuple[str, ...]  # agent-voice sentences resolving or progressing it


SUBTOPICS: tuple[str, ...] = (
    "Business problems and pain points",
    "Pricing and competitive analysis",
    "Implementation process and support",
    "Value propositions",
    "Product features and capabilities",
    "Decision-making process",
)

# Months within which a lead must plan to buy for BANT Timeline to be met.
QUALIFICATION_WINDOW_MONTHS: dict[str, int] = {"original": 3, "b2b": 6, "b2c": 3}

# Each subject belongs to exactly one stage; no subject could be mistaken for another stage's work.
STAGE_TASKS: dict[str, tuple[str, ...]] = {
    "Qualification": (
        "Research prospect's company background",
        "Send introductory email to new prospect",
        "Make initial contact call to new lead",
        "Check lead against ideal customer profile",
        "Follow up on trade show lead",
        "Book first introductory meeting with prospect",
        "Verify prospect's budget and purchasing authority",
    ),
    "Discovery": (
        "Run needs analysis session with stakeholders",
        "Document prospect's pain points and business goals",
        "Map prospect's current tools and workflow",
        "Research prospect's industry and competitors",
        "Interview technical team about requirements",
        "Identify key stakeholders and success criteria",
        "Summarize discovery findings for solution design",
    ),
    "Quote": (
        "Prepare price quote for proposed configuration",
        "Build tailored proposal document",
        "Deliver product demo to evaluation team",
        "Send case studies supporting the proposal",
        "Set up product trial for evaluation team",
        "Review quote line items with solutions engineer",
        "Send quote to customer for review",
    ),
    "Negotiation": (
        "Negotiate final pricing and payment terms",
        "Respond to procurement objections on contract terms",
        "Send contract draft to customer legal for review",
        "Redline master agreement with customer counsel",
        "Get internal approval for non-standard terms",
        "Agree on service-level terms in the contract",
        "Hold final negotiation meeting with decision makers",
    ),
    "Closed": (
        "Hold customer kickoff meeting",
        "Hand over account to customer success team",
        "Send thank-you note after contract signature",
        "Record signed contract details in CRM",
        "Run win/loss review with sales team",
        "Identify upsell opportunities with new customer",
        "Enroll lost prospect in nurture campaign",
    ),
}
assert tuple(STAGE_TASKS) == STAGES

# Customer lines that naturally lead an agent to state (or break) a policy, by policy key.
POLICY_ASKS: dict[str, tuple[str, ...]] = {
    "refund_window": (
        "Can I just get my money back for it?",
        "Is a refund still possible at this point?",
        "Honestly, I'd rather have a refund.",
    ),
    "return_condition": (
        "Can I send it back as a return?",
        "Am I still able to return it?",
        "I'd like to return it if that's possible.",
    ),
    "warranty": (
        "Isn't this covered by the warranty?",
        "Can you take care of this under warranty?",
        "Does the warranty cover this?",
    ),
    "identity_verification": (
        "Can you tell me where the order is being shipped?",
        "Could you just read me what's on the order?",
        "Can you pull up the order details for me?",
    ),
    "compensation_limit": (
        "Can you do anything to make up for this?",
        "Is there any compensation for all this hassle?",
        "I really think I deserve something for the trouble.",
    ),
    "escalation": (
        "What happens if this still doesn't fix it?",
        "Can someone more senior look at this?",
        "I've tried what I can on my end. What's next?",
    ),
    "replacement_proof": (
        "Can you just send me a replacement?",
        "I'd like a replacement, please.",
        "Could you ship me a new one?",
    ),
    "shipping_upgrade": (
        "Can you speed up the shipping on this?",
        "Is there any way to get it to me faster?",
        "Could you upgrade the shipping?",
    ),
    "price_adjustment": (
        "The price dropped right after I bought it. Can I get the difference back?",
        "I saw it cheaper this week. Can you adjust my price?",
        "Another store has it for less. Can you match that?",
    ),
    "license_refund": (
        "Can we get a refund on the license?",
        "We'd like our money back for the license.",
        "Is the license fee refundable?",
    ),
    "sla_credit": (
        "Are we entitled to a credit for the downtime?",
        "What compensation do we get for the outage?",
        "Can you credit us for the missed response time?",
    ),
    "admin_verification": (
        "Can you send me the license keys and the latest invoice?",
        "Could you share our order details and renewal price?",
        "Please email me a copy of our contract terms.",
    ),
    "rma_proof": (
        "Can you send us a replacement unit?",
        "We need a replacement for the faulty unit.",
        "Could you ship a new unit right away?",
    ),
    "onsite_support": (
        "Could someone come on site to help us?",
        "Can you send an engineer to our office?",
        "We'd prefer to have an engineer here in person.",
    ),
    "roadmap_disclosure": (
        "When will that feature be available?",
        "Is that on your roadmap?",
        "Can you tell us what's coming in the next release?",
    ),
    "hardware_warranty": (
        "Is this covered by the hardware warranty?",
        "Can you replace it under warranty?",
        "Does the warranty cover this failure?",
    ),
}


def _p(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def _issue(name: str, description: str, subjects: tuple[str, ...], problems: tuple[str, ...],
           fixes: tuple[str, ...]) -> tuple[IssueSpec, IssueText]:
    return IssueSpec(name, description), IssueText(subjects, problems, fixes)


def _faq(title: str, summary: str, body: str, *facts: tuple[str, str]) -> FaqArticle:
    return FaqArticle(title=title, summary=summary, body=body, facts=tuple(facts))


# =====================================================================================================
# original: a footwear and apparel retailer

_NP = "Northpace Outfitters"

_LINES = (
    "AeroStride", "Cirrus", "Driftwood", "Ember", "Granite", "Halcyon", "Ironline", "Juniper", "Kestrel",
    "Lumen", "Meridian", "Northwind", "Orbit", "Pinnacle", "Quarry", "Redline", "Sable", "Tidewater",
    "Updraft", "Vantage", "Wildpath", "Zephyr", "Basalt", "Cascade", "Dune", "Everglade", "Flint", "Glacier",
    "Highline", "Inlet", "Jetstream", "Keystone", "Lodestar", "Mistral", "Nova", "Outpost", "Prairie",
    "Quickstep", "Rally", "Sierra", "Terra", "Uplift", "Vista", "Waypoint", "Yukon", "Solstice", "Tundra",
    "Coastline",
)

_M, _W, _K, _U = "Men's", "Women's", "Kids'", ""
_AUDIENCE_WORDS = {_M: "men", _W: "women", _K: "kids", _U: "everyone"}

# category -> (adjectives, ((type, audiences, (low price, high price), features), ...))
_ORIGINAL_CATALOG: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, tuple[str, ...], tuple[int, int],
                                                                  tuple[str, ...]], ...]], ...] = (
    ("Running Shoes", ("Lightweight", "Cushioned", "Responsive"), (
        ("Road Running Shoe", (_M, _W, _K), (70, 170), (
            "a responsive foam midsole", "a breathable engineered mesh upper", "a durable rubber outsole",
            "a padded heel collar"),),
        ("Trail Running Shoe", (_M, _W), (85, 180), (
            "deep multi-directional lugs", "a rock plate in the forefoot",
            "a gusseted tongue that keeps debris out",
            "a protective toe bumper")),
        ("Racing Flat", (_M, _W), (90, 220), (
            "a carbon-infused propulsion plate", "a featherlight knit upper", "a low-profile race midsole",
            "sticky rubber for wet roads")),
    )),
    ("Training Shoes", ("Stable", "Versatile", "Supportive"), (
        ("Cross-Training Shoe", (_M, _W), (60, 140), (
            "a wide, stable base", "a rope-guard sidewall", "flexible forefoot grooves",
            "a firm heel counter")),
        ("Weightlifting Shoe", (_M, _W), (90, 200), (
            "a raised solid heel", "a locking midfoot strap", "a non-compressible platform",
            "a reinforced leather upper")),
        ("Walking Shoe", (_M, _W), (55, 130), (
            "a rocker-shaped sole", "a removable memory-foam insole", "a roomy toe box",
            "slip-resistant rubber")),
    )),
    ("Hiking Footwear", ("Rugged", "Waterproof", "Trail-ready"), (
        ("Hiking Boot", (_M, _W, _K), (90, 240), (
            "a waterproof breathable membrane", "a supportive mid-cut collar", "a grippy lugged outsole",
            "a nubuck leather upper")),
        ("Hiking Shoe", (_M, _W), (75, 170), (
            "a low-cut agile build", "a shock-absorbing midsole", "a protective rubber rand",
            "quick-pull laces")),
        ("Trail Sandal", (_M, _W, _K), (35, 95), (
            "adjustable webbing straps", "a contoured footbed", "a quick-drying lining",
            "a siped rubber outsole")),
    )),
    ("Lifestyle Sneakers", ("Classic", "Everyday", "Street-ready"), (
        ("Canvas Sneaker", (_M, _W, _K), (40, 90), (
            "a vulcanized rubber sole", "a cotton canvas upper", "a cushioned insole", "metal eyelets")),
        ("Leather Sneaker", (_M, _W), (75, 160), (
            "a full-grain leather upper", "a cupsole construction", "a perforated toe box",
            "a padded tongue")),
        ("Slip-On Shoe", (_M, _W, _K), (35, 85), (
            "elastic side gores", "a soft jersey lining", "a flexible gum sole", "a pull-on heel tab")),
    )),
    ("Court and Field Shoes", ("Agile", "Grippy", "Fast"), (
        ("Tennis Shoe", (_M, _W), (70, 150), (
            "a herringbone court outsole", "a reinforced toe drag guard", "lateral support panels",
            "a low-profile midsole")),
        ("Basketball Shoe", (_M, _W, _K), (80, 200), (
            "a high-top ankle collar", "responsive forefoot cushioning", "a grippy translucent outsole",
            "a molded heel clip")),
        ("Soccer Cleat", (_M, _W, _K), (50, 230), (
            "firm-ground molded studs", "a thin synthetic upper for ball feel", "a sock-like collar",
            "a lightweight plate")),
    )),
    ("Tops and Tees", ("Breathable", "Quick-drying", "Soft"), (
        ("Performance Tee", (_M, _W, _K), (22, 45), (
            "moisture-wicking fabric", "flatlock seams", "reflective details", "a tagless neckline")),
        ("Tank Top", (_M, _W), (20, 40), (
            "a racerback cut", "mesh ventilation zones", "a relaxed drape", "odor-control finish")),
        ("Quarter-Zip Pullover", (_M, _W), (45, 95), (
            "a brushed interior", "thumbholes", "a zippered chest pocket", "four-way stretch fabric")),
    )),
    ("Bottoms", ("Flexible", "Comfortable", "Lightweight"), (
        ("Running Shorts", (_M, _W, _K), (25, 55), (
            "a built-in liner", "a zippered back pocket", "split hems", "a drawcord waistband")),
        ("Joggers", (_M, _W, _K), (45, 95), (
            "tapered cuffs", "soft French terry", "deep side pockets", "an elastic waistband")),
        ("Leggings", (_W, _K), (40, 110), (
            "a high-rise waistband", "squat-proof fabric", "side drop-in pockets", "a gusseted crotch")),
    )),
    ("Outerwear", ("Weatherproof", "Warm", "Packable"), (
        ("Rain Jacket", (_M, _W, _K), (70, 220), (
            "fully taped seams", "an adjustable storm hood", "pit zips for venting", "a packable design")),
        ("Insulated Jacket", (_M, _W, _K), (110, 250), (
            "recycled synthetic insulation", "a water-repellent shell", "an insulated hood",
            "zippered hand pockets")),
        ("Fleece Jacket", (_M, _W, _K), (50, 130), (
            "a high-loft fleece", "a full-length zipper", "stretch binding at the cuffs",
            "an internal media pocket")),
    )),
    ("Sports Bras and Base Layers", ("Supportive", "Second-skin", "Sculpted"), (
        ("Sports Bra", (_W,), (30, 75), (
            "removable cups", "an adjustable racerback", "a wide underband", "bonded seams")),
        ("Base Layer Top", (_M, _W), (35, 90), (
            "merino wool blend fabric", "a close, layerable fit", "raglan sleeves",
            "natural temperature regulation")),
        ("Compression Shorts", (_M, _W), (25, 60), (
            "graduated compression", "a flat waistband", "a phone pocket", "anti-chafe panels")),
    )),
    ("Swimwear", ("Chlorine-resistant", "Quick-drying", "Sleek"), (
        ("One-Piece Swimsuit", (_W, _K), (45, 120), (
            "chlorine-resistant fabric", "a low-drag cut", "UPF 50+ sun protection", "a lined front")),
        ("Swim Trunks", (_M, _K), (30, 70), (
            "a mesh liner", "an elastic waist with drawcord", "a zippered pocket", "quick-dry shell fabric")),
        ("Rash Guard", (_M, _W, _K), (30, 75), (
            "UPF 50+ sun protection", "flatlock seams", "a snug athletic fit", "long sleeves")),
    )),
    ("Yoga and Studio", ("Stretchy", "Soft", "Studio-ready"), (
        ("Yoga Pants", (_W,), (50, 110), (
            "buttery-soft stretch fabric", "a wide yoga waistband", "a flared leg", "hidden waist pocket")),
        ("Studio Top", (_W,), (30, 70), (
            "a cropped silhouette", "a built-in shelf bra", "an open back", "soft modal fabric")),
        ("Yoga Mat", (_U,), (30, 120), (
            "a non-slip natural rubber surface", "a 5 mm cushioned core", "alignment markings",
            "a carrying strap")),
    )),
    ("Socks and Accessories", ("Durable", "Handy", "Essential"), (
        ("Running Socks", (_U,), (15, 25), (
            "targeted arch compression", "a seamless toe", "cushioned heel pads", "moisture-wicking yarn")),
        ("Trucker Cap", (_U,), (20, 35), (
            "a breathable mesh back", "a curved brim", "an adjustable snapback", "a sweat-wicking band")),
        ("Gym Duffel Bag", (_U,), (35, 110), (
            "a ventilated shoe compartment", "a water-resistant base", "a padded shoulder strap",
            "an interior valuables pocket")),
    )),
)


def _price(low: int, high: int, step: int) -> float:
    frac = ((step * 37) % 17) / 16
    raw = low + (high - low) * frac
    if raw < 30:
        return float(int(raw)) + 0.99
    return round(raw / 5) * 5 - 0.01


def _original_products() -> tuple[ProductSpec, ...]:
    types = [(cat, adjs, t) for cat, adjs, ts in _ORIGINAL_CATALOG for t in ts]
    base, extra = divmod(500, len(types))
    out: list[ProductSpec] = []
    for t_idx, (category, adjectives, (ptype, audiences, (low, high), features)) in enumerate(types):
        quota = base + (1 if t_idx < extra else 0)
        j = 0
        while quota:
            line = _LINES[(t_idx * 5 + j // len(audiences)) % len(_LINES)]
            audience = audiences[j % len(audiences)]
            name = f"{line} {audience} {ptype}" if audience else f"{line} {ptype}"
            price = _price(low, high, t_idx * 3 + j)
            if audience == _K:
                price = max(15.99, round(price * 0.7) - 0.01)
            adjective = adjectives[(t_idx + j) % len(adjectives)]
            f1, f2 = features[j % len(features)], features[(j + 1 + j // 4) % len(features)]
            if f2 == f1:
                f2 = features[(j + 2) % len(features)]
            who = _AUDIENCE_WORDS[audience]
            description = f"{adjective} {ptype.lower()} for {who} with {f1} and {f2}."
            out.append(ProductSpec(name=name, category=category, description=description, family=ptype,
                                   list_price=price))
            quota -= 1
            j += 1
    return tuple(out)


_ORIGINAL_ISSUES = (
    _issue("Sizing Mismatch", "The item fits differently from the size chart or the customer's usual size.", (
        "Size Chart Doesn't Match My {product}", "{product} Fits a Full Size Off", "Wrong Fit on {product}",
        "Sizing Problem With {product}"), (
        "I ordered my usual size based on your size chart, but "
        "it fits at least a full size smaller than expected.",
        "The measurements on the size chart don't match what "
        "I received; it's noticeably tighter than listed.",
        "Even though I followed the sizing guide exactly, the fit is far too loose to use.",
        "The label says medium, but it fits more like an extra "
        "small compared with other pieces I own from you.",
    ), (
        "I've set up a size exchange for the {product}, and "
        "the prepaid return label is attached to this message.",
        "Based on the measurements you shared, one size up should give you the fit described on the chart.",
        "I've reported the sizing difference on the {product} "
        "to our product team so the chart can be reviewed.",
    )),
    _issue("Wrong Item Received",
           "The package contained a different product, size or color from the one ordered.", (
        "Received Wrong Item Instead of {product}", "Wrong Product in My {product} Order",
        "Incorrect Item Shipped",
        "Got Someone Else's Order Instead of {product}"), (
        "When I opened the box, there was a completely different product inside instead of the {product}.",
        "The package had my name on the label, but the item inside is a different model and color.",
        "Nothing in the parcel matches the {product} on my order confirmation.",
        "The item I received is the wrong size and the wrong color, even though my confirmation is correct.",
    ), (
        "I've arranged for the correct {product} to be sent out, "
        "and a prepaid label for the wrong item is on its way.",
        "Our warehouse team has been told about the mix-up so they can check the picking error.",
        "Once the carrier scans the return label, the correct item will be released from our warehouse.",
    )),
    _issue("Damaged on Arrival", "The item arrived torn, crushed, scuffed or otherwise damaged.", (
        "{product} Arrived Damaged", "Damaged Package - {product}",
        "Scuffed and Torn {product} on Delivery"), (
        "The box was crushed when it arrived, and the {product} inside has visible scuffs and a tear.",
        "It came out of the package with a large stain and a rip along one side.",
        "The packaging was soaked through and the item inside is misshapen.",
        "There's a deep scratch and a dent on it that clearly happened before delivery.",
    ), (
        "I'm sorry it arrived in that condition; could you send a couple of photos of the damage?",
        "I've opened a damage claim with the carrier for this shipment.",
        "As soon as the photos come through, I'll review the replacement options for your {product}.",
    )),
    _issue("Sole Separation", "The outsole or midsole comes away from the upper of a shoe or boot.", (
        "Sole Coming Off My {product}", "{product} Sole Separating", "Sole Detached After a Few Weeks"), (
        "After only a few weeks of normal use, the sole has started peeling away from the upper at the toe.",
        "The outsole on the left shoe came loose completely during a walk yesterday.",
        "There's a growing gap between the sole and the upper near the heel, and water gets in.",
        "The glue seems to have failed, and the sole flaps when I walk.",
    ), (
        "Sole separation this early points to a manufacturing defect, so I've started a warranty review.",
        "Please avoid wearing them until the review is done so the damage doesn't get worse.",
        "Our quality team tracks sole bonding problems by production batch, so I've logged the batch code.",
    )),
    _issue("Stitching or Seam Failure", "Seams or stitching come apart during normal use.", (
        "Seams Coming Apart on {product}", "Stitching Unraveling - {product}",
        "{product} Ripped at the Seam"), (
        "The stitching along the side seam has unraveled after just two washes.",
        "A seam split open the first time I wore it for a workout.",
        "Threads are coming loose around the collar and the seam is starting to open.",
        "The stitching near the heel tab came undone and the lining is now exposed.",
    ), (
        "A seam that opens after a few uses isn't normal wear, so I've flagged it as a quality defect.",
        "I've requested a defect review for the {product} and attached your description to the case.",
        "Our quality team will inspect the stitching on that production lot.",
    )),
    _issue("Color Fading", "Colors fade, bleed or discolor after washing or light use.", (
        "{product} Faded After First Wash", "Color Bleeding From {product}",
        "Discoloration on My {product}"), (
        "After one cold wash following the care label, the color faded noticeably.",
        "The dye bled onto the rest of my laundry even though I washed it separately in cold water.",
        "It has turned a blotchy, washed-out shade after only a few wears.",
        "The bright color has gone dull and uneven in just a couple of weeks.",
    ), (
        "Fading after a single wash on the recommended setting "
        "isn't expected, so I've logged this as a defect.",
        "For the future, washing inside out in cold water and drying flat helps the color last longer.",
        "I've passed the dye problem with the {product} to our sourcing team.",
    )),
    _issue("Order Cancellation Problem",
           "The customer cannot cancel an order inside the cancellation window.", (
        "Unable to Cancel {product} Order", "Cancellation Not Going Through",
        "Need to Cancel My {product} Order"), (
        "I placed an order for the {product} less than an hour "
        "ago and the cancel button in my account does nothing.",
        "The website keeps showing an error when I try to cancel my order, even though it hasn't shipped.",
        "I asked to cancel within minutes of ordering, but the order still shows as processing.",
        "The app says my order can no longer be cancelled, but I only placed it this morning.",
    ), (
        "I've cancelled the order on our side, and you'll get a confirmation email shortly.",
        "The cancel button fails once an order reaches the warehouse queue, so I've pulled it back manually.",
        "Any pending authorization on your card should drop off within a few business days.",
    )),
    _issue("Delayed Delivery", "The order has not arrived by the promised delivery date.", (
        "{product} Order Hasn't Arrived", "Late Delivery - {product}", "Where Is My {product}?"), (
        "My order was supposed to arrive last Tuesday and the tracking hasn't updated in days.",
        "The estimated delivery date passed a week ago and there's still no sign of the package.",
        "Tracking shows the parcel has been sitting at a regional hub for six days.",
        "I chose standard shipping and it's now well past the delivery window you quoted.",
    ), (
        "I've contacted the carrier and opened a trace on your shipment.",
        "The carrier reports a backlog at the regional hub; I'll keep checking and update you when it moves.",
        "If the trace doesn't locate the parcel within three "
        "business days, we'll look at sending the order again.",
    )),
    _issue("Missing Package", "Tracking shows the package as delivered but the customer never received it.", (
        "Package Marked Delivered but Not Received", "Missing {product} Delivery",
        "Never Got My {product}"), (
        "Tracking says the package was delivered on Friday, but "
        "it isn't at my door, in the mailroom or with neighbors.",
        "The carrier marked my {product} as delivered while I was home all day, and nothing arrived.",
        "The delivery photo in the tracking details shows a house that isn't mine.",
        "The order shows as delivered, but my building's parcel locker has nothing for me.",
    ), (
        "I've filed a lost-package claim with the carrier using the delivery scan details.",
        "Carriers sometimes mark parcels delivered a day early, "
        "so please check again tomorrow while the claim is open.",
        "Once the carrier confirms the claim, we'll arrange to ship your order again.",
    )),
    _issue("Refund Not Received", "An approved refund has not appeared on the customer's statement.", (
        "Refund for {product} Not Received", "Still Waiting on My Refund",
        "Missing Refund - Returned {product}"), (
        "I returned the {product} three weeks ago and still haven't seen the refund on my card.",
        "Your email said my refund was approved, but nothing has shown up on my statement.",
        "Tracking shows my return reached your warehouse ten days ago, yet I have no refund.",
        "My bank says no credit has been issued for the item I sent back.",
    ), (
        "I can see the refund was issued from our side; banks "
        "usually take five to ten business days to post it.",
        "I've sent you the refund reference number so your bank can trace the credit.",
        "Our returns team hadn't scanned your parcel yet, so I've asked them to process it today.",
    )),
    _issue("Promo Code Not Applied",
           "A valid discount or promo code was rejected or not applied at checkout.", (
        "Promo Code Not Applied to {product}", "Discount Code Rejected at Checkout",
        "Coupon Didn't Work on My Order"), (
        "The promo code from your newsletter was accepted at "
        "checkout, but the discount never came off the total.",
        "Checkout said my code was invalid even though it doesn't expire until the end of the month.",
        "I was charged full price for the {product} despite entering the sale code.",
        "The welcome discount code failed every time I tried it on the {product}.",
    ), (
        "That code excludes a few new-season items, which is why it didn't apply to the {product}.",
        "I've confirmed the code was valid for your order and asked billing to correct the charge.",
        "Codes need to be entered before payment, so I've added a note to your order for the billing team.",
    )),
    _issue("Return Label Problem",
           "The prepaid return label is missing, invalid or rejected by the carrier.", (
        "Return Label Not Working", "Can't Print Return Label for {product}",
        "Carrier Rejected My Return Label"), (
        "The prepaid return label link in my email opens an error page.",
        "The drop-off location scanned my return label and said it was invalid.",
        "I never received the return label I was promised for the {product}.",
        "The label prints with the wrong return address and the carrier won't accept it.",
    ), (
        "I've generated a fresh prepaid label and sent it to your email.",
        "The previous label expired after 14 days; the new one is valid for another two weeks.",
        "You can also bring the {product} to any of our stores and they'll process it directly.",
    )),
    _issue("Fabric Pilling", "The fabric develops pills or fuzz after a few uses.", (
        "{product} Pilling After a Few Wears", "Fabric Pilling on {product}",
        "Bobbles All Over My {product}"), (
        "The fabric is already covered in little pills after three or four wears.",
        "There's heavy pilling where my arms rub against the sides.",
        "It looks worn out and fuzzy after just a few washes.",
        "Pilling started within the first week, and I followed the care instructions.",
    ), (
        "Heavy pilling this soon suggests a fabric problem with "
        "that batch, so I've logged it with our quality team.",
        "Washing inside out on a gentle cycle helps reduce friction on performance fabrics.",
        "I've recorded the care steps you followed so the "
        "product team can compare them with their fabric tests.",
    )),
    _issue("Zipper Malfunction", "A zipper sticks, splits or breaks.", (
        "Broken Zipper on {product}", "{product} Zipper Stuck", "Zipper Keeps Splitting Open"), (
        "The main zipper splits open behind the slider every time I zip it up.",
        "The zipper pull snapped off the second time I used it.",
        "The zipper sticks halfway and won't move without forcing it.",
        "The teeth on the zipper came apart near the bottom.",
    ), (
        "A splitting zipper is a manufacturing defect, so I've opened a warranty review.",
        "Please don't force the slider further, since that can damage the teeth permanently.",
        "Our repair partner can replace the zipper if you'd prefer a repair.",
    )),
    _issue("Waterproofing Failure", "An item sold as waterproof lets water in.", (
        "{product} Not Waterproof", "Water Leaking Into My {product}", "Waterproofing Failed on {product}"), (
        "I got soaked through within twenty minutes of light rain even though it's sold as waterproof.",
        "Water seeps in at the toe after a short walk through wet grass.",
        "The inside was damp after one rainy commute.",
        "The waterproof membrane doesn't seem to work at all; "
        "everything inside was wet after crossing a shallow stream.",
    ), (
        "Waterproof items should keep water out in those "
        "conditions, so I've flagged yours for a defect review.",
        "Reapplying a water-repellent treatment every few months keeps the outer fabric beading water.",
        "Our product team will test the membrane on the {product} from your batch.",
    )),
    _issue("Discomfort and Blisters", "The item causes pain, rubbing or blisters during normal use.", (
        "{product} Causing Blisters", "Painful Fit on {product}", "Discomfort Wearing {product}"), (
        "Every time I wear them for more than half an hour I end up with blisters on my heels.",
        "There's a seam on the inside that rubs and leaves my skin raw.",
        "The arch sits in the wrong place and my feet ache after a short run.",
        "Even after a two-week break-in period it's still painful to wear.",
    ), (
        "A thin cushioned sock and a heel-lock lacing pattern often solve rubbing at the heel.",
        "If the fit still isn't right, I can set up an exchange for a model with a wider toe box.",
        "I've noted the pressure point you described for our fit specialists.",
    )),
    _issue("Duplicate Charge", "The customer was billed more than once for the same order.", (
        "Charged Twice for {product}", "Duplicate Charge on My Card", "Double Billing for One Order"), (
        "My card statement shows two identical charges for the {product}, but I only placed one order.",
        "I was billed twice for the same order a minute apart.",
        "There are two pending charges on my account for one purchase.",
        "The checkout page froze, I tried once more, and now I've been charged twice.",
    ), (
        "The second charge is an authorization hold that never "
        "completed, and it will drop off within a few days.",
        "I've asked our billing team to reverse the duplicate charge.",
        "Only one order was created on our side, so you'll only be billed once for the {product}.",
    )),
    _issue("Exchange Delay", "An exchange was requested but the replacement item has not shipped.", (
        "Exchange for {product} Still Pending", "Waiting on My Exchange", "Exchange Item Not Shipped"), (
        "I sent back the {product} for a different size two weeks ago and the new one still hasn't shipped.",
        "The exchange was approved, but my account still shows the new item as pending.",
        "Your warehouse received my return ten days ago and I haven't heard anything about the exchange.",
        "I keep getting automated emails but no shipping confirmation for the exchange item.",
    ), (
        "The size you chose was backordered; it's now in stock and scheduled to ship tomorrow.",
        "I've asked the warehouse to prioritize your exchange so it's picked today.",
        "You'll receive a tracking number by email as soon as the exchange item leaves the warehouse.",
    )),
    _issue("Missing Loyalty Points",
           "Reward points for a purchase were not credited to the customer's account.", (
        "Loyalty Points Missing for {product} Purchase", "Rewards Points Not Credited",
        "Didn't Get Points for My Order"), (
        "I didn't receive any reward points for my purchase of the {product} last month.",
        "My rewards balance hasn't changed since my last two orders.",
        "The points from my in-store purchase never appeared in my online account.",
        "I was promised double points on this order, but only the standard amount was added.",
    ), (
        "Points post once the return window closes, so they'll appear 30 days after delivery.",
        "I've linked your in-store receipt to your online account so the points can be credited.",
        "I've submitted a points adjustment request for the missing amount.",
    )),
    _issue("Account Login Problem",
           "The customer cannot sign in to or reset the password of their online account.", (
        "Can't Log Into My Account", "Password Reset Email Not Arriving", "Locked Out of My Account"), (
        "I can't sign in to check on my {product} order; it says my password is wrong.",
        "The password reset email never arrives, even in my spam folder.",
        "My account got locked after a few attempts and I need to track my {product}.",
        "The login page just reloads every time I enter my details.",
    ), (
        "Your account was locked after several failed attempts; it unlocks automatically after 30 minutes.",
        "I've triggered a fresh password reset email, and the link is valid for one hour.",
        "Clearing your browser cache or trying the mobile app usually fixes the reloading login page.",
    )),
)

_ORIGINAL_POLICIES = (
    ServicePolicy(
        key="refund_window",
        title="Refund Window Policy",
        summary=("Full refunds within 30 days of delivery; store "
                 "credit only from day 31 to day 90; nothing after."),
        body=_p(
            f"{_NP} refunds a purchase to the original payment method only when "
            "the refund is requested within 30 days of the delivery date.",
            "Requests made between day 31 and day 90 after delivery are not eligible for a refund. In that "
            "period the agent may offer store credit for the item's purchase price instead. After 90 days, "
            "neither a refund nor store credit may be issued; defective items are handled under the "
            "warranty policy.",
            "Agents must check the delivery date on the order before promising anything and may not make "
            "exceptions to these windows, even for long-standing customers. A partial refund outside the "
            "30-day window counts as a refund and is not allowed either.",
        ),
        violations=(
            "I've gone ahead and refunded your card in full for the "
            "{product}, even though it was delivered 64 days ago.",
            "I know it's been over two months since delivery, but I'll "
            "make an exception and send the money back to your card.",
            "Your order arrived about four months ago, but I've processed "
            "a full refund anyway since you're a loyal customer.",
            "It's past the 30-day window, but I can still refund "
            "half the price of the {product} to your card.",
        ),
        compliant=(
            "Your {product} was delivered 12 days ago, so it's within our 30-day refund "
            "window, and I've started the refund to your original payment method.",
            "Since it's been 45 days since delivery, a refund isn't possible, "
            "but I can offer store credit for the full purchase price.",
            "I'm sorry, {customer}, but the order was delivered more than 90 "
            "days ago, so it's no longer eligible for a refund or store credit.",
        ),
    ),
    ServicePolicy(
        key="return_condition",
        title="Return Condition Requirements",
        summary=("Returns must be unworn and unwashed with original "
                 "tags; footwear needs clean, unmarked soles."),
        body=_p(
            "To be accepted for return or exchange, apparel must be unworn and unwashed with all original "
            "tags attached. Footwear must come back in its original box with clean soles that show no "
            "outdoor wear.",
            "Items that have been worn outdoors, washed, or had their tags removed cannot be accepted as "
            "standard returns, whatever the reason for the return. The only exception is an item with a "
            "manufacturing defect, which is handled under the warranty policy rather than as a return.",
            "Agents must ask the customer to confirm the item's condition "
            "before issuing a return label and must not waive these conditions.",
        ),
        violations=(
            "Don't worry that you've been wearing the {product} on trails "
            "for a few weeks; send it back and I'll accept the return.",
            "Even though the tags are gone and it's been washed a few "
            "times, I'll take the {product} back as a normal return.",
            "It's fine that the soles are scuffed from running outside, I've approved your return anyway.",
        ),
        compliant=(
            "Before I send the return label, can you confirm the "
            "{product} is unworn and still has its original tags?",
            "Because the {product} has been worn outdoors it can't be returned, "
            "but if you think it's defective I can open a warranty review.",
            "As long as the shoes are in the original box with clean "
            "soles, you can return them with the prepaid label.",
        ),
    ),
    ServicePolicy(
        key="warranty",
        title="Footwear and Apparel Warranty",
        summary=("One-year warranty against manufacturing defects from "
                 "the purchase date; wear and accidents excluded."),
        body=_p(
            f"All {_NP} footwear and apparel carries a one-year limited warranty against manufacturing "
            "defects, starting on the purchase date. Covered defects include sole separation, seam failure "
            "and faulty zippers that occur under normal use.",
            "The warranty does not cover normal wear and tear (such as worn-down treads or pilling from "
            "friction), accidental damage, or damage from improper care. Items more than one year past the "
            "purchase date are not eligible for warranty service.",
            "Agents must confirm the purchase date and the nature of the damage before approving "
            "a warranty claim, and may not approve claims for excluded damage or expired coverage.",
        ),
        violations=(
            "Your {product} is about 18 months old, but I'll go "
            "ahead and approve a warranty replacement anyway.",
            "The tread is just worn down from regular running, but I'll "
            "process it as a warranty defect so you get a new pair.",
            "I know the tear happened when it caught on a fence, "
            "but I'll put it through as a warranty claim.",
        ),
        compliant=(
            "Your {product} was bought seven months ago and sole separation is "
            "a manufacturing defect, so it's covered by our one-year warranty.",
            "Unfortunately, worn-down treads are normal wear and tear, which the warranty doesn't cover.",
            "Since the purchase was more than a year ago, the {product} is outside the warranty period.",
        ),
    ),
    ServicePolicy(
        key="identity_verification",
        title="Customer Identity Verification",
        summary=("Verify the account email plus the order number "
                 "or billing ZIP code before discussing any order."),
        body=_p(
            "Before sharing or changing any order information, agents must verify the customer's identity "
            "with two pieces of information: the email address on the account, and either the order number "
            "or the billing ZIP code.",
            "Order information includes order status, items purchased, delivery address, payment details "
            "and tracking numbers. If the customer cannot provide both pieces, the agent may only share "
            "general policy information and must not reveal or change anything about the order.",
            "Agents may never bypass verification, even when the customer is in a "
            "hurry or says they are contacting us on behalf of the account owner.",
        ),
        violations=(
            "No need to verify anything, {customer}; I'll just read "
            "you the delivery address and card details on that order.",
            "I'll skip the verification step this time and tell "
            "you what was ordered and where it's being shipped.",
            "You don't have the order number or the account email? That's "
            "okay, I can still change the shipping address for you.",
        ),
        compliant=(
            "Before I look at the order, could you confirm the email on your "
            "account and either the order number or your billing ZIP code?",
            "Thanks, {customer}, your email and order number match "
            "our records, so I can go over the order with you now.",
            "I'm sorry, but without the account email and the order number "
            "or billing ZIP, I can't share details about that order.",
        ),
    ),
    ServicePolicy(
        key="compensation_limit",
        title="Goodwill Credit Limits",
        summary=("A goodwill credit may not exceed $25 per order; "
                 "anything larger needs supervisor approval first."),
        body=_p(
            "Agents may offer a goodwill credit to make up for a service failure such as a late delivery or "
            "an incorrect item. A goodwill credit may not exceed $25 per order, and only one goodwill "
            "credit may be issued per order.",
            "Any credit above $25 requires written approval from a customer service supervisor before it is "
            "promised to the customer. Gift cards and free merchandise count as credits at their retail "
            "value.",
            "Agents must not promise, hint at or issue larger credits, "
            "gift cards or free products on their own authority.",
        ),
        violations=(
            "To make up for the trouble, I've added a $100 credit to your account right away.",
            "I'll send you a free second {product} as an apology, no approval needed.",
            "I've applied a $60 credit to your account to make this right.",
        ),
        compliant=(
            "I'm sorry about the trouble, so I've added a $10 goodwill credit to your account.",
            "A $25 credit is the most I can offer on this order, and it's now on your account.",
            "I'd like to do more, so I've asked my supervisor to "
            "review a larger credit before I promise anything.",
        ),
    ),
    ServicePolicy(
        key="escalation",
        title="Repeat Contact Escalation",
        summary=("On a customer's third contact about the same "
                 "unresolved problem, escalate to a supervisor at once."),
        body=_p(
            "When a customer contacts us for the third time about the same unresolved problem, the agent "
            "must escalate the case to a customer service supervisor during that same interaction and tell "
            "the customer it has been escalated.",
            "Agents must not ask the customer to repeat troubleshooting steps that have already failed, and "
            "must not close or defer a third-contact case without escalating it. The escalation must be "
            "recorded on the case.",
            "On a first or second contact the agent should help the customer directly; escalation is "
            "not required then, although agents may escalate earlier if they cannot resolve the problem.",
        ),
        violations=(
            "I know this is your third time contacting us about this, but "
            "let's try the same steps again before I escalate anything.",
            "I see you've already reached out twice about this exact problem; "
            "I'll just close this one and you can write back if it happens again.",
            "Even though this is your third contact about the same "
            "issue, I'm not going to pass it to a supervisor yet.",
        ),
        compliant=(
            "Since this is your third contact about the same problem, "
            "I'm escalating your case to a supervisor right now.",
            "I've escalated this to my supervisor and noted it on "
            "your case; they'll contact you within one business day.",
            "This is your first time reaching out about this, "
            "so let's see if we can resolve it together today.",
        ),
    ),
    ServicePolicy(
        key="replacement_proof",
        title="Replacement Proof Requirements",
        summary=("Replacements for damaged or defective items ship only "
                 "after a photo of the damage and the order number."),
        body=_p(
            "A replacement for an item reported as damaged or defective may only be shipped after "
            "the customer has sent at least one clear photo of the damage and given the order number.",
            "The photo must be attached to the case before the replacement order is created. If the "
            "customer cannot provide a photo, the agent must explain that the replacement cannot be "
            "processed yet and keep the case open while waiting for it.",
            "This requirement applies on every channel (email, chat and "
            "phone) and to every customer, including rewards members.",
        ),
        violations=(
            "No need to send any photos; I'm shipping a replacement {product} to you today.",
            "Don't worry about proof of the damage, I've already created the replacement order.",
            "I'll send a new {product} right away and you can skip the photo.",
        ),
        compliant=(
            "Once you send a photo of the damage along with your order number, I'll ship the replacement.",
            "Thanks for the photo and the order number, {customer}; "
            "your replacement {product} is being prepared now.",
            "I can't create the replacement until we have a photo of "
            "the damage, so I'll keep the case open until it arrives.",
        ),
    ),
    ServicePolicy(
        key="shipping_upgrade",
        title="Free Shipping Upgrade Rules",
        summary=("Free express upgrades only for orders more than "
                 "5 business days late or for Gold rewards members."),
        body=_p(
            "Agents may upgrade an order or a replacement to free express shipping only when the original "
            "order is more than 5 business days past its promised delivery date, or when the customer is a "
            "Gold member of the Northpace Rewards program.",
            "In every other case, express shipping is charged at the standard rate shown at checkout. "
            "Agents must check the promised delivery date or the customer's rewards tier before offering an "
            "upgrade.",
            "Free upgrades may not be offered as a general courtesy or to calm an unhappy customer.",
        ),
        violations=(
            "Your order is only a day late, but I've upgraded you to free express shipping anyway.",
            "You're not a Gold member, but I'll give you free express shipping on this order as a courtesy.",
            "I'll upgrade your {product} to free overnight delivery just to be nice.",
        ),
        compliant=(
            "Because your order is now seven business days past the "
            "promised date, I've upgraded it to free express shipping.",
            "Your order is two days late, which doesn't qualify for a free "
            "upgrade, but express shipping is available at the standard rate.",
            "As a Gold rewards member you qualify for a free express upgrade, so I've applied it.",
        ),
    ),
)

_ORIGINAL_FAQ = (
    _faq("Finding Your Running Shoe Size",
         "How to measure your feet and pick the right running shoe size.", _p(
        "Getting the size right is the biggest single factor in running comfort. Measure both feet in the "
        "late afternoon, when feet are at their largest, standing up and wearing the socks you run in. Use "
        f"the longer foot to choose your size from the {_NP} size chart.",
        "Leave about a thumb's width, roughly 1 centimeter, between your longest toe and the front of the "
        "shoe. Feet swell on longer runs, so a shoe that feels snug in the store can pinch after a few "
        "miles. Many runners go up half a size from their casual shoes.",
        "If you are between sizes, choose the larger one and fine-tune the fit with the laces. Our stores "
        "offer a free gait analysis that takes about 15 minutes and helps match you with the right "
        "cushioning and support."),
        ("When is the best time of day to measure your feet for running shoes?", "In the late afternoon."),
        ("How much space should you leave between your longest toe and the front of a running shoe?",
         "About a thumb's width, roughly 1 centimeter."),
        ("How long does the free gait analysis in Northpace stores take?", "About 15 minutes."),
    ),
    _faq("When to Replace Running Shoes", "Mileage guidelines and wear signs for retiring running shoes.", _p(
        "Running shoes lose cushioning gradually, so the change is easy to miss. As a rule of thumb, "
        "replace road running shoes every 350 to 500 miles. Lighter runners and treadmill runners usually "
        "reach the upper end of that range, while heavier runners on rough pavement may need new shoes "
        "sooner.",
        "Watch for signs of wear: creases in the midsole foam, outsole rubber worn smooth at the heel or "
        "forefoot, or new aches in your knees and shins after familiar runs. Rotating two pairs lets the "
        "foam recover between runs and can extend the life of each pair by up to 20 percent.",
        "Northpace Rewards members can log their mileage in the Northpace "
        "app, which sends a reminder when a pair reaches 400 miles."),
        ("How often should road running shoes be replaced?", "Every 350 to 500 miles."),
        ("How much can rotating two pairs of running shoes extend their life?", "By up to 20 percent."),
        ("At what mileage does the Northpace app send a shoe replacement reminder?", "At 400 miles."),
    ),
    _faq("Caring for Knit and Mesh Shoes", "Cleaning and drying knit and mesh footwear safely.", _p(
        "Knit and mesh uppers are light and breathable, but they need gentle care. Brush off loose dirt "
        "once the shoes are dry, then spot clean with cold water and a mild soap. Avoid bleach and strong "
        "detergents, which weaken the fibers and fade colors.",
        f"Never put {_NP} shoes in the washing machine or the dryer. Heat above about 40°C (104°F) can "
        "soften the adhesives that bond the sole to the upper. To dry wet shoes, take out the insoles, "
        "stuff the shoes loosely with newspaper and leave them at room temperature for 24 hours, away from "
        "radiators.",
        "Insoles can be hand washed separately and should be completely dry before you put them back."),
        ("Can Northpace shoes go in the washing machine?",
         "No, never put them in the washing machine or dryer."),
        ("How long should wet shoes be left to dry at room temperature?", "24 hours."),
        ("Above what temperature can heat soften shoe adhesives?", "About 40°C (104°F)."),
    ),
    _faq("Waterproof Hiking Boot Care", "Keeping waterproof boots dry, breathable and long-lasting.", _p(
        "Northpace waterproof boots use a breathable membrane behind the outer leather or fabric. The "
        "membrane keeps water out, but the outer material still needs care to stay water-repellent.",
        "After muddy hikes, rinse the boots with lukewarm water and a soft brush, then let them air dry "
        "away from direct heat. Reapply a water-repellent treatment every three to four months of regular "
        "use, or whenever water stops beading on the surface.",
        "Do not use mink oil or other heavy oils on boots with a waterproof membrane, because they clog the "
        "membrane's pores and reduce breathability. Store boots somewhere cool and dry with the laces "
        "loosened. Our waterproof boots are tested to stay dry when submerged to 5 centimeters for 30 "
        "minutes."),
        ("How often should a water-repellent treatment be reapplied to hiking boots?",
         "Every three to four months of regular use, or when water stops beading."),
        ("Why shouldn't mink oil be used on boots with a waterproof membrane?",
         "Heavy oils clog the membrane's pores and reduce breathability."),
        ("How are Northpace waterproof boots tested?",
         "They stay dry when submerged to 5 centimeters for 30 minutes."),
    ),
    _faq("Breaking In New Hiking Boots", "A gradual break-in plan that prevents blisters.", _p(
        "Modern hiking boots need far less break-in than the stiff leather boots of the past, but a gradual "
        "start still prevents blisters. Begin by wearing new boots around the house for a few hours, then "
        "on short walks of 2 to 3 miles on easy terrain.",
        "Most fabric and synthetic boots feel comfortable after about 10 to 15 miles of walking. Full-grain "
        "leather boots take longer, typically 30 to 50 miles, because the leather slowly molds to your "
        "foot. Wear the socks you plan to hike in so the fit stays consistent.",
        "If you notice a hot spot, stop and adjust the lacing or apply blister tape before a blister forms. "
        "Don't take brand-new boots on a long backpacking trip: fit problems are easier to solve at home."),
        ("How many miles does it take to break in fabric hiking boots?", "About 10 to 15 miles."),
        ("How long do full-grain leather boots take to break in?", "Typically 30 to 50 miles."),
        ("How long should the first break-in walks be?", "2 to 3 miles on easy terrain."),
    ),
    _faq("Washing Performance Apparel", "Washing and drying technical fabrics so they keep wicking.", _p(
        "Performance fabrics move sweat away from your skin, and the right washing routine keeps them "
        "working. Turn garments inside out and wash them in cold water, at or below 30°C, on a gentle cycle "
        "with a mild detergent.",
        "Skip fabric softener: it leaves a coating that blocks the fibers and stops them wicking moisture. "
        "Wash technical garments separately from towels and cotton, which shed lint that clings to "
        "synthetic fabric and causes pilling.",
        "Hang garments to dry or tumble dry on the lowest setting. High heat damages elastane and can "
        "shrink some fabrics by up to 5 percent. Garments treated with our FreshGuard odor-control finish "
        "keep the treatment for about 50 washes."),
        ("Should fabric softener be used on performance apparel?",
         "No, it blocks the fibers and stops them wicking moisture."),
        ("What water temperature is recommended for washing performance apparel?",
         "Cold water, at or below 30°C."),
        ("How many washes does the FreshGuard odor-control finish last?", "About 50 washes."),
    ),
    _faq("Choosing a Sports Bra Support Level",
         "Matching sports bra support to your activity, and fit tips.", _p(
        "Northpace sports bras come in three support levels matched to the impact of your activity. Light "
        "support suits yoga, pilates and walking. Medium support is designed for cycling, hiking and gym "
        "training. High support is built for running, jumping and other high-impact sports.",
        "For the right fit, the band should sit level around your ribcage and be snug enough that only two "
        "fingers slide underneath. The band provides about 80 percent of the support, so a band that rides "
        "up is usually too loose.",
        "Replace sports bras after about 6 to 12 months of "
        "regular wear, or sooner if the elastic loses its stretch."),
        ("Which sports bra support level is recommended for running?", "High support."),
        ("How much of a sports bra's support comes from the band?", "About 80 percent."),
        ("How often should a sports bra be replaced?", "After about 6 to 12 months of regular wear."),
    ),
    _faq("Swimwear Care and Chlorine Resistance", "Making swimsuits last in pools and at the beach.", _p(
        "Chlorine, salt water and sunscreen all break down swimwear fabric over time. Rinse your swimsuit "
        "in cool fresh water as soon as possible after every swim, then hand wash it with a gentle soap. "
        "Never wring it out: press the water out with a towel and dry it flat in the shade.",
        "Our ChlorineShield swimwear uses a polyester blend that resists chlorine for at least 300 hours of "
        "pool use, several times longer than standard nylon and elastane suits, which are best kept for "
        "occasional swimming and beach days.",
        "Avoid sitting on rough pool edges, which snag the fabric, and never put swimwear in the dryer."),
        ("How long does ChlorineShield swimwear resist chlorine?", "At least 300 hours of pool use."),
        ("Should a swimsuit be wrung out after washing?",
         "No, press the water out with a towel and dry it flat."),
        ("What should you do right after every swim?", "Rinse the swimsuit in cool fresh water."),
    ),
    _faq("Standard Shipping Times and Costs", "When standard orders arrive and what shipping costs.", _p(
        f"{_NP} ships from distribution centers in Nevada, Texas and Pennsylvania. Most orders leave the "
        "warehouse within 1 business day; orders placed after 2 p.m. Eastern time are processed the next "
        "business day.",
        "Standard shipping takes 3 to 7 business days within the contiguous United States. It is free on "
        "orders of $75 or more and costs $6.95 on smaller orders. Deliveries to Alaska and Hawaii take 7 to "
        "12 business days.",
        "You'll receive a shipping confirmation email with a tracking number as soon as your order leaves "
        "the warehouse. Large orders may arrive in more than one package, each with its own tracking "
        "number."),
        ("How long does standard shipping take?",
         "3 to 7 business days within the contiguous United States."),
        ("What is the minimum order for free standard shipping?", "$75."),
        ("How much does standard shipping cost on smaller orders?", "$6.95."),
        ("How long do deliveries to Alaska and Hawaii take?", "7 to 12 business days."),
    ),
    _faq("Express and Next-Day Shipping", "Faster delivery options, cutoffs and restrictions.", _p(
        "Need it sooner? Express shipping delivers in 2 business days and costs $14.95 per order. Next-day "
        "shipping costs $24.95 and is available for orders placed before 12 p.m. Eastern time, Monday "
        "through Thursday.",
        "Express and next-day options are not available for P.O. boxes, APO/FPO addresses, Alaska or "
        "Hawaii. Delivery estimates start when the order leaves our warehouse, not when it is placed.",
        "Gold members of Northpace Rewards receive free express shipping on every order. If an "
        "express order arrives late because of a warehouse delay, contact us and we will look into it.",
        "Express and next-day orders are packed first in the warehouse each morning. To change the "
        "shipping speed after ordering, contact us within 1 hour, before the order moves into fulfillment."),
        ("How long does express shipping take?", "2 business days."),
        ("What is the cutoff time for next-day shipping?",
         "12 p.m. Eastern time, Monday through Thursday."),
        ("Can express shipping be sent to a P.O. box?",
         "No, express and next-day are not available for P.O. boxes."),
    ),
    _faq("International Shipping", "Where we ship outside the United States, and duties.", _p(
        f"{_NP} ships to Canada and 24 other countries in Europe and the Asia-Pacific region. "
        "International orders usually arrive in 7 to 14 business days, depending on customs processing.",
        "Duties and import taxes are calculated at checkout and paid up front, so there are no "
        "surprise charges on delivery. The amount shown at checkout is final for the order.",
        "International returns are accepted within the same windows as domestic returns, but return "
        "shipping is paid by the customer and the original duties are not refundable. Some items, such as "
        "gift cards and aerosol waterproofing sprays, cannot be shipped internationally.",
        "Tracking for international orders switches to the local postal service "
        "once the package clears customs, so updates may pause for a day or two."),
        ("How long do international orders take to arrive?", "Usually 7 to 14 business days."),
        ("How are duties and import taxes paid on international orders?",
         "They are calculated and paid at checkout."),
        ("Who pays return shipping on international returns?", "The customer."),
    ),
    _faq("Tracking Your Order", "Where to find tracking details and what to do if they stall.", _p(
        "Every order gets a tracking number as soon as it ships. The tracking link in your shipping "
        "confirmation becomes active within 24 hours, once the carrier scans the package for the first "
        "time.",
        "You can also follow every order from the Order History page of your account or in "
        "the Northpace app, where each package in a split shipment is listed separately.",
        "If tracking hasn't updated for 3 business days, contact our support team and we will open a trace "
        "with the carrier. Packages marked as delivered but not received should be reported within 7 days "
        "of the delivery scan so we can file a claim."),
        ("How soon does a tracking link become active?", "Within 24 hours."),
        ("When should you contact support about a tracking number that isn't updating?",
         "If it hasn't updated for 3 business days."),
        ("How soon must a package marked delivered but not received be reported?",
         "Within 7 days of the delivery scan."),
    ),
    _faq("Cancelling an Order", "How and when an order can be cancelled.", _p(
        "You can cancel an order yourself within 1 hour of placing it from the Order History page of your "
        "account. Select the order and choose Cancel Order; you will get a confirmation email within "
        "minutes.",
        "After 1 hour the order moves into fulfillment and can no longer be cancelled online. Our support "
        "team can sometimes stop it before it ships, but if it has already left the warehouse you will need "
        "to return it after delivery.",
        "When an order is cancelled, the pending authorization on your card "
        "is released by your bank, which usually takes 3 to 5 business days."),
        ("How long after placing an order can you cancel it online?", "Within 1 hour."),
        ("How long does it take for a cancelled order's card authorization to be released?",
         "Usually 3 to 5 business days."),
    ),
    _faq("Changing a Shipping Address", "Updating where an order is delivered.", _p(
        "The shipping address can be edited from the Order History page for 1 hour "
        "after the order is placed, the same window in which orders can be cancelled.",
        "After that, our team cannot change the address of an order that has been packed, for security "
        "reasons. Once the package ships, you can ask the carrier to redirect it through their own website; "
        "carriers may charge a fee for this service.",
        "To avoid delivery problems, check that your apartment or suite number is included. Addresses "
        "saved in your account can be edited at any time, and changes apply to future orders only."),
        ("For how long can a shipping address be edited after ordering?",
         "1 hour after the order is placed."),
        ("Can a shipped package be redirected?",
         "Yes, through the carrier's website, which may charge a fee."),
    ),
    _faq("Payment Methods We Accept", "Cards, wallets and installment payments.", _p(
        f"{_NP} accepts Visa, Mastercard, American Express, Discover, PayPal, Apple Pay and Northpace gift "
        "cards. Up to two gift cards can be combined with one other payment method on a single order.",
        "Orders between $50 and $1,000 can be split into 4 interest-free installments, "
        "paid every two weeks. The first installment is taken at checkout.",
        "Your card is authorized when you place the order but charged only when the order ships. "
        "If an order ships in several packages, you may see a separate charge for each package.",
        "We do not accept checks, money orders or cryptocurrency. Schools and clubs ordering "
        "team gear can ask our team sales desk for an invoice on orders above $2,000."),
        ("How many interest-free installments can an order be split into?", "4 installments."),
        ("Which order totals qualify for installment payments?", "Orders between $50 and $1,000."),
        ("When is a card actually charged for an order?", "When the order ships."),
    ),
    _faq("Northpace Gift Cards", "Buying, using and replacing gift cards.", _p(
        "Northpace gift cards are available as digital cards delivered by email or as physical "
        "cards mailed in a gift sleeve. They can be loaded with any amount from $10 to $500.",
        "Gift cards never expire and carry no fees. They can be used online, in the app and in any of "
        "our stores, but they cannot be reloaded or exchanged for cash except where required by law.",
        "A lost or stolen physical card can be replaced for its remaining balance if you have "
        "the original purchase receipt. Gift cards cannot be used to buy other gift cards.",
        "You can check a gift card's balance on our website, in the app or at any store register."),
        ("What amounts can a Northpace gift card hold?", "From $10 to $500."),
        ("Do Northpace gift cards expire?", "No, they never expire and carry no fees."),
        ("What is needed to replace a lost gift card?", "The original purchase receipt."),
    ),
    _faq("Northpace Rewards Program", "How points, rewards and the Gold tier work.", _p(
        "Northpace Rewards is free to join. Members earn 1 point for every dollar "
        "spent, online or in store, and every 200 points converts into a $10 reward.",
        "Members who spend $500 or more in a calendar year reach the Gold tier for the following year. Gold "
        "members get free express shipping on every order and double points during their birthday month.",
        "Points are credited once the return window for the purchase has closed. They expire only "
        "after 12 months without any account activity, so any purchase keeps your balance alive.",
        "Rewards can be used online and in stores, and up to three rewards can be "
        "combined on a single order. Members also get early access to seasonal sales."),
        ("How many points do Northpace Rewards members earn per dollar?", "1 point per dollar."),
        ("How many points make a $10 reward?", "200 points."),
        ("How much must a member spend to reach the Gold tier?", "$500 or more in a calendar year."),
        ("When do rewards points expire?", "After 12 months without account activity."),
    ),
    _faq("Using Promo Codes", "Rules for discount and promo codes.", _p(
        "Promo codes are entered in the Promo Code box at checkout, before payment. Only one "
        "promo code can be used per order, and codes cannot be combined with clearance prices.",
        "Codes cannot be added to an order after it has been placed. Gift cards and some new-season "
        "items are excluded from most promotions; the exclusions are listed in the terms of each offer.",
        "If a code is rejected, check its expiration date and minimum order value. Welcome codes "
        "sent to new newsletter subscribers are valid for 30 days and can be used once per customer.",
        "Store associates can apply the same promo codes in person if you show the code on your phone."),
        ("How many promo codes can be used on one order?", "Only one."),
        ("Can a promo code be added after an order is placed?", "No."),
        ("How long is the newsletter welcome code valid?", "30 days."),
    ),
    _faq("Managing Your Online Account", "Order history, saved addresses and closing an account.", _p(
        f"Your {_NP} account keeps your order history for the past 3 years, including in-store purchases "
        "linked to your rewards number. From the account page you can download receipts and start returns.",
        "You can save up to 5 shipping addresses and 3 payment methods. Payment "
        "methods are stored as secure tokens; we never display the full card number.",
        "To close your account, choose Delete Account under Privacy Settings. The request is completed "
        "within 30 days, and any unused rewards points are forfeited when the account is deleted.",
        "Email preferences, including newsletters, can be changed at any time under "
        "Communication Settings. Order confirmations and shipping emails are always sent."),
        ("How many years of order history does a Northpace account show?", "The past 3 years."),
        ("How many shipping addresses can be saved in an account?", "Up to 5."),
        ("How long does it take to delete an account?", "Within 30 days."),
    ),
    _faq("Password Reset and Account Lockout", "Resetting a password and unlocking an account.", _p(
        "If you forget your password, select Forgot Password on the sign-in page and we will email "
        "you a reset link. The link is valid for 1 hour; after that you need to request a new one.",
        "For your security, an account is locked for 30 minutes after 5 failed sign-in attempts in a row. "
        "The lock lifts automatically, and resetting your password during that time does not shorten it.",
        "New passwords must be at least 10 characters long. If reset emails don't arrive, "
        "check your spam folder and make sure you are using the email address on your account.",
        "We will never ask for your password by email, chat or phone."),
        ("How long is a password reset link valid?", "1 hour."),
        ("What happens after 5 failed sign-in attempts?", "The account is locked for 30 minutes."),
        ("What is the minimum password length?", "10 characters."),
    ),
    _faq("How We Protect Your Data", "Security and privacy practices for customer data.", _p(
        "Protecting your information is part of every order we handle. All traffic between your device and "
        "our website or app is encrypted with TLS, and full card numbers are never stored on our systems: "
        "our payment processor replaces them with secure tokens.",
        f"{_NP} never sells your personal data. We share only what our "
        "carriers and payment partners need to deliver and bill your order.",
        "You can request a copy of the personal data we hold about you at any time from Privacy Settings, "
        "and we will send it within 30 days. Support agents will always verify your identity before "
        "discussing an order."),
        ("Does Northpace store full card numbers?", "No, card numbers are replaced with secure tokens."),
        ("Does Northpace sell customer data?", "No, it never sells personal data."),
        ("How soon is a copy of your personal data provided?", "Within 30 days."),
    ),
    _faq("Buy Online, Pick Up in Store", "Collecting online orders at a store.", _p(
        "Choose Pick Up in Store at checkout to collect your order at no charge. Most pickup orders are "
        "ready within 2 hours during store opening hours; we'll text and email you when yours is waiting.",
        "Orders are held for 7 days. After that, unclaimed orders "
        "are cancelled and refunded to the original payment method.",
        "Bring your order confirmation and a photo ID. Someone else can collect the order if you add "
        "their name as an alternate pickup person when you check out; they need to show their own ID.",
        "Pickup is available at all 40 Northpace stores. If part of your order turns "
        "out to be unavailable at the store, we will contact you before you are charged."),
        ("How quickly are most pickup orders ready?", "Within 2 hours."),
        ("How long are pickup orders held at the store?", "7 days."),
        ("What do you need to bring to collect a pickup order?", "The order confirmation and a photo ID."),
    ),
    _faq("Exchanges for Size or Color", "Swapping an item for a different size or color.", _p(
        "Unworn items can be exchanged for a different size or color within 30 days of delivery. Start "
        "the exchange from Order History, choose the new size or color, and print the prepaid label.",
        "The replacement ships as soon as the carrier scans your return, so you don't have to wait for it "
        "to reach our warehouse. Each item can be exchanged free of charge once; further exchanges are "
        "handled as a return and a new order.",
        "Exchanges for a different product, or where the price "
        "differs, are also handled as a return and a new order.",
        "If the size you want is out of stock, we can hold "
        "your exchange for up to 14 days until it is back."),
        ("How long do you have to exchange an item for another size?", "Within 30 days of delivery."),
        ("When does an exchange item ship?", "As soon as the carrier scans your return."),
        ("How many times can an item be exchanged for free?", "Once."),
    ),
    _faq("Kids' Shoe Fitting Guide", "Measuring and fitting children's shoes.", _p(
        "Children's feet grow quickly: under age six they often grow half a size every 3 to 4 months. Check "
        "the fit of your child's shoes every 3 months, and measure both feet, since they are rarely the "
        "same size.",
        "Leave about 1.2 centimeters, roughly the width of your child's thumb, between the longest toe and "
        "the end of the shoe. Avoid buying shoes more than one size too big; loose shoes cause tripping and "
        "blisters.",
        "All Northpace stores offer free foot measuring for kids, and our kids' shoes use hook-and-loop "
        "straps or elastic laces up to size 3 so little ones can put them on by themselves."),
        ("How often should the fit of children's shoes be checked?", "Every 3 months."),
        ("How much space should be left at the end of a child's shoe?", "About 1.2 centimeters."),
        ("How fast do feet grow for children under six?", "About half a size every 3 to 4 months."),
    ),
    _faq("ReStride Shoe Recycling", "Bringing back worn-out shoes for recycling.", _p(
        "Through our ReStride program, you can drop off worn-out athletic shoes of any brand at any "
        "Northpace store. The shoes are ground down and turned into rubber surfaces for playgrounds and "
        "running tracks.",
        "Each visit you can bring up to 2 pairs, and you receive a coupon for 10% off your next footwear "
        "purchase. Shoes should be dry and reasonably clean; boots with metal shanks can't be accepted.",
        "Last year ReStride collected more than 180,000 pairs. Apparel is not part of the program "
        "yet, but clean clothing can be donated in the collection bins at selected stores.",
        "Coupons are sent to the email address on your rewards account and are valid for 60 days."),
        ("How many pairs of shoes can be dropped off per visit for ReStride?", "Up to 2 pairs."),
        ("What does a ReStride drop-off earn you?", "A coupon for 10% off your next footwear purchase."),
        ("What are recycled ReStride shoes turned into?",
         "Rubber surfaces for playgrounds and running tracks."),
    ),
    _faq("Price Adjustments", "Getting the difference back when our price drops.", _p(
        f"If the price of an item you bought from {_NP} drops within 14 days of your purchase, we will "
        "refund the difference once per item. Ask through chat or email and include your order number.",
        "Price adjustments apply to our own website, app and store prices only. We don't match prices from "
        "other retailers, and adjustments can't be made for clearance items, flash sales that last less "
        "than 24 hours, or promo codes.",
        "The difference is refunded to the original payment method within 5 business days of approval.",
        "Rewards members can also turn on price-drop alerts "
        "for items in their order history in the Northpace app."),
        ("Within how many days of purchase can you get a price adjustment?", "Within 14 days."),
        ("Does Northpace match other retailers' prices?", "No, only its own prices."),
        ("How soon is a price adjustment refunded?", "Within 5 business days of approval."),
    ),
    _faq("Contacting Customer Support", "Support channels and hours.", _p(
        f"The {_NP} support team is available by live chat every day from "
        "7 a.m. to 11 p.m. Eastern time, on our website and in the app.",
        "Phone support is open Monday through Friday, 8 a.m. to 8 p.m. Eastern time. Emails "
        "sent through the contact form are answered within 24 hours, including weekends.",
        "To speed things up, have your order number and the email address on your account ready: our agents "
        "need them to verify your identity before they can discuss an order. Store associates can help with "
        "returns and exchanges but not with online account problems.",
        "Our support team can help you in English and Spanish."),
        ("What are Northpace's live chat hours?", "Every day from 7 a.m. to 11 p.m. Eastern time."),
        ("How quickly are support emails answered?", "Within 24 hours, including weekends."),
        ("When is phone support available?", "Monday through Friday, 8 a.m. to 8 p.m. Eastern time."),
    ),
)


def _original() -> DomainPack:
    issues = tuple(spec for spec, _ in _ORIGINAL_ISSUES)
    return DomainPack(
        kind="original",
        company=_NP,
        company_description=(
            f"{_NP} is a mid-size retailer of athletic, outdoor and lifestyle footwear and apparel for "
            "men, women and kids, selling through its website, a mobile app and 40 stores across the "
            "United States."
        ),
        email_domain="northpace.com",
        categories=tuple(cat for cat, _adjs, _types in _ORIGINAL_CATALOG),
        products=_original_products(),
        issues=issues,
        service_policies=_ORIGINAL_POLICIES,
        faq_articles=_ORIGINAL_FAQ,
        competitors=("Fleetfoot Athletics", "Ridgeway Outdoor Co.", "Tempo Sportswear", "Urban Stride Supply",
                     "Crestline Apparel", "Solace Footwear", "Peakform Gear"),
        subtopics=SUBTOPICS,
        industries=INDUSTRIES,
        stage_tasks=STAGE_TASKS,
    )


# =====================================================================================================
# b2b: an electronic design automation and high-performance computing vendor

_QD = "Quantaris Design Systems"
_QS = "Quantaris"

# category -> ((name, family, list price, description), ...)
_B2B_CATALOG: tuple[tuple[str, tuple[tuple[str, str, float, str], ...]], ...] = (
    ("Power and Thermal Optimization", (
        ("VoltSense Power Manager", "Power Manager", 18500.0,
         "Analyzes and reduces dynamic and leakage power across full-chip designs."),
        ("VoltSense Power Manager Lite", "Power Manager", 7900.0,
         "Entry-level power analysis for block-level designs and small teams."),
        ("ThermaLoop Thermal Analyzer", "Thermal Analyzer", 12400.0,
         "Predicts hotspots in chips and packages with coupled thermal simulation."),
        ("GridWise Power Integrity Suite", "Power Integrity Suite", 26000.0,
         "Checks IR drop and electromigration on power delivery networks."),
        ("LeakGuard Low-Power Advisor", "Low-Power Advisor", 9800.0,
         "Recommends power gating and voltage islands early in the design flow."),
        ("PowerPath Clock Gating Optimizer", "Low-Power Advisor", 11200.0,
         "Inserts and verifies clock gating to cut switching power."),
    )),
    ("Design Verification", (
        ("VeriPulse Formal Verifier", "Formal Verifier", 32000.0,
         "Proves design properties exhaustively without simulation vectors."),
        ("VeriPulse Coverage Analyzer", "Coverage Analyzer", 14500.0,
         "Merges and visualizes functional and code coverage across regressions."),
        ("LintLogic RTL Checker", "RTL Checker", 6200.0,
         "Finds coding, clock-domain and synthesis issues in RTL before simulation."),
        ("AssertIQ Testbench Generator", "Testbench Generator", 21000.0,
         "Builds constrained-random testbenches and assertions from specifications."),
        ("SignOff Sentinel Timing Verifier", "Timing Verifier", 38000.0,
         "Runs multi-corner static timing analysis for final sign-off."),
    )),
    ("Simulation and Modeling", (
        ("WaveCraft Circuit Simulator", "Circuit Simulator", 24000.0,
         "SPICE-accurate transistor-level simulation for analog and custom blocks."),
        ("WaveCraft Circuit Simulator Pro", "Circuit Simulator", 41000.0,
         "Multi-threaded circuit simulation for post-layout verification of large blocks."),
        ("FieldMesh EM Solver", "EM Solver", 29500.0,
         "Full-wave electromagnetic analysis of packages, boards and RF structures."),
        ("SysModel Virtual Prototyper", "Virtual Prototyper", 17800.0,
         "Runs software on virtual hardware models months before silicon."),
        ("MixSig Analog Simulator", "Circuit Simulator", 22600.0,
         "Co-simulates analog and digital blocks in mixed-signal designs."),
    )),
    ("AI Design Automation", (
        ("NeuroRoute Placement Engine", "Placement Engine", 45000.0,
         "Uses machine learning to optimize placement and routing for timing and area."),
        ("NeuroRoute Placement Engine Lite", "Placement Engine", 19500.0,
         "AI-assisted placement for mid-size blocks."),
        ("DesignMind Copilot", "Design Assistant", 8400.0,
         "A conversational assistant that explains reports and drafts scripts for engineers."),
        ("YieldSight Defect Predictor", "Yield Analytics", 27000.0,
         "Predicts yield-limiting layout patterns from manufacturing data."),
        ("AutoSynth Logic Optimizer", "Synthesis Optimizer", 36000.0,
         "AI-guided logic synthesis that balances power, performance and area."),
    )),
    ("Cloud Collaboration", (
        ("CloudBench Design Workspace", "Cloud Workspace", 4800.0,
         "A secure cloud workspace for small design teams."),
        ("CloudBench Enterprise Workspace", "Cloud Workspace", 15600.0,
         "Multi-site cloud workspace with customer-managed keys and SSO."),
        ("TeamTrace Revision Manager", "Revision Manager", 3200.0,
         "Version control for design libraries and large binary files."),
        ("RemoteRun Job Scheduler", "Job Scheduler", 6900.0,
         "Queues and distributes simulation jobs across on-premises and cloud compute."),
        ("DesignShare Review Portal", "Review Portal", 2400.0,
         "Browser-based design reviews with markup and approval tracking."),
    )),
    ("Security and Compliance", (
        ("SecureFab IP Protection Suite", "IP Protection Suite", 23000.0,
         "Encrypts and watermarks design IP shared with partners and foundries."),
        ("TrustChain Compliance Monitor", "Compliance Monitor", 12800.0,
         "Tracks export-control and security compliance across design projects."),
        ("CipherGate Encryption Module", "Encryption Module", 5600.0,
         "Adds hardware-backed encryption to design data at rest and in transit."),
        ("AuditTrail Design Logger", "Compliance Monitor", 4200.0,
         "Records every access and change to design data for audits."),
        ("ThreatScope Hardware Trojan Scanner", "Security Scanner", 31000.0,
         "Detects suspicious logic and hidden functions in third-party IP."),
    )),
    ("HPC Hardware", (
        ("TeraCore Accelerator Card", "Accelerator Card", 9500.0,
         "A PCIe accelerator that speeds up simulation and verification workloads."),
        ("TeraCore Accelerator Card X2", "Accelerator Card", 16800.0,
         "A dual-processor accelerator card for the heaviest simulation workloads."),
        ("ComputeRack 8-Node Cluster", "Compute Cluster", 58000.0,
         "A pre-configured eight-node compute cluster tuned for EDA workloads."),
        ("ComputeRack 4-Node Cluster", "Compute Cluster", 31500.0,
         "A four-node compute cluster for growing design teams."),
        ("FlashVault Storage Array", "Storage Array", 22000.0,
         "All-flash storage optimized for large design databases."),
    )),
    ("IoT and Embedded Design", (
        ("EdgeForge Firmware Studio", "Firmware Studio", 3900.0,
         "An integrated environment for writing and debugging embedded firmware."),
        ("MeshLink Protocol Analyzer", "Protocol Analyzer", 7400.0,
         "Captures and decodes wireless IoT protocol traffic."),
        ("SensorSim IoT Emulator", "IoT Emulator", 5200.0,
         "Emulates fleets of sensors and devices for system testing."),
        ("TinyCore RTOS Toolkit", "Embedded Toolkit", 2600.0,
         "A real-time operating system kit with drivers for common microcontrollers."),
        ("EdgeForge Debug Probe", "Debug Probe", 850.0,
         "A USB debug probe with trace capture for embedded targets."),
    )),
    ("Automotive Electronics", (
        ("DriveSafe Functional Safety Analyzer", "Safety Analyzer", 34000.0,
         "Automates fault analysis and safety metrics for automotive chips."),
        ("RoadSim ADAS Validation Platform", "Validation Platform", 52000.0,
         "Simulates driving scenarios to validate driver-assistance electronics."),
        ("CANvas Network Designer", "Network Designer", 8700.0,
         "Designs and simulates in-vehicle networks."),
        ("DriveSafe FMEA Assistant", "Safety Analyzer", 6300.0,
         "Guides teams through failure mode and effects analysis."),
        ("BatteryLogic BMS Designer", "BMS Designer", 14900.0,
         "Models and tunes battery management systems for electric vehicles."),
    )),
    ("Analytics and Data Management", (
        ("InsightGrid Design Analytics Suite", "Analytics Suite", 13500.0,
         "Dashboards for design progress, regression health and tool usage."),
        ("InsightGrid Design Analytics Lite", "Analytics Suite", 4400.0,
         "Essential project dashboards for a single design team."),
        ("LicenseLens Usage Tracker", "Usage Tracker", 1900.0,
         "Monitors license checkouts to right-size seat counts."),
        ("DataHarbor Design Data Manager", "Data Manager", 18200.0,
         "Manages design data across sites with access control and retention rules."),
        ("TraceBack Regression Dashboard", "Regression Dashboard", 560.0,
         "A lightweight dashboard that tracks pass rates of nightly regressions."),
    )),
)


def _catalog_products(catalog: tuple[tuple[str, tuple[tuple[str, str, float, str], ...]], ...]
                      ) -> tuple[ProductSpec, ...]:
    return tuple(ProductSpec(name=name, category=cat, description=desc, family=family, list_price=price)
                 for cat, items in catalog for name, family, price, desc in items)


_B2B_ISSUES = (
    _issue("Integration Failure with Third-Party Tools",
           "Data exchange between the product and third-party design or PLM tools fails.", (
               "Integration Failure Between {product} and Third-Party Tools",
               "{product} Can't Connect to Our PLM",
               "Third-Party Tool Integration Errors in {product}"), (
               "Since last week, exports from {product} to our third-party "
               "simulation tool fail with a schema mismatch error.",
               "The connector between {product} and our PLM system drops data during every sync.",
               "Our scripted hand-off from {product} into the downstream "
               "verification flow now throws authentication errors.",
               "Netlists exported from {product} are rejected by our partner's toolchain as malformed.",
           ), (
               "The connector needs version 4.2 of the interface "
               "plug-in; I've sent the download link and notes.",
               "I've asked our integrations engineer to review "
               "your connector logs and reproduce the mismatch.",
               "As a workaround, exporting in the standard "
               "interchange format avoids the failing field mapping.",
           )),
    _issue("Data Loss During Update", "Design or project data is missing after a software update.", (
        "Data Loss After {product} Update", "Urgent: Project Data Missing After Upgrade",
        "Files Lost During {product} Update"), (
        "After installing the latest update of {product}, several of our project libraries are simply gone.",
        "The upgrade finished without errors, but two weeks of design revisions have disappeared.",
        "Our saved configurations were reset to defaults "
        "during the update, and the old files can't be found.",
        "Following last night's automatic update, {product} opens our main project with empty workspaces.",
    ), (
        "The updater keeps a pre-upgrade snapshot, and I've sent the steps to restore it.",
        "I've opened an engineering ticket so our data recovery team can examine the update logs.",
        "Please hold further updates on other machines until we've confirmed the cause.",
    )),
    _issue("License Activation Error", "License keys fail to activate or the license server rejects seats.", (
        "License Activation Failing for {product}", "{product} License Key Rejected",
        "Seats Unavailable After {product} Renewal"), (
        "Our renewed license keys for {product} are rejected with an 'invalid host ID' message.",
        "The license server shows all {product} seats as checked out even though nobody is using them.",
        "New engineers can't activate {product}; activation times out every time.",
        "Right after our renewal, {product} reports the license as expired.",
    ), (
        "The keys were issued against the old server host ID, so I've reissued them for the new machine.",
        "Restarting the license daemon clears stale checkouts left behind by crashed sessions.",
        "I've confirmed the renewal on our side and regenerated the license file for your account.",
    )),
    _issue("Slow Simulation Performance", "Runs take far longer than expected or than they used to.", (
        "{product} Runs Much Slower Than Expected", "Performance Degradation in {product}",
        "Simulation Times Doubled in {product}"), (
        "Jobs that used to finish in two hours in {product} now take most of the day.",
        "Performance dropped sharply after we moved {product} to our new cluster.",
        "{product} uses only a fraction of the available cores, so large runs crawl.",
        "Runtime in {product} grows out of proportion once our designs pass a few million instances.",
    ), (
        "Enabling the multi-threaded solver option in the run settings should restore full core usage.",
        "Our performance team can profile one of your slow runs if you share the log bundle.",
        "The latest service pack includes a fix for memory thrashing on large designs.",
    )),
    _issue("Inaccurate Analysis Results",
           "Reports or analysis results differ from expected or sign-off values.", (
        "Inaccurate Results From {product}", "{product} Reports Don't Match Sign-Off Data",
        "Questionable Analysis Output in {product}"), (
        "The numbers {product} reports are off by almost 15% from our lab measurements.",
        "Two runs with identical inputs give different results in {product}.",
        "{product} flags violations that our sign-off tool says don't exist.",
        "The summary report in {product} contradicts the detailed results from the same run.",
    ), (
        "The mismatch comes from a default model setting, and I've sent the corrected configuration.",
        "I've reproduced the discrepancy and filed it with engineering as a correlation bug.",
        "Please make sure both tools use the same library corner, which explains most of the difference.",
    )),
    _issue("Missing Update Notifications", "Customers are not told about new releases or feature updates.", (
        "No Notifications About {product} Updates", "Missed Feature Release Announcements for {product}",
        "Update Alerts Not Arriving"), (
        "We only found out about a major {product} release weeks later, from a contact at another company.",
        "None of our administrators received release notes for the last two versions of {product}.",
        "The in-app update alerts in {product} stopped appearing months ago.",
        "We missed a security patch for {product} because there was no announcement.",
    ), (
        "Your administrators weren't subscribed to release notifications, so I've added them to the list.",
        "Release notes for every version are also posted on the customer portal under Downloads.",
        "I've re-enabled in-app update alerts for your account.",
    )),
    _issue("Installation Failure", "The installer fails or the product will not start after installation.", (
        "{product} Installation Fails", "Installer Error During {product} Setup",
        "Can't Complete {product} Install"), (
        "The {product} installer stops at 80% with a missing dependency error.",
        "Installation completes, but {product} won't launch and shows a blank window.",
        "Our silent install script for {product} fails on every workstation.",
        "The installer rejects our operating system version even though it's listed as supported.",
    ), (
        "The installer needs the runtime libraries package first, so I've sent the prerequisite checklist.",
        "Running the installer with administrator rights resolves the blank-window launch problem.",
        "I've shared an updated silent-install template that works with the current release.",
    )),
    _issue("Hardware Overheating", "Accelerator or server hardware runs hot, throttles or shuts down.", (
        "{product} Overheating Under Load", "Thermal Shutdowns on {product}",
        "Hardware Throttling During Long Runs"), (
        "The {product} shuts itself down after about an hour at full load.",
        "Temperature alarms on the {product} fire constantly, and performance drops when they do.",
        "The fans on the {product} run at maximum all the time and the unit is still too hot.",
        "We're seeing thermal throttling on the {product} even in an air-conditioned server room.",
    ), (
        "Please check that the airflow clearance meets the installation "
        "guide, since a blocked intake is the usual cause.",
        "A firmware update adjusts the fan curve, and I've sent the package with instructions.",
        "If temperatures stay high after the update, we'll schedule a remote hardware diagnostic.",
    )),
    _issue("Cloud Sync Latency", "Cloud workspaces or shared projects sync slowly or show stale data.", (
        "Slow Sync in {product}", "Cloud Workspace Not Updating", "Sync Delays Between Sites in {product}"), (
        "Changes made in {product} at our Austin site take over an hour to appear for our team in Bangalore.",
        "Colleagues keep seeing stale versions of shared files in {product}.",
        "Sync in {product} stalls whenever large libraries are checked in.",
        "We get conflict warnings in {product} because updates arrive out of order.",
    ), (
        "Your workspace was pinned to a distant region; moving it to the nearest region cuts sync time.",
        "Large binary libraries sync faster when delta sync is enabled in the workspace settings.",
        "I've asked our cloud operations team to check for throttling on your tenant.",
    )),
    _issue("Compliance Report Errors", "Audit or compliance reports are incomplete or incorrect.", (
        "{product} Compliance Report Incomplete", "Errors in {product} Audit Reports",
        "Compliance Export Missing Data"), (
        "The audit report from {product} leaves out several user actions we know happened.",
        "Our compliance export from {product} has timestamps in the wrong time zone.",
        "The quarterly compliance summary fails validation with our auditors' tooling.",
        "Access logs in {product} show blank user names for some events.",
    ), (
        "Events from service accounts are filtered by default, and I've sent the setting that includes them.",
        "Report timestamps follow the workspace time zone, which I've helped you switch to UTC.",
        "I've passed the validation failure to our compliance engineering team with your sample file.",
    )),
    _issue("Limited Customization Options", "The product cannot be tailored to the customer's workflows.", (
        "Customization Limits in {product}", "Can't Tailor {product} to Our Workflow",
        "Need More Configuration Options in {product}"), (
        "{product} doesn't let us define the custom rule sets our niche industry requires.",
        "We can't change the report templates in {product} to match our internal formats.",
        "The scripting interface in {product} doesn't expose the settings we need to automate our flow.",
        "The fixed dashboard layout in {product} hides the metrics our managers care about.",
    ), (
        "Custom rule decks can be loaded through the extension interface, and I've sent an example.",
        "I've logged your request with product management so it can be considered.",
        "Our professional services team can build a tailored template for your workflow.",
    )),
    _issue("Incomplete Documentation", "User guides or API references are missing or out of date.", (
        "Documentation Missing for {product} Features", "Outdated {product} User Guide",
        "API Reference Gaps in {product}"), (
        "The {product} user guide still describes menus that no longer exist.",
        "Half of the API calls we need in {product} aren't documented at all.",
        "There are no setup instructions for running {product} on our cluster.",
        "The examples in the {product} documentation don't run against the current release.",
    ), (
        "The current guide is on the customer portal; the copy bundled with the installer is older.",
        "I've sent you our API notes while the public reference is being updated.",
        "I've filed a documentation ticket so the missing sections are added in the next release.",
    )),
    _issue("Invoice Discrepancy", "An invoice does not match the agreed quote or contract.", (
        "Invoice Doesn't Match Our {product} Quote", "Billing Discrepancy on Latest Invoice",
        "Incorrect Charges for {product}"), (
        "Our latest invoice bills 40 seats of {product}, but our contract covers 25.",
        "The unit price for {product} on the invoice is higher than on the signed quote.",
        "We were invoiced for a support tier we never ordered.",
        "The invoice repeats a line item for {product} that we already paid last quarter.",
    ), (
        "I've compared the invoice with your signed quote and asked billing to issue a corrected invoice.",
        "The extra line came from a duplicated renewal order, which has now been cancelled.",
        "Your payment due date will be reset once the corrected invoice is issued.",
    )),
    _issue("Application Crash on Large Designs", "The application crashes or freezes on large designs.", (
        "{product} Crashes on Large Designs", "Frequent Crashes in {product}",
        "{product} Freezes Loading Big Projects"), (
        "{product} crashes every time we open our largest design database.",
        "The application freezes for minutes and then closes without saving.",
        "We lose work several times a day because {product} crashes during long runs.",
        "Memory use in {product} climbs steadily until the operating system kills it.",
    ), (
        "Raising the memory limit in the launch configuration prevents the crash on large databases.",
        "The crash matches a known defect fixed in the latest patch, which I've linked here.",
        "Please send the crash dump so engineering can confirm it's the same defect.",
    )),
    _issue("Single Sign-On Failure", "Users cannot sign in through the company's identity provider.", (
        "SSO Login Failing for {product}", "Single Sign-On Errors in {product}",
        "Users Can't Sign In Through SSO"), (
        "Since our identity provider rotated its certificate, nobody can sign in to {product} through SSO.",
        "SSO sign-in to {product} loops back to the login page.",
        "New users provisioned through SSO get an 'unauthorized' error in {product}.",
        "Only some of our engineers can sign in to {product} with SSO; the others get a generic error.",
    ), (
        "Uploading the new identity provider certificate in the admin console restores SSO sign-in.",
        "The loop is caused by a mismatched redirect URL, and I've sent the exact value to configure.",
        "Users need to be assigned to the application group in your identity provider before first sign-in.",
    )),
)

_B2B_POLICIES = (
    ServicePolicy(
        key="license_refund",
        title="Software License Refund Policy",
        summary=("License refunds only within 30 days of the invoice "
                 "date and only if no seat has been activated."),
        body=_p(
            f"{_QD} refunds a software license purchase only when the refund is requested within "
            "30 days of the invoice date and none of the license keys have been activated.",
            "Once any seat has been activated, or once 30 days have passed since the invoice date, the "
            "license is non-refundable, in whole or in part. Customers who bought too many seats can reduce "
            "the seat count at their next renewal instead.",
            "Support agents must check the invoice date and the activation log before discussing a refund "
            "and may not approve exceptions; only the finance department can review disputed invoices.",
        ),
        violations=(
            "Although the license was invoiced four months ago, I've approved a full refund for {product}.",
            "Your team has already activated the seats, but I'll refund the license fee anyway.",
            "It's been 75 days since the invoice, but I can refund the unused seats of {product} right now.",
        ),
        compliant=(
            "Your invoice is 12 days old and none of the keys have been "
            "activated, so the {product} license qualifies for a refund.",
            "Because the seats have already been activated, the license "
            "isn't refundable, but you can reduce the seat count at renewal.",
            "The invoice date is more than 30 days ago, so a refund isn't possible under our license terms.",
        ),
    ),
    ServicePolicy(
        key="sla_credit",
        title="Service Level Credit Limits",
        summary=("SLA credits are capped at 10% of one month's "
                 "subscription fee; more needs account director approval."),
        body=_p(
            "When an outage or a missed response target breaches the service level agreement, an agent may "
            "grant a service credit of up to 10% of the customer's monthly subscription fee for the "
            "affected product.",
            "Credits above 10%, or credits covering more than one month, require written approval from the "
            "account director before they are offered to the customer. Credits are applied to the next "
            "invoice and are never paid out as cash.",
            "Agents must not promise free months, cash refunds or larger credits on their own authority.",
        ),
        violations=(
            "I'm applying a service credit worth 50% of this month's subscription fee for the outage.",
            "I've credited you three full months of {product} subscription to make up for the downtime.",
            "Don't worry about approvals, I'll give you a 25% credit on this month's invoice.",
        ),
        compliant=(
            "I've applied a service credit of 10% of this month's {product} subscription fee for the outage.",
            "A 5% service credit has been added to your next invoice for the missed response target.",
            "Anything above a 10% credit needs the account "
            "director's approval, so I've submitted the request.",
        ),
    ),
    ServicePolicy(
        key="admin_verification",
        title="Account Administrator Verification",
        summary=("License keys, orders, invoices and contract terms "
                 "go only to a verified account administrator."),
        body=_p(
            "License keys, order details, invoices and contract terms may only be shared with a verified "
            "account administrator. Agents verify an administrator by confirming both the registered "
            "administrator email address and the account's support PIN.",
            "Requests from any other user must be redirected to one of the account's administrators. "
            "Documents may only be sent to the registered administrator email address, never to personal or "
            "unregistered addresses.",
            "Agents may not skip verification because a caller "
            "is senior, in a hurry or already familiar to them.",
        ),
        violations=(
            "You're not listed as an administrator, but I'll send "
            "you the license keys and invoice copies anyway.",
            "I don't need your support PIN; here are the order details and renewal price for your account.",
            "Sure, I'll email the contract terms to your personal address even though it isn't registered.",
        ),
        compliant=(
            "Could you confirm the registered administrator email and "
            "your account's support PIN before I share the license keys?",
            "Thanks, {customer}, your admin email and support PIN "
            "are verified, so I can go through the invoice with you.",
            "You're not a registered administrator on the account, so "
            "your administrator will need to request the license keys.",
        ),
    ),
    ServicePolicy(
        key="escalation",
        title="Technical Escalation Policy",
        summary=("Escalate to Tier 2 after two failed workarounds; "
                 "escalate production-down cases within one hour."),
        body=_p(
            "A case must be escalated to Tier 2 engineering as soon as two workarounds have failed "
            "to resolve it. Agents must not ask the customer to try a third workaround first.",
            "Production-down issues (Severity 1) must be escalated to the on-call engineering "
            "team within one hour of the case being opened, whatever the time of day.",
            "Agents must tell the customer when their case has been escalated, record the "
            "escalation on the case, and keep the customer informed until Tier 2 takes ownership.",
        ),
        violations=(
            "I see two workarounds have already failed, but let's try a third one before I involve Tier 2.",
            "Your production flow has been down for three hours, but I'll "
            "keep working on it myself rather than calling the on-call team.",
            "I know the previous two fixes didn't work, but I'd rather not escalate this yet.",
        ),
        compliant=(
            "Since two workarounds have now failed, I'm escalating your case to our Tier 2 engineering team.",
            "Because your production environment is down, I've paged our "
            "on-call engineering team and they're joining the case now.",
            "This is the first workaround we're trying, so let's test it before considering escalation.",
        ),
    ),
    ServicePolicy(
        key="rma_proof",
        title="Hardware RMA Requirements",
        summary=("A replacement unit ships only after the serial "
                 "number and a self-test log bundle are on the case."),
        body=_p(
            "Replacement of faulty hardware through a return merchandise authorization (RMA) requires "
            "the unit's serial number and a diagnostic log bundle generated by the built-in self-test.",
            "No RMA may be approved and no replacement unit may ship before both are attached to the case. "
            "If the customer cannot run the self-test, the agent schedules a remote diagnostic session "
            "instead.",
            "Advance replacement before the faulty unit is returned is available only for "
            "Premier support customers, and still requires the serial number and logs first.",
        ),
        violations=(
            "No need to run the diagnostics or send the serial "
            "number; I've already shipped a replacement unit.",
            "I'll approve the RMA for your {product} now and "
            "you can send the logs whenever you get a chance.",
            "Skip the self-test, I'm sending a new {product} today.",
        ),
        compliant=(
            "Once you attach the serial number and the self-test "
            "log bundle to the case, I'll approve the RMA.",
            "Thanks for the diagnostic logs and serial number, "
            "{customer}; the RMA for your {product} is approved.",
            "I can't ship a replacement until the diagnostic log bundle is on the case.",
        ),
    ),
    ServicePolicy(
        key="onsite_support",
        title="On-Site Support Eligibility",
        summary=("On-site engineer visits are included only with "
                 "Premier support; Standard customers pay $2,400 a day."),
        body=_p(
            "On-site engineering visits are included only in Premier support contracts. Customers "
            "on the Standard plan receive remote support by phone, email and screen sharing.",
            "Standard customers can buy an on-site visit at the published daily rate of $2,400 plus travel "
            "expenses, booked through their account manager. Agents may not waive or discount this rate.",
            "Before promising a visit, agents must check the support tier on the customer's contract.",
            "Remote sessions can be booked during business hours and usually start within one business day. "
            "On-site visits for Premier customers are scheduled within 3 business days of the request.",
        ),
        violations=(
            "Even though you're on the Standard plan, I'll send "
            "an engineer to your site next week at no charge.",
            "Don't worry about the Premier contract; I've booked a free on-site visit for you.",
            "I'll waive the daily rate and have someone come out to install the {product}.",
        ),
        compliant=(
            "Your account has Premier support, so I've scheduled an on-site engineer visit for Thursday.",
            "On the Standard plan we support you remotely; an "
            "on-site visit is available at the published daily rate.",
            "I've set up a remote session for tomorrow, which is included in your Standard support plan.",
        ),
    ),
    ServicePolicy(
        key="roadmap_disclosure",
        title="Roadmap and Release Date Disclosure",
        summary=("Agents may not share dates or details of unreleased "
                 "features, or commit to future functionality."),
        body=_p(
            "Support agents must not share release dates, commitments or details of unreleased "
            f"features or products. {_QS} roadmaps are confidential and change often.",
            "Agents may discuss only features that are publicly announced in release notes or on the "
            "customer portal. Feature requests should be logged for product management without any promise "
            "of if or when they will be built.",
            "Customers who need roadmap information for planning can ask their "
            "account manager for a briefing under a non-disclosure agreement.",
            "This rule applies equally to chat, email, phone calls and community forum posts.",
        ),
        violations=(
            "I can promise you that feature will ship in the March release of {product}.",
            "Between us, the next version of {product} adds the custom "
            "rule engine you asked for, and it's coming out in six weeks.",
            "Our internal roadmap shows native cloud support for "
            "{product} in the third quarter, so you can plan around that.",
        ),
        compliant=(
            "I can't share release dates for unreleased features, "
            "but I've logged your request with product management.",
            "Only announced features are covered in our public release "
            "notes, and I'm not able to comment on future plans.",
            "I'll pass your feedback to our product team, though "
            "I can't commit to if or when it will be built.",
        ),
    ),
    ServicePolicy(
        key="hardware_warranty",
        title="Hardware Warranty Coverage",
        summary=("Hardware is covered for three years from shipment; "
                 "misuse, modification and physical damage excluded."),
        body=_p(
            f"{_QS} hardware, including accelerator cards, compute clusters and storage arrays, carries a "
            "three-year warranty from the shipment date covering component failures under normal operation.",
            "Damage caused by operating outside the environmental limits in the installation guide, by "
            "unauthorized modification, or by physical mishandling is excluded. Units more than three years "
            "past shipment are out of warranty and can only be repaired at the standard rate.",
            "Agents must confirm the shipment date and the "
            "cause of failure before approving a warranty claim.",
        ),
        violations=(
            "Your {product} is four years old, but I'll replace it under warranty anyway.",
            "The card was damaged when it was dropped during "
            "installation, but I'll treat it as a warranty failure.",
            "I know you modified the cooling assembly, but we'll still cover the repair under warranty.",
        ),
        compliant=(
            "Your {product} shipped 20 months ago, so the component "
            "failure is covered by the three-year warranty.",
            "Because the unit shipped more than three years ago, it's "
            "outside the warranty period, but I can quote a repair.",
            "Physical damage from mishandling isn't covered, so I'll send you a quote for the repair.",
        ),
    ),
)

_B2B_FAQ = (
    _faq("Installing Quantaris Desktop Tools", "Supported platforms and hardware for desktop installs.", _p(
        f"{_QS} desktop tools run on Red Hat Enterprise Linux 8 and 9 and on Ubuntu 22.04 LTS. A subset of "
        "tools, including DesignMind Copilot and the DesignShare Review Portal client, also runs on Windows "
        "11.",
        "Each workstation needs at least 16 GB of memory, and 64 GB is recommended for full-chip "
        "designs. Allow 50 GB of free disk space for the installation and its libraries.",
        "The installer verifies the checksum of every package before installing it. For unattended installs "
        "across many machines, run the installer with the --silent flag and a response file exported from "
        "an interactive installation.",
        "Contact support if your operating system is not listed; "
        "compatibility patches are sometimes available for older releases."),
        ("Which Linux distributions do Quantaris desktop tools support?",
         "Red Hat Enterprise Linux 8 and 9 and Ubuntu 22.04 LTS."),
        ("What is the minimum memory for a Quantaris workstation?",
         "16 GB, with 64 GB recommended for full-chip designs."),
        ("How do you run an unattended installation?",
         "Run the installer with the --silent flag and a response file."),
    ),
    _faq("Node-Locked and Floating Licenses", "The two license types and how they differ.", _p(
        f"{_QS} software is sold with two license types. A node-locked license is tied to the host ID of a "
        "single machine and can only be used there. A floating license is served by a license server and "
        "can be used by any engineer on the network, one seat at a time.",
        "Floating licenses cost about 1.5 times as much as node-locked licenses but "
        "are usually more economical for teams that share tools across shifts or sites.",
        "Engineers can borrow a floating seat for offline use, for example while travelling, for up to 14 "
        "days. A borrowed seat is unavailable to other users until it is returned or the borrow period "
        "ends."),
        ("What is a node-locked license tied to?", "The host ID of a single machine."),
        ("How much more does a floating license cost than a node-locked one?", "About 1.5 times as much."),
        ("For how long can a floating seat be borrowed for offline use?", "Up to 14 days."),
    ),
    _faq("Setting Up the License Server", "Ports, redundancy and host changes for floating licenses.", _p(
        f"The {_QS} license server listens on port 27000 by default; the port can be changed in the license "
        "file if it conflicts with other software. Make sure the port is open between workstations and the "
        "server.",
        "For high availability, the license service supports a redundant triad of three "
        "servers. Licenses stay available as long as two of the three servers are running.",
        "When you replace the server hardware, request a new license file from the customer portal. New "
        "license files are issued within 1 business day, and up to two host changes per year are free of "
        "charge.",
        "Server logs are written to the license server's log directory "
        "and should be attached to any licensing support case."),
        ("What port does the Quantaris license server use by default?", "Port 27000."),
        ("How many servers are in a redundant license server configuration?",
         "Three servers, a redundant triad."),
        ("How many free license host changes are allowed per year?", "Up to two."),
    ),
    _faq("Cloud Workspace Regions and Data Residency", "Where CloudBench stores design data.", _p(
        "CloudBench workspaces are hosted in five regions: US East, US West, Frankfurt, "
        "Singapore and Tokyo. You choose the region when the workspace is created.",
        "Design data, backups and logs stay in the chosen region and are never replicated "
        "outside it, which helps customers meet data residency and export-control obligations.",
        "If your team moves, a workspace can be migrated to another region. Migrations are scheduled with "
        "our cloud operations team and complete within 72 hours, during which the workspace is read-only "
        "for up to 4 hours.",
        "Administrators can see the region of every workspace on the overview page of the "
        "admin console, and the region is also shown in audit reports and compliance exports."),
        ("In how many regions are CloudBench workspaces hosted?",
         "Five: US East, US West, Frankfurt, Singapore and Tokyo."),
        ("Is CloudBench design data ever replicated outside its region?",
         "No, design data and backups stay in the chosen region."),
        ("How long does a CloudBench region migration take?", "Within 72 hours."),
    ),
    _faq("Encryption of Design Data", "How design data is encrypted at rest and in transit.", _p(
        f"All design data stored by {_QS} cloud services is encrypted at rest with AES-256. "
        "Data moving between your sites and our services is protected in transit with TLS 1.3.",
        "CloudBench Enterprise Workspace customers can bring their own keys, held in their own key "
        "management service. Customer-managed keys can be revoked at any time, which immediately makes the "
        "stored data unreadable.",
        "Keys managed by Quantaris are rotated automatically every 90 days. For on-premises deployments, "
        "the CipherGate Encryption Module adds hardware-backed encryption for data on local storage.",
        "Encryption settings and key rotation events are recorded in the workspace "
        "audit log, which administrators can export at any time for security reviews."),
        ("What encryption protects Quantaris design data at rest?", "AES-256."),
        ("Which workspace supports customer-managed encryption keys?", "CloudBench Enterprise Workspace."),
        ("How often are Quantaris-managed keys rotated?", "Every 90 days."),
    ),
    _faq("Security Certifications and Audits", "Certifications and independent security testing.", _p(
        f"{_QD} is certified to ISO/IEC 27001 for its information security management "
        "system, covering product development, cloud operations and customer support.",
        "An independent auditor issues a SOC 2 Type II report every year. Customers can request "
        "the current report through their account manager after signing a non-disclosure agreement.",
        "Independent security firms run penetration tests against our cloud services twice a year, and "
        "critical findings are fixed within 14 days. Security advisories are published on the customer "
        "portal as soon as a fix is available.",
        "Customers with their own security questionnaires can send them to their account "
        "manager; standard questionnaires are usually answered within 10 business days."),
        ("Which information security standard is Quantaris certified to?", "ISO/IEC 27001."),
        ("How often are penetration tests run on Quantaris cloud services?", "Twice a year."),
        ("How quickly are critical security findings fixed?", "Within 14 days."),
    ),
    _faq("Support Plans: Standard and Premier", "What each support plan includes.", _p(
        "Every subscription includes Standard support: help by phone, email and screen sharing during "
        "business hours, Monday to Friday, in the customer's region, with access to all software updates.",
        "Premier support adds round-the-clock coverage for critical issues, a named technical "
        "account manager, quarterly health checks and on-site engineering visits when needed.",
        "Premier support costs 18% of the annual license value. Standard "
        "customers can buy on-site visits separately at the published daily rate.",
        "Both plans include the customer portal, the knowledge base and every software update released "
        "during the subscription. Customers can move from Standard to Premier at any time; the price is "
        "prorated for the rest of the subscription term, and the upgrade takes effect the next business "
        "day."),
        ("What does Premier support cost?", "18% of the annual license value."),
        ("Does Premier support include a named technical account manager?", "Yes."),
        ("Which support plan includes on-site engineering visits?", "Premier support."),
    ),
    _faq("Case Severity Levels and Response Targets", "How case severity sets the response time.", _p(
        "Every support case is given a severity level. Severity 1 means a production design flow is down "
        "with no workaround. Severity 2 means a major function is impaired but work can continue. Severity "
        "3 covers questions and minor problems.",
        "Premier customers receive a first response within 1 hour for Severity 1 cases, at any time of day. "
        "Standard customers receive a first response within 4 business hours for Severity 1 and within 8 "
        "business hours for Severity 2.",
        "Severity 3 cases are answered within 2 business days on both plans. "
        "Customers can ask to raise the severity of a case if the impact changes."),
        ("What is the Premier response target for a Severity 1 case?", "Within 1 hour, at any time of day."),
        ("What does Severity 1 mean?", "A production design flow is down with no workaround."),
        ("How fast are Severity 3 cases answered?", "Within 2 business days."),
    ),
    _faq("Software Release Schedule", "When major releases and service packs ship.", _p(
        f"{_QS} ships two major releases a year, in April and October. Major releases add new features "
        "and may change default settings, so we recommend testing them on a pilot project first.",
        "Service packs with fixes are released every 6 weeks between major releases. They never "
        "change default behavior and can be installed on top of the current major release.",
        "Each major release is supported for 3 years from its release date. Release notes for every version "
        "are posted on the customer portal, and account administrators receive an email when a new release "
        "is available.",
        "Administrators can defer service packs for up to 90 days in the admin console."),
        ("In which months do Quantaris major releases ship?", "April and October."),
        ("How often are service packs released?", "Every 6 weeks."),
        ("How long is each major release supported?", "3 years from its release date."),
    ),
    _faq("Third-Party Tool Integrations", "File formats and connectors for mixed-vendor flows.", _p(
        f"{_QS} tools read and write the standard interchange formats used across the industry, including "
        "LEF/DEF, GDSII, OASIS, Verilog, SystemVerilog and SPICE netlists, so they fit into mixed-vendor "
        "design flows.",
        "Connectors for popular product lifecycle management systems are available through the integration "
        "plug-in interface. The current version of the interface is 4.2; older connectors should be "
        "upgraded to avoid field mapping errors.",
        "Custom integrations can be built with the REST API and the Python SDK, and our "
        "professional services team can build and maintain connectors for in-house tools.",
        "Before upgrading a connector, back up its configuration file, because "
        "field mappings are not migrated automatically between interface versions."),
        ("What is the current version of the Quantaris integration plug-in interface?", "Version 4.2."),
        ("Which layout formats can Quantaris tools read and write?", "LEF/DEF, GDSII and OASIS."),
    ),
    _faq("API Access and Rate Limits", "Using the Quantaris REST API and SDK.", _p(
        f"The {_QS} REST API lets teams automate workspace management, job submission and reporting. "
        "API access is included with Enterprise subscriptions and can be added to other plans.",
        "Each tenant can make up to 1,000 API requests per minute; requests above the "
        "limit receive an HTTP 429 response and should be retried after a short delay.",
        "API tokens are created by account administrators and expire after 12 hours; service integrations "
        "should use client credentials to request new tokens automatically. A Python SDK wraps the API and "
        "handles token renewal and retries.",
        "API usage per tenant can be monitored on the usage page "
        "of the admin console, which keeps 90 days of history."),
        ("How many API requests per minute can a tenant make?", "Up to 1,000."),
        ("When do Quantaris API tokens expire?", "After 12 hours."),
        ("What response is returned when the API rate limit is exceeded?", "An HTTP 429 response."),
    ),
    _faq("Installing TeraCore Accelerator Cards", "Slot, power and driver requirements.", _p(
        "TeraCore accelerator cards need a PCIe Gen 5 x16 slot. A TeraCore Accelerator Card draws up to 300 "
        "W and uses one 8-pin power connector; the X2 model draws up to 450 W and needs two 8-pin "
        "connectors.",
        "Before installing, check the server against the qualified hardware list on "
        "the customer portal and update the server firmware to the latest version.",
        "After installation, install the TeraCore driver package and run the built-in self-test, which "
        "takes about 10 minutes. Keep the self-test log bundle: it is required for any hardware support "
        "request.",
        "Card firmware is updated through the driver package "
        "and should always be kept at the latest version."),
        ("What slot does a TeraCore accelerator card need?", "A PCIe Gen 5 x16 slot."),
        ("How much power does the TeraCore Accelerator Card X2 draw?", "Up to 450 W."),
        ("How long does the TeraCore self-test take?", "About 10 minutes."),
    ),
    _faq("Cooling Requirements for Compute Hardware", "Environmental limits for Quantaris hardware.", _p(
        f"{_QS} compute hardware is designed for data center conditions. The inlet air temperature "
        "must stay at or below 35°C, and relative humidity between 10% and 80%, without condensation.",
        "Leave at least 15 centimeters of clearance behind each unit so hot air can escape, and "
        "use blanking panels in empty rack spaces to stop hot air from recirculating to the front.",
        "A fully loaded ComputeRack 8-Node Cluster needs about 12 kW of cooling capacity. Operating outside "
        "these limits causes thermal throttling and shutdowns and is not covered by the hardware warranty.",
        "Temperature sensors in every unit report to the management "
        "interface, which can send email alerts before throttling begins."),
        ("What is the maximum inlet air temperature for Quantaris hardware?", "35°C."),
        ("How much clearance is needed behind each unit?", "At least 15 centimeters."),
        ("How much cooling capacity does a ComputeRack 8-Node Cluster need?", "About 12 kW."),
    ),
    _faq("Quantaris Academy Training and Certification", "Courses and certification for engineers.", _p(
        "Quantaris Academy offers training for every product. Self-paced online courses are free for "
        "customers with an active maintenance subscription and include hands-on labs in a cloud sandbox.",
        "Instructor-led classes are held online and in regional training centers and cost $1,200 per seat "
        "per day. Private classes for a single customer team can be arranged for groups of 8 or more.",
        "Engineers can earn a Quantaris Certified Engineer credential by passing a "
        "90-minute exam with a score of at least 75%. Certifications are valid for 2 years.",
        "Course completion is tracked in each engineer's Academy "
        "profile, and administrators can download team progress reports."),
        ("How much do instructor-led Quantaris Academy classes cost?", "$1,200 per seat per day."),
        ("What score is needed to pass the certification exam?", "At least 75%."),
        ("How long are Quantaris certifications valid?", "2 years."),
    ),
    _faq("Invoicing and Payment Terms", "When invoices are issued and when they are due.", _p(
        f"{_QD} issues invoices when software licenses are activated or when hardware "
        "ships. Invoices are sent by email to the billing contact on the account.",
        "Standard payment terms are net 30 days from the invoice date. Overdue balances may incur a late "
        "fee of 1.5% per month, and accounts more than 60 days overdue may have new license keys withheld.",
        "Invoices can be issued in US dollars, euros or Japanese yen. If an invoice does not match your "
        "signed quote, contact support with the quote number and we will issue a corrected invoice.",
        "Billing contacts can be changed by account administrators in the admin console."),
        ("What are Quantaris's standard payment terms?", "Net 30 days from the invoice date."),
        ("What late fee applies to overdue balances?", "1.5% per month."),
        ("In which currencies can invoices be issued?", "US dollars, euros or Japanese yen."),
    ),
    _faq("Quotes and Purchase Orders", "Quote validity and purchase order handling.", _p(
        f"{_QS} quotes are valid for 30 days from the date they are issued. After "
        "that, prices and discounts must be confirmed again by the account manager.",
        "Customers who use purchase orders should send the purchase order to the orders team by "
        "email, referencing the quote number. The purchase order number is printed on the invoice.",
        "Orders are processed within 2 business days of receiving a valid purchase order. Purchase "
        "orders that differ from the quote in quantity, product or price are returned for correction.",
        "Purchase orders should be addressed to Quantaris Design Systems and include the billing address "
        "shown on the quote. Changes to an order after it has been processed require a new purchase order."),
        ("How long are Quantaris quotes valid?", "30 days from the date they are issued."),
        ("How quickly are orders processed after a valid purchase order arrives?", "Within 2 business days."),
    ),
    _faq("Subscription Renewals", "Renewal notices, auto-renewal and seat changes.", _p(
        "Renewal notices are sent to the account administrators and billing contact 90 days before a "
        "subscription expires. Automatic renewal is off by default and can be switched on in the admin "
        "console.",
        "Seat counts can be reduced at renewal if you give at least 60 days' notice before "
        "the renewal date; seats can be added at any time during the term and are prorated.",
        "For multi-year agreements, the annual price increase is capped at 5% per year. Lapsed "
        "subscriptions keep working for a 15-day grace period, but updates and support stop until renewal.",
        "Renewal quotes can be requested from the account manager "
        "at any time during the final 120 days of the term."),
        ("How far in advance are renewal notices sent?", "90 days before the subscription expires."),
        ("How much notice is needed to reduce seats at renewal?", "At least 60 days."),
        ("What is the annual price increase cap for multi-year agreements?", "5% per year."),
    ),
    _faq("Configuring Single Sign-On", "Connecting Quantaris to your identity provider.", _p(
        f"{_QS} cloud products support single sign-on through SAML 2.0 and "
        "OpenID Connect, so engineers sign in with their company credentials.",
        "Enterprise customers can also use SCIM to create and remove users automatically from their "
        "identity provider. Users must be assigned to the application group in the identity provider before "
        "their first sign-in.",
        "When your identity provider rotates its signing certificate, an administrator must upload the new "
        "certificate in the admin console; otherwise sign-in fails. Upload the new certificate up to 30 "
        "days before the old one expires to avoid interruptions.",
        "Administrators should keep at least one local administrator "
        "login for emergencies when the identity provider is unavailable."),
        ("Which single sign-on protocols does Quantaris support?", "SAML 2.0 and OpenID Connect."),
        ("What must an administrator do when the identity provider rotates its certificate?",
         "Upload the new certificate in the admin console."),
        ("Which standard is used for automatic user provisioning?", "SCIM."),
    ),
    _faq("User Roles and Administrator Permissions", "Account roles and the support PIN.", _p(
        f"{_QS} accounts have three roles. Administrators manage users, licenses and billing; Engineers "
        "use the products and open support cases; Viewers can see dashboards and reports only.",
        "Each account can have up to 5 administrators. Only administrators can "
        "receive license keys, invoices and contract documents from our support team.",
        "Every account has a support PIN that administrators use to verify their identity with support. The "
        "PIN can be regenerated at any time in the admin console, and it should be changed whenever an "
        "administrator leaves the company.",
        "Role changes take effect at the user's next sign-in. Engineers "
        "who need to see invoices must be given the Administrator role."),
        ("How many administrators can a Quantaris account have?", "Up to 5."),
        ("What are the three account roles?", "Administrator, Engineer and Viewer."),
        ("Where is the support PIN regenerated?", "In the admin console."),
    ),
    _faq("Backup and Restore of Design Projects", "Automatic snapshots and how to restore them.", _p(
        "Cloud workspaces take an automatic snapshot of every project every 24 hours. "
        "Snapshots are kept for 30 days and stored in the same region as the workspace.",
        "Before any software update, the updater also creates a pre-upgrade snapshot of "
        "local project settings and libraries, so a failed update can be rolled back.",
        "Administrators can restore a project or a single library from the admin console. Most restores "
        "finish within 2 hours; larger projects may take longer. Restored data appears as a new project "
        "version, so nothing is overwritten.",
        "Local desktop projects are not covered by cloud "
        "snapshots and should be part of your own backup routine."),
        ("How often are automatic project snapshots taken?", "Every 24 hours."),
        ("How long are project snapshots kept?", "30 days."),
        ("How long do most restores take?", "Within 2 hours."),
    ),
    _faq("Simulation Job Queue Limits", "How many jobs RemoteRun can run at once.", _p(
        "RemoteRun Job Scheduler distributes simulation jobs across on-premises and cloud compute. "
        "Standard tenants can run up to 200 jobs at the same time; Enterprise tenants can run up to 2,000.",
        "A single job may run for at most 72 hours. Longer jobs should be split into "
        "checkpointed stages, which RemoteRun can resume automatically after an interruption.",
        "Jobs are queued first-in, first-out within each priority level. Administrators can assign up to "
        "three priority levels to projects so that sign-off runs are not delayed by exploratory work.",
        "Jobs submitted above the concurrency limit wait in the queue rather "
        "than failing, and their position is shown in the RemoteRun dashboard."),
        ("How many concurrent jobs can an Enterprise tenant run in RemoteRun?", "Up to 2,000."),
        ("What is the maximum runtime of a single RemoteRun job?", "72 hours."),
        ("How many priority levels can be assigned to projects?", "Up to three."),
    ),
    _faq("Functional Safety Support for Automotive Designs", "Tool qualification for ISO 26262 projects.", _p(
        "The DriveSafe tools are qualified for use in ISO 26262 projects "
        "up to ASIL D, the highest automotive safety integrity level.",
        "Every DriveSafe license includes a tool qualification kit with a safety manual, known-issues "
        "list and test suite, which customers use to document tool confidence for their assessors.",
        "Qualification kits are updated with each major release. DriveSafe Functional Safety Analyzer "
        "calculates the single-point and latent fault metrics required by the standard and exports them "
        "directly into safety reports.",
        "Our functional safety team can support customers during assessments, for example by answering "
        "assessor questions about tool behavior. Safety-related defects in DriveSafe tools are published as "
        "safety advisories within 5 business days of confirmation."),
        ("Up to which safety level are DriveSafe tools qualified?", "ASIL D."),
        ("What does every DriveSafe license include for tool qualification?",
         "A tool qualification kit with a safety manual, known-issues list and test suite."),
    ),
    _faq("IoT Protocol Support", "Wireless protocols supported by MeshLink and SensorSim.", _p(
        "MeshLink Protocol Analyzer captures and decodes Bluetooth Low Energy, Zigbee, Thread, "
        "Matter and LoRaWAN traffic. It can monitor up to 8 radio channels at the same time.",
        "SensorSim IoT Emulator can emulate up to 10,000 devices per license, each with its own "
        "behavior script, so teams can test gateways and cloud back ends under realistic load.",
        "Captured traffic can be exported in the standard pcap format for analysis in other "
        "tools. Support for new protocol versions is added in the twice-yearly major releases.",
        "Capture files can be shared with Quantaris support when reporting protocol problems, "
        "and SensorSim scenarios can be reused across teams through a shared scenario library."),
        ("Which protocols does MeshLink Protocol Analyzer decode?",
         "Bluetooth Low Energy, Zigbee, Thread, Matter and LoRaWAN."),
        ("How many radio channels can MeshLink monitor at once?", "Up to 8."),
        ("How many devices can SensorSim emulate per license?", "Up to 10,000."),
    ),
    _faq("Customer Onboarding Program", "What happens after a contract is signed.", _p(
        f"Every new {_QS} customer is enrolled in our onboarding program. A kickoff call is scheduled "
        "within 10 business days of contract signature to confirm goals, contacts and the deployment plan.",
        "Onboarding includes three guided sessions with a solutions engineer covering installation, "
        "integration with existing flows, and best practices for the purchased products.",
        "Within 30 days of the kickoff, your customer success manager shares a written success "
        "plan with measurable goals, which is reviewed at every quarterly business review.",
        "Customers with Premier support also receive an on-site workshop during onboarding. Progress "
        "against the success plan is tracked in a shared dashboard that both teams can see at any time."),
        ("How soon after signature is the onboarding kickoff call held?", "Within 10 business days."),
        ("How many guided onboarding sessions are included?", "Three."),
        ("When is the customer success plan shared?", "Within 30 days of the kickoff."),
    ),
    _faq("Evaluation Licenses", "Trying Quantaris software before buying.", _p(
        f"Prospective customers can evaluate most {_QS} software with a free "
        "evaluation license. Evaluations last 30 days and include up to 5 seats.",
        "An evaluation can be extended once, by 15 days, with approval from the account manager. "
        "Evaluation licenses include Standard support so teams can get help with setup.",
        "Data created during an evaluation stays in the customer's environment. When an evaluation converts "
        "to a purchase, projects can be opened directly with the production license, with no migration "
        "needed.",
        "Evaluation licenses cannot be used for production or commercial work. At the end of the "
        "evaluation, the account manager prepares a quote based on the seats and products that were "
        "tested."),
        ("How long does a Quantaris evaluation license last?", "30 days."),
        ("How many seats does an evaluation include?", "Up to 5 seats."),
        ("How long can an evaluation be extended?", "Once, by 15 days."),
    ),
    _faq("Export Control Compliance", "Export screening for Quantaris products.", _p(
        f"Some {_QS} products and technical data are subject to export control regulations. Before the first "
        "order, every customer completes an end-use statement describing how and where the products will be "
        "used.",
        "Orders are screened against government restricted-party lists. Screening normally finishes within "
        "2 business days; orders that need a license from export authorities can take several weeks longer.",
        "Products cannot be shipped, downloaded or accessed from embargoed countries. "
        "Customers must tell us before moving licenses or hardware to a different country.",
        "Our trade compliance team answers export questions by email, and customers "
        "are notified if the classification of a product they use changes."),
        ("What must every customer complete before the first order?", "An end-use statement."),
        ("How long does export screening normally take?", "Within 2 business days."),
    ),
)


def _b2b() -> DomainPack:
    return DomainPack(
        kind="b2b",
        company=_QD,
        company_description=(
            f"{_QD} sells electronic design automation software, simulation and verification platforms, and "
            "high-performance computing hardware to semiconductor, automotive, IoT and systems companies."
        ),
        email_domain="quantaris.com",
        categories=tuple(cat for cat, _items in _B2B_CATALOG),
        products=_catalog_products(_B2B_CATALOG),
        issues=tuple(spec for spec, _ in _B2B_ISSUES),
        service_policies=_B2B_POLICIES,
        faq_articles=_B2B_FAQ,
        competitors=("CircuitForge Labs", "Nexora EDA", "VectorWave Design", "Helix Compute Systems",
                     "PrismLogic Software", "Tessellate Systems", "ArcLight Silicon Tools", "Kinetix HPC"),
        subtopics=SUBTOPICS,
        industries=INDUSTRIES,
        stage_tasks=STAGE_TASKS,
    )


# =====================================================================================================
# b2c: a consumer smart home and personal electronics brand

_LH = "Lumenhive"

_B2C_CATALOG: tuple[tuple[str, tuple[tuple[str, str, float, str], ...]], ...] = (
    ("Smart Home", (
        ("Hearth Hub Smart Display", "Smart Hub", 129.0,
         "A 7-inch smart display that controls every Lumenhive device."),
        ("Hearth Hub Mini", "Smart Hub", 59.0,
         "A compact hub with a speaker for controlling lights and plugs."),
        ("ClimaSense Smart Thermostat", "Smart Thermostat", 199.0,
         "A learning thermostat with room sensors and energy reports."),
        ("ClimaSense Thermostat Lite", "Smart Thermostat", 129.0,
         "A simple programmable thermostat with app control."),
        ("DoorView Video Doorbell", "Video Doorbell", 149.0, "A 1080p video doorbell with two-way talk."),
        ("DoorView Video Doorbell Pro", "Video Doorbell", 229.0,
         "A 2K video doorbell with package detection and night color vision."),
        ("GlowStrip Smart Light Strip", "Smart Lighting", 39.0,
         "A 2-meter color light strip for shelves and TVs."),
        ("GlowBulb Color Smart Bulb 4-Pack", "Smart Lighting", 49.0,
         "Four dimmable color bulbs with schedules."),
        ("WatchPost Indoor Camera", "Security Camera", 69.0,
         "A pan-and-tilt indoor camera with a privacy shutter."),
        ("WatchPost Outdoor Camera", "Security Camera", 159.0,
         "A weatherproof battery camera with a spotlight."),
        ("LockLine Smart Deadbolt", "Smart Lock", 249.0, "A keypad deadbolt with app and voice unlocking."),
    )),
    ("Audio", (
        ("AuraBuds Wireless Earbuds", "Wireless Earbuds", 89.0,
         "True wireless earbuds with 7 hours of playback."),
        ("AuraBuds Pro Noise-Cancelling Earbuds", "Wireless Earbuds", 179.0,
         "Earbuds with adaptive noise cancelling and wireless charging."),
        ("AuraBuds Sport Earbuds", "Wireless Earbuds", 119.0,
         "Sweat-resistant earbuds with secure ear hooks."),
        ("SoundNest Over-Ear Headphones", "Headphones", 249.0,
         "Comfortable noise-cancelling headphones for travel."),
        ("SoundNest Studio Headphones", "Headphones", 349.0,
         "High-resolution wired and wireless headphones."),
        ("Pulse Mini Bluetooth Speaker", "Portable Speaker", 49.0, "A pocket-size waterproof speaker."),
        ("Pulse Max Bluetooth Speaker", "Portable Speaker", 159.0,
         "A loud party speaker with 20 hours of battery."),
        ("Hearth Voice Smart Speaker", "Smart Speaker", 99.0,
         "A voice-controlled speaker for music and smart home."),
        ("Hearth Voice Max Smart Speaker", "Smart Speaker", 199.0,
         "A premium smart speaker with room-filling sound."),
        ("CinemaBar 5.1 Soundbar", "Soundbar", 599.0, "A 5.1-channel soundbar with wireless subwoofer."),
    )),
    ("Wearables", (
        ("Orbit Smartwatch", "Smartwatch", 249.0,
         "A fitness-focused smartwatch with GPS and heart-rate tracking."),
        ("Orbit Smartwatch Pro", "Smartwatch", 399.0, "A titanium smartwatch with LTE and a 3-day battery."),
        ("Orbit Kids Smartwatch", "Smartwatch", 129.0,
         "A kids' watch with calling, location sharing and school mode."),
        ("PulseBand Fitness Tracker", "Fitness Tracker", 79.0,
         "A slim tracker for steps, sleep and heart rate."),
        ("PulseBand Fitness Tracker Plus", "Fitness Tracker", 119.0,
         "A tracker with a color screen and built-in GPS."),
        ("SleepHalo Smart Ring", "Smart Ring", 299.0, "A smart ring that tracks sleep stages and recovery."),
        ("Orbit Sport Watch Band", "Watch Band", 29.0, "A breathable silicone band for Orbit watches."),
        ("Orbit Charging Dock", "Charging Dock", 39.0, "A magnetic charging dock for Orbit watches."),
        ("VisionLite Smart Glasses", "Smart Glasses", 449.0,
         "Audio glasses with a camera and voice assistant."),
        ("TrailPing GPS Tracker Tag", "Tracker Tag", 25.0,
         "A key-ring tag that finds lost items through the app."),
    )),
    ("Computing and Mobile", (
        ("Lumenbook 14 Laptop", "Laptop", 1099.0, "A 14-inch lightweight laptop with all-day battery."),
        ("Lumenbook 16 Pro Laptop", "Laptop", 2199.0, "A 16-inch performance laptop for creators."),
        ("Lumenpad 11 Tablet", "Tablet", 449.0, "An 11-inch tablet with stylus support."),
        ("Lumenpad Mini Tablet", "Tablet", 329.0, "An 8-inch tablet for reading and streaming."),
        ("Lumenphone 5 Smartphone", "Smartphone", 899.0, "A flagship phone with a triple camera system."),
        ("Lumenphone 5 Lite Smartphone", "Smartphone", 499.0, "An affordable phone with a large battery."),
        ("VoltPack 20K Power Bank", "Power Bank", 59.0, "A 20,000 mAh power bank with fast charging."),
        ("VoltPack 10K Power Bank", "Power Bank", 35.0, "A slim 10,000 mAh power bank."),
        ("DeskDock USB-C Hub", "USB Hub", 79.0, "A 7-in-1 USB-C hub with HDMI and card reader."),
        ("FastCharge 65W Wall Charger", "Charger", 45.0,
         "A compact 65 W USB-C charger for laptops and phones."),
    )),
    ("Home Appliances", (
        ("SweepBot Robot Vacuum", "Robot Vacuum", 399.0, "A mapping robot vacuum with app scheduling."),
        ("SweepBot Pro Robot Vacuum and Mop", "Robot Vacuum", 799.0,
         "A robot vacuum and mop with a self-emptying base."),
        ("PureAir Smart Air Purifier", "Air Purifier", 279.0,
         "A HEPA purifier for rooms up to 50 square meters."),
        ("PureAir Mini Air Purifier", "Air Purifier", 149.0, "A quiet purifier for bedrooms and offices."),
        ("CrispWave Smart Air Fryer", "Air Fryer", 169.0, "A 5.5-liter air fryer with app recipes."),
        ("BrewSense Smart Coffee Maker", "Coffee Maker", 189.0,
         "A programmable coffee maker with a thermal carafe."),
        ("ChillSmart 4-Door Refrigerator", "Refrigerator", 2499.0,
         "A connected refrigerator with interior cameras and flexible zones."),
        ("AquaPure Smart Water Filter Pitcher", "Water Filter", 45.0,
         "A filter pitcher that tracks filter life."),
        ("HomeChef Induction Cooktop", "Cooktop", 329.0,
         "A portable induction cooktop with precise temperature."),
        ("SteamPress Garment Steamer", "Garment Steamer", 59.0,
         "A handheld steamer that heats up in 30 seconds."),
    )),
)

_B2C_ISSUES = (
    _issue("Bluetooth Pairing Failure",
           "The device will not pair, or will not stay paired, over Bluetooth.", (
        "{product} Won't Pair", "Bluetooth Pairing Problem With {product}",
        "Can't Connect My {product} to My Phone"), (
        "My {product} doesn't show up in my phone's Bluetooth list no matter how many times I try.",
        "It pairs for a few seconds and then disconnects again.",
        "Pairing fails with a 'connection unsuccessful' message every time.",
        "It worked fine with my old phone, but it won't pair with my new one.",
    ), (
        "Holding the button for ten seconds clears old pairings and puts it back in pairing mode.",
        "Please remove the device from your phone's Bluetooth list, restart the phone and pair again.",
        "A firmware update released this month fixes pairing with several newer phones.",
    )),
    _issue("Rapid Battery Drain", "The battery empties much faster than the advertised battery life.", (
        "{product} Battery Drains Fast", "Poor Battery Life on {product}",
        "{product} Battery Won't Last a Day"), (
        "The battery on my {product} lasts about three hours instead of the advertised full day.",
        "It loses half its charge overnight even when I'm not using it.",
        "Battery life has gotten dramatically worse over the last few weeks.",
        "A full charge barely gets me through the morning.",
    ), (
        "Turning off always-on features and background syncing extends battery life considerably.",
        "A full calibration cycle (charge to 100%, run it down "
        "completely, then recharge) often fixes the battery reading.",
        "If it still drains after calibration, we'll run a remote battery health check.",
    )),
    _issue("Firmware Update Failure", "A firmware update fails or leaves the device unresponsive.", (
        "Firmware Update Failed on {product}", "{product} Stuck During Update",
        "Update Broke My {product}"), (
        "The firmware update stopped at 60% and now my {product} won't turn on.",
        "Every time I try to update, the app says the update failed.",
        "Since the latest update, the {product} keeps restarting on its own.",
        "The update has been 'in progress' for over a day.",
    ), (
        "Holding the power and volume buttons for 15 seconds "
        "starts recovery mode so the update can be reinstalled.",
        "Please keep the device on the charger and near the router while the update runs.",
        "I've pushed the update to your device again from our side.",
    )),
    _issue("Wi-Fi Connection Drops", "The device disconnects from Wi-Fi or goes offline repeatedly.", (
        "{product} Keeps Going Offline", "Wi-Fi Disconnects on {product}",
        "{product} Won't Stay Connected"), (
        "My {product} drops off the Wi-Fi several times a day and shows as offline in the app.",
        "It connects during setup, but loses the connection within an hour.",
        "Every night the {product} goes offline and I have to unplug it to get it back.",
        "It won't stay connected even though my other devices work fine on the same network.",
    ), (
        "Lumenhive smart home devices use the 2.4 GHz band, so giving "
        "that band its own network name usually stops the drops.",
        "Moving the router or adding a mesh point closer to the device improves the signal.",
        "I've checked our server logs, and your device is reconnecting normally since the reset.",
    )),
    _issue("Charging Problem", "The device will not charge or charges only intermittently.", (
        "{product} Not Charging", "Charging Port Problem on {product}", "{product} Charges Only Sometimes"), (
        "My {product} won't charge at all with the cable that came in the box.",
        "It only charges if I hold the cable at a certain angle.",
        "The charging light comes on, but the battery percentage never goes up.",
        "It stopped charging overnight after working normally for a month.",
    ), (
        "Lint in the charging port is a common cause, so a gentle clean with a dry soft brush often helps.",
        "Please try a different certified cable and wall adapter to rule out the accessories.",
        "If it still won't charge, we'll look at a repair under warranty.",
    )),
    _issue("Arrived Damaged", "The device arrived cracked, dented or broken.", (
        "{product} Arrived Cracked", "Damaged {product} on Delivery", "Broken {product} in the Box"), (
        "The screen on my {product} was cracked when I took it out of the box.",
        "The box was crushed and the {product} has a dent on the side.",
        "It rattles inside like something's broken, and it won't power on.",
        "The casing of the {product} is split along one edge.",
    ), (
        "I'm sorry it arrived that way; could you send a photo of the damage and the serial number?",
        "I've filed a claim with the carrier for the damaged shipment.",
        "As soon as the photo and serial number arrive, I'll review the replacement for you.",
    )),
    _issue("Audio Distortion", "Sound crackles, distorts or cuts out.", (
        "Crackling Audio on {product}", "{product} Sound Distorted", "Audio Cutting Out on {product}"), (
        "There's a constant crackling sound from my {product}, even at low volume.",
        "The audio distorts badly whenever there's any bass.",
        "Sound cuts out for a second every few minutes.",
        "One side is much quieter than the other and sounds muffled.",
    ), (
        "Resetting the equalizer to default and updating the firmware clears most distortion problems.",
        "Cleaning the speaker mesh with a dry brush can fix muffled sound.",
        "If the crackling continues after the reset, it's "
        "likely a hardware fault, and we'll check the warranty.",
    )),
    _issue("Missing Box Contents", "Accessories or parts listed for the product are missing from the box.", (
        "Missing Parts in {product} Box", "{product} Arrived Without Accessories",
        "Accessories Missing From My Order"), (
        "The box for my {product} didn't include the charging cable listed on the packaging.",
        "The mounting kit is missing from the {product} package.",
        "Only one set of ear tips was in the box instead of the three sizes listed.",
        "The quick-start guide and the power adapter weren't in the box.",
    ), (
        "The missing accessories are part of your order, so I've arranged for them to be shipped to you.",
        "Some accessories ship separately; I've checked, and yours left the warehouse yesterday.",
        "You'll get a tracking email for the missing parts within 24 hours.",
    )),
    _issue("Late Delivery", "An order has not arrived by its expected delivery date.", (
        "{product} Delivery Is Late", "Order Not Delivered Yet", "When Will My {product} Arrive?"), (
        "My {product} was due three days ago and the tracking hasn't changed since.",
        "The delivery date for my {product} keeps getting pushed back.",
        "The tracking number you sent doesn't show any movement.",
        "I ordered it for a birthday that has now passed, and it still hasn't arrived.",
    ), (
        "The carrier confirmed a weather delay; your parcel "
        "is moving again and should arrive within two days.",
        "I've opened an investigation with the carrier about the missing scans.",
        "I'll email you as soon as the carrier responds to the investigation.",
    )),
    _issue("Refund Delay", "A refund for a returned device has not been received.", (
        "Refund for {product} Still Not Received", "Where Is My Refund?",
        "Refund Delay on Returned {product}"), (
        "I returned my {product} over two weeks ago and haven't received my refund.",
        "The return shows as delivered to you, but my refund is still pending.",
        "I was told the refund would take five days, and it has been twelve.",
        "My card was never credited for the {product} I sent back.",
    ), (
        "Your return passed inspection today, and the refund has been released to your card.",
        "Refunds take up to ten business days to appear, depending on your bank.",
        "I've sent you the refund transaction ID for your bank.",
    )),
    _issue("Subscription Billing Error", "The customer was charged incorrectly for a subscription plan.", (
        "Wrong Subscription Charge", "Billed Twice for My Cloud Plan",
        "Charged After Cancelling My Subscription"), (
        "I cancelled my video storage plan last month, but I was charged again this month.",
        "I'm being billed for the premium plan even though I signed up for basic.",
        "I was charged twice for my subscription this month.",
        "The free trial that came with my {product} turned into a paid plan without any reminder.",
    ), (
        "Your cancellation is now processed, and no further charges will be made.",
        "I've corrected your plan to the basic tier from the next billing cycle.",
        "I've asked billing to review the duplicate subscription charge.",
    )),
    _issue("App Login Problem", "The customer cannot sign in to the companion app or their account.", (
        "Can't Sign In to the {company} App", "App Login Error for {product}", "Locked Out of My Account"), (
        "The app won't let me log in, so I can't control my {product}.",
        "I keep getting a 'session expired' error right after logging in.",
        "The verification code never arrives when I try to sign in.",
        "After the app update, my saved login stopped working.",
    ), (
        "I've reset your sign-in session; please log in again with your email and password.",
        "Verification codes can take a few minutes, so please "
        "make sure your phone number is current in your profile.",
        "Reinstalling the latest version of the app clears the expired-session error.",
    )),
    _issue("Voice Assistant Not Responding", "Voice commands are ignored or misunderstood.", (
        "Voice Commands Not Working on {product}", "{product} Ignores the Wake Word",
        "Voice Assistant Unresponsive"), (
        "My {product} doesn't respond to the wake word anymore.",
        "It hears me, but says it can't help with simple commands that used to work.",
        "Voice control stopped working after I changed my Wi-Fi password.",
        "It responds to voice commands only about half the time.",
    ), (
        "Please check that the microphone mute switch is off; the light ring turns red when it's muted.",
        "Re-linking the voice service in the app restores commands after a network change.",
        "Retraining the voice model in the app settings improves wake-word detection.",
    )),
    _issue("Device Overheating", "The device becomes uncomfortably hot during use or charging.", (
        "{product} Gets Very Hot", "{product} Overheating While Charging",
        "Overheating Warning on {product}"), (
        "My {product} gets too hot to touch while it's charging.",
        "It shows an overheating warning and shuts off after a short time.",
        "The back of the {product} gets very warm even when I'm barely using it.",
        "It overheated and smelled like burning plastic.",
    ), (
        "For your safety, please stop using and charging it until we've assessed it.",
        "Using the original charger and keeping it out of direct sun helps prevent overheating.",
        "I've arranged a safety inspection for the unit, and a prepaid shipping label is on its way.",
    )),
    _issue("Camera or Sensor Malfunction", "A camera or sensor gives wrong readings or no image.", (
        "{product} Camera Not Working", "Sensor Readings Wrong on {product}",
        "Blurry Image From {product}"), (
        "The camera on my {product} shows a black screen in the app.",
        "The motion sensor on my {product} either misses people entirely or triggers constantly.",
        "The readings on my {product} are wildly off compared with my other devices.",
        "The image is blurry and washed out, even after cleaning the lens.",
    ), (
        "Recalibrating the sensor from the device settings menu usually brings readings back in line.",
        "Please check the lens for a protective film left over from the packaging.",
        "If the camera still shows black after a restart, we'll look at a warranty replacement.",
    )),
)

_B2C_POLICIES = (
    ServicePolicy(
        key="refund_window",
        title="Return and Refund Window",
        summary=("Full refunds only within 30 days of delivery; "
                 "after that, only warranty service is available."),
        body=_p(
            f"{_LH} gives a full refund for any device returned within 30 "
            "days of the delivery date, whatever the reason for the return.",
            "After 30 days, devices cannot be refunded, in full or in part. Faulty devices are then "
            "handled under the limited warranty, which offers repair or replacement but never a refund.",
            "Agents must check the delivery date before promising a refund and may not make "
            "exceptions to the 30-day window, even for loyal customers or unhappy ones.",
            "Refunds go back to the original payment method once the returned device passes inspection.",
        ),
        violations=(
            "Your order was delivered 52 days ago, but I've "
            "processed a full refund for the {product} anyway.",
            "I know it's past the 30-day window, but I'll make an exception and refund you.",
            "Even though you've had it for three months, I've sent the money back to your card.",
        ),
        compliant=(
            "Your {product} was delivered 9 days ago, so you're within "
            "the 30-day return window, and I've started your refund.",
            "It's been 41 days since delivery, so a refund isn't "
            "available, but I can help with a warranty repair.",
            "I'm sorry, {customer}, but refunds are only available within 30 days of delivery.",
        ),
    ),
    ServicePolicy(
        key="return_condition",
        title="Complete Returns and Restocking Fee",
        summary=("Returns must include all accessories and packaging; "
                 "incomplete returns carry a 15% restocking fee."),
        body=_p(
            "Returned devices must include every original accessory (chargers, "
            "cables, ear tips, mounts and remotes) and the original packaging.",
            "A return that is missing any accessory or the original box is charged a 15% restocking "
            "fee, deducted from the refund. Agents cannot waive or reduce the restocking fee.",
            "Agents should remind customers of this rule when they start a "
            "return, so they can pack everything before sending the device back.",
            "A customer who has lost an accessory may buy a replacement and include it to avoid the fee.",
        ),
        violations=(
            "You can keep the charger and the box; I won't charge the restocking fee.",
            "It's fine that the accessories are missing, I'll waive the 15% restocking fee this time.",
            "Just send the {product} back without the packaging "
            "and I'll make sure there's no restocking fee.",
        ),
        compliant=(
            "Please include the charger, cables and original box so "
            "the return isn't subject to the 15% restocking fee.",
            "Because the accessories are missing from the "
            "return, a 15% restocking fee applies to the refund.",
            "Your return arrived complete with every accessory, so no restocking fee was charged.",
        ),
    ),
    ServicePolicy(
        key="warranty",
        title="Limited Warranty Coverage",
        summary=("One-year warranty for manufacturing defects; "
                 "drops and liquid damage need ProtectPlus coverage."),
        body=_p(
            f"Every {_LH} device has a one-year limited warranty from the delivery date that "
            "covers manufacturing defects under normal use, with repair or replacement.",
            "The standard warranty does not cover accidental damage such as drops, cracked screens or "
            "liquid damage. Those are covered only if the customer bought ProtectPlus coverage for the "
            "device.",
            "Agents must confirm the device's age and the cause of the fault before "
            "approving a warranty claim, and may not approve claims outside these terms.",
            "Warranty replacements may be new or refurbished devices of the same model.",
        ),
        violations=(
            "The water damage isn't normally covered, but I'll process it under warranty anyway.",
            "You dropped it and the screen cracked, but I'll still replace it for free under the warranty.",
            "Your {product} is about 16 months old and you "
            "don't have ProtectPlus, but I'll cover the repair.",
        ),
        compliant=(
            "Your {product} is eight months old and this is a manufacturing "
            "defect, so it's covered by the one-year warranty.",
            "Liquid damage isn't covered by the standard warranty, but because "
            "you have ProtectPlus I can open an accidental damage claim.",
            "The crack came from a drop, which the limited warranty "
            "doesn't cover, so I can quote a repair instead.",
        ),
    ),
    ServicePolicy(
        key="identity_verification",
        title="Account Verification Before Sharing Details",
        summary=("Verify the account email and a one-time code sent "
                 "to the phone on file before discussing orders."),
        body=_p(
            "Before discussing or changing any order, subscription or device registered to an account, "
            "agents must verify the customer with the account email address and a one-time code sent to the "
            "phone number on file.",
            "Without both, the agent may share only general information such as policies and "
            "troubleshooting steps. Details about orders, addresses, payment methods and devices must not "
            "be disclosed.",
            "Verification is required even for family members of the "
            "account holder; they need their own household member profile.",
            "If the phone on file is no longer in use, the customer must "
            "first update it through the account recovery process in the app.",
        ),
        violations=(
            "I'll skip the verification code this time and read you the order details.",
            "No need for the one-time code, {customer}; I can tell "
            "you the shipping address and payment card on that order.",
            "You're asking for your sister's account? Sure, I'll share her order history with you.",
        ),
        compliant=(
            "I've sent a one-time code to the phone number on your account; "
            "could you read it back to me with your account email?",
            "Thanks, {customer}, the code matches, so I can go through your order now.",
            "Without the one-time code I can't share order details, "
            "but I'm happy to explain our general policies.",
        ),
    ),
    ServicePolicy(
        key="compensation_limit",
        title="Goodwill Credit Limit",
        summary=("Agents may give at most $20 of goodwill credit "
                 "per case; anything more needs supervisor approval."),
        body=_p(
            "To make up for a service failure, an agent may add a goodwill "
            "credit of up to $20 per case to the customer's account.",
            "Credits above $20, and free devices or accessories offered as compensation, require approval "
            "from a support supervisor before they are offered. Credits are applied to the account and "
            "cannot be paid out as cash.",
            "Agents must not promise larger compensation on their own, even if the customer asks for it.",
            "Each case may receive only one goodwill credit, "
            "recorded on the case with the reason it was given.",
        ),
        violations=(
            "I've added a $75 credit to your account for the trouble.",
            "As an apology, I'll send you a free pair of earbuds, no approval needed.",
            "I've credited $50 to your account right away.",
        ),
        compliant=(
            "I've added a $10 goodwill credit to your account for the inconvenience.",
            "The most I can offer is a $20 credit, and I've applied it to your account.",
            "I've asked my supervisor to approve a larger credit, and I'll let you know once it's reviewed.",
        ),
    ),
    ServicePolicy(
        key="escalation",
        title="Troubleshooting Escalation",
        summary=("After two failed troubleshooting sessions on the "
                 "same problem, escalate to Tier 2 technical support."),
        body=_p(
            "If two troubleshooting sessions for the same device problem have not fixed it, the "
            "case must be escalated to Tier 2 technical support at the customer's next contact.",
            "Agents must not ask the customer to repeat a factory reset or other steps "
            "that already failed, and must not close the case without escalating it.",
            "The agent tells the customer the case has been "
            "escalated; Tier 2 contacts the customer within 24 hours.",
            "Each troubleshooting session, and the steps tried in it, must "
            "be recorded on the case so that Tier 2 does not repeat them.",
        ),
        violations=(
            "I know you've already done a factory reset twice, but let's do it again before I escalate.",
            "This is your third chat about the same problem, but I'd like "
            "to try the basic steps once more instead of escalating.",
            "I'll close this case for now even though we've tried "
            "twice already; message us again if it keeps happening.",
        ),
        compliant=(
            "Since we've already tried troubleshooting twice without "
            "success, I'm escalating your case to our Tier 2 technical team.",
            "Your case is now with Tier 2, and they'll contact you within 24 hours.",
            "This is our first troubleshooting session, so let's start with a restart and a firmware check.",
        ),
    ),
    ServicePolicy(
        key="replacement_proof",
        title="Replacement Proof for Defective Devices",
        summary="Replacements need the serial number and a photo or short video showing the fault first.",
        body=_p(
            "A replacement for a device that arrived damaged or developed a fault may only be sent after "
            "the customer provides the device's serial number and a photo or short video showing the "
            "problem.",
            "The proof must be attached to the case before the replacement order is created. "
            "If it's missing, the agent explains what is needed and keeps the case open.",
            "This applies to every channel and to every customer, including ProtectPlus members.",
            "The defective device is then returned to us with "
            "a prepaid label included in the replacement box.",
        ),
        violations=(
            "You don't need to send a photo or the serial number; "
            "I've already shipped a replacement {product}.",
            "I'll skip the proof step and send a new {product} today.",
            "No video needed, the replacement is on its way.",
        ),
        compliant=(
            "Once you send the serial number and a photo or short "
            "video of the fault, I'll arrange your replacement.",
            "Thanks for the video and serial number, {customer}; your replacement {product} ships tomorrow.",
            "I'll keep the case open until the photo of the "
            "fault arrives, and then the replacement can be sent.",
        ),
    ),
    ServicePolicy(
        key="price_adjustment",
        title="Price Adjustment Policy",
        summary=("Refund the difference once if our own price drops "
                 "within 14 days of purchase; no competitor matching."),
        body=_p(
            f"If the price of a device on the {_LH} store drops within 14 days of the "
            "customer's purchase, the agent may refund the difference once per item.",
            "No price adjustments are given after 14 days. Lumenhive does not "
            "match prices from other retailers, marketplaces or auction sites.",
            "Agents must check the purchase date and the current store price before approving an adjustment.",
            "Adjustments are refunded to the original payment method within 5 business "
            "days, and items bought on clearance or in bundles are not eligible.",
        ),
        violations=(
            "You bought it 40 days ago, but I'll refund the price difference from this week's sale.",
            "Sure, I'll match the lower price you found at another retailer and refund the difference.",
            "I've refunded the difference between what you paid and "
            "today's sale price, even though it's been over a month.",
        ),
        compliant=(
            "You bought the {product} 6 days ago and our price "
            "has dropped since, so I've refunded the difference.",
            "Price adjustments are only available within 14 days of "
            "purchase, so I'm not able to refund the difference.",
            "We only adjust for price drops on our own store, so we can't match the other retailer's price.",
        ),
    ),
)

_B2C_FAQ = (
    _faq("Setting Up a Hearth Smart Speaker", "Getting a Hearth speaker or hub online.", _p(
        f"Hearth speakers and hubs are set up with the {_LH} Home app. Plug the device in and wait for the "
        "light ring to pulse blue, which means it is waiting to be set up. Then open the app and tap Add "
        "Device. Setup usually takes about 5 minutes.",
        "The app asks for your Wi-Fi network and password and then downloads the latest "
        "firmware. Keep your phone within a few meters of the speaker until setup finishes.",
        "If the light ring turns orange, the speaker could not reach the internet: check your router "
        "and try again. A solid red ring means the microphones are muted with the switch on the back."),
        ("How long does it take to set up a Hearth speaker?", "About 5 minutes."),
        ("What does a pulsing blue light ring mean on a Hearth speaker?", "It is waiting to be set up."),
        ("What does a solid red light ring mean?", "The microphones are muted."),
    ),
    _faq("Pairing AuraBuds Earbuds", "Pairing, multipoint and resetting AuraBuds.", _p(
        "To pair AuraBuds, open the charging case near your phone and hold the case button for 3 seconds "
        "until the light flashes white. Then select the earbuds in your phone's Bluetooth settings.",
        "AuraBuds remember up to 8 devices and can stay connected to 2 devices at the "
        "same time, switching automatically to whichever one starts playing audio.",
        "If pairing fails, hold the case button for 10 seconds until the light flashes amber. This clears "
        "all stored pairings, after which you can pair again from scratch. Remove the earbuds from your "
        "phone's Bluetooth list before pairing again.",
        "AuraBuds firmware updates are installed from the app while the earbuds are in their case."),
        ("How long do you hold the case button to pair AuraBuds?",
         "3 seconds, until the light flashes white."),
        ("How many devices can AuraBuds remember?", "Up to 8 devices."),
        ("How do you clear all pairings on AuraBuds?", "Hold the case button for 10 seconds."),
    ),
    _faq("Getting the Most From Your Smartwatch Battery", "Battery life and charging for Orbit watches.", _p(
        "The Orbit Smartwatch lasts up to 2 days on a charge with typical use, and the Orbit Smartwatch Pro "
        "up to 3 days. Continuous GPS tracking uses the most power: expect about 10 hours of recorded "
        "workouts.",
        "Turning on the always-on display roughly halves battery life. Lowering "
        "screen brightness and limiting which apps can send notifications also help.",
        "A full charge on the Orbit Charging Dock takes about 90 minutes, and 15 minutes of charging gives "
        "enough power for a full day. Battery health can be checked in the app under Device Settings.",
        "Orbit batteries keep about 80% of their capacity after 500 full charge cycles."),
        ("How long does the Orbit Smartwatch battery last?", "Up to 2 days with typical use."),
        ("How long does a full charge of an Orbit watch take?", "About 90 minutes."),
        ("How does the always-on display affect battery life?", "It roughly halves it."),
    ),
    _faq("Firmware Updates", "How and when devices update, and recovery mode.", _p(
        f"{_LH} devices install firmware updates automatically overnight, between 2 a.m. and 5 a.m. "
        "local time, so updates don't interrupt you. You can also start an update manually in the app.",
        "A device needs at least 30% battery, or to be on its charger, before "
        "an update can start. Keep it near your router while the update runs.",
        "If an update is interrupted and the device won't start, hold the power and volume buttons "
        "for 15 seconds to enter recovery mode, then reconnect it to the app to reinstall the update.",
        "Release notes for each update are shown in the app under Device Settings."),
        ("When do Lumenhive devices install automatic updates?",
         "Overnight, between 2 a.m. and 5 a.m. local time."),
        ("How much battery does a device need before updating?",
         "At least 30%, or it must be on its charger."),
        ("How do you enter recovery mode?", "Hold the power and volume buttons for 15 seconds."),
    ),
    _faq("Resetting a Device to Factory Settings", "When and how to perform a factory reset.", _p(
        "A factory reset erases all settings, accounts and stored data from the device, so try restarting "
        "it first. Before resetting, remove the device from your account in the app so the next owner can "
        "set it up.",
        "To reset a smart home device, hold the reset button for 20 seconds until the light "
        "flashes. Phones, tablets and laptops are reset from Settings, under System and then Reset.",
        "After a reset the device must be set up again in the app. Subscriptions "
        "stay on your account and are re-attached automatically during setup.",
        "A factory reset does not remove firmware updates that were already installed."),
        ("How long do you hold the reset button to factory reset a smart home device?", "20 seconds."),
        ("What should you do before a factory reset?", "Remove the device from your account in the app."),
        ("Do subscriptions survive a factory reset?",
         "Yes, they stay on your account and re-attach during setup."),
    ),
    _faq("Wi-Fi Requirements for Smart Home Devices", "Network settings for reliable connections.", _p(
        f"{_LH} smart home devices such as hubs, plugs, bulbs, thermostats and cameras connect to the 2.4 "
        "GHz Wi-Fi band, which reaches further through walls than 5 GHz. If your router combines both bands "
        "under one network name, giving the 2.4 GHz band its own name can make connections more reliable.",
        "Networks must use WPA2 or WPA3 security. Cameras and doorbells need "
        "an upload speed of at least 2 Mbps each for smooth live video.",
        "A single home in the app can hold up to 50 devices. Larger homes "
        "should use a mesh router system so every room gets a strong signal."),
        ("Which Wi-Fi band do Lumenhive smart home devices use?", "The 2.4 GHz band."),
        ("What upload speed does each camera need?", "At least 2 Mbps."),
        ("How many devices can one home hold in the app?", "Up to 50 devices."),
    ),
    _faq("Robot Vacuum Maintenance", "Keeping a SweepBot cleaning well.", _p(
        "Empty the SweepBot dust bin after every run, or let the self-emptying base "
        "on the SweepBot Pro do it for you; the base bag holds about 60 days of dirt.",
        "Remove hair from the main brush once a week, and replace the filter every 2 months. Side "
        "brushes wear out faster on rough floors and should be replaced every 3 to 6 months.",
        "Wipe the cliff sensors and the charging contacts with a dry cloth every month. If the "
        "robot starts missing areas, clear the map in the app and let it run a new mapping pass.",
        "Replacement brushes, filters and bags are sold in the accessories section of the app."),
        ("How often should the SweepBot filter be replaced?", "Every 2 months."),
        ("How long does the SweepBot Pro base bag last?", "About 60 days."),
        ("How often should SweepBot side brushes be replaced?", "Every 3 to 6 months."),
    ),
    _faq("Installing the ClimaSense Thermostat", "Wiring and compatibility for ClimaSense.", _p(
        "ClimaSense thermostats work with most 24-volt heating and cooling systems, including furnaces, "
        "boilers and heat pumps. Installation takes about 30 minutes with the step-by-step guide in the "
        "app.",
        "The thermostat needs a C-wire for constant power. If your system doesn't have "
        "one, use the power adapter included with the ClimaSense Smart Thermostat.",
        "ClimaSense is not compatible with line-voltage systems of 120 or 240 volts, such as electric "
        "baseboard heaters. Always switch off power to the system at the breaker before removing your old "
        "thermostat.",
        "The compatibility checker in the app asks for a photo of your "
        "current wiring and confirms that ClimaSense will work before you buy."),
        ("How long does a ClimaSense installation take?", "About 30 minutes."),
        ("What wire does ClimaSense need for constant power?", "A C-wire, or the included power adapter."),
        ("Is ClimaSense compatible with electric baseboard heaters?",
         "No, it does not work with line-voltage systems."),
    ),
    _faq("Installing the DoorView Video Doorbell", "Wired and battery installation options.", _p(
        "DoorView doorbells can be wired to an existing doorbell transformer of 16 to 24 volts "
        "AC, or run on the built-in rechargeable battery. Installation takes about 20 minutes.",
        "On battery power, the doorbell lasts up to 6 months between charges with typical "
        "use; busy entrances with many motion events will need charging more often.",
        "Mount the doorbell about 1.2 meters above the ground for the best view of visitors "
        "and packages. Use the included wedge mount if your door is at an angle to the street.",
        "Chime settings, motion zones and quiet hours are "
        "configured in the app once the doorbell is online."),
        ("How long does a DoorView battery last between charges?", "Up to 6 months with typical use."),
        ("How high should a DoorView doorbell be mounted?", "About 1.2 meters above the ground."),
        ("What transformer voltage do wired DoorView doorbells need?", "16 to 24 volts AC."),
    ),
    _faq("Cloud Video Storage Plans", "Video history plans for cameras and doorbells.", _p(
        "Every camera and doorbell includes free 7-day event clips. For longer history, "
        "Lumenhive Vault Basic costs $3.99 per month and keeps 30 days of video for one device.",
        "Lumenhive Vault Plus costs $9.99 per month and keeps 60 days of video for "
        "an unlimited number of devices in one home, with package and person alerts.",
        "Plans can be cancelled at any time in the app. Cancellation takes effect at the "
        "end of the current billing period, and stored videos remain viewable until then.",
        "Videos can be downloaded to your phone at any time while they are "
        "stored. Each plan covers one home; several homes need separate plans."),
        ("How much does Lumenhive Vault Basic cost?", "$3.99 per month."),
        ("How many days of video does Vault Plus keep?", "60 days."),
        ("When does a cancelled plan stop?", "At the end of the current billing period."),
    ),
    _faq("Managing Your Lumenhive Account", "Households, members and deleting an account.", _p(
        f"One {_LH} account manages a whole household. The account owner can invite up to 6 "
        "household members, each with their own sign-in and their own verification phone number.",
        "Members can control shared devices but cannot see the owner's orders "
        "or payment methods, and only the owner can manage subscriptions.",
        "To delete an account, the owner chooses Delete Account in the app's privacy settings. Deletion "
        "is completed within 30 days, and devices must be set up again on a new account afterwards.",
        "The owner can transfer ownership to another adult household member in "
        "the app settings, which keeps every device and subscription in place."),
        ("How many household members can be invited to an account?", "Up to 6."),
        ("How long does account deletion take?", "Within 30 days."),
        ("Can household members see the owner's orders?", "No."),
    ),
    _faq("Two-Step Verification", "Protecting your account with a second step.", _p(
        "Two-step verification adds a one-time code to every new sign-in. Codes are sent by text "
        "message or generated by an authenticator app, and each code is valid for 10 minutes.",
        "When you turn on two-step verification, the app shows 10 single-use backup "
        "codes. Store them safely: they let you sign in if you lose your phone.",
        "Our support agents also send a one-time code to the phone on file before "
        "discussing orders, so keep your phone number up to date in your profile.",
        "If you lose both your phone and your backup codes, account recovery "
        "takes up to 3 business days while we confirm your identity."),
        ("How long is a two-step verification code valid?", "10 minutes."),
        ("How many backup codes are provided?", "10 single-use backup codes."),
    ),
    _faq("Voice Recordings and Privacy", "How voice recordings are stored and deleted.", _p(
        "Hearth speakers only send audio to the cloud after hearing the wake word. By default, "
        "voice recordings are kept for 90 days to improve recognition, then deleted automatically.",
        "You can choose to keep no recordings at all, or delete "
        "them manually at any time in the app's privacy settings.",
        "The mute switch physically disconnects the microphones, and the light ring turns red "
        f"while they are off. {_LH} never sells personal data or voice recordings to advertisers.",
        "Household members can review and delete their own recordings without seeing anyone else's, and "
        "children's profiles never store voice recordings. Transcripts of commands are deleted together "
        "with the recordings."),
        ("How long are voice recordings kept by default?", "90 days."),
        ("What does the mute switch do?", "It physically disconnects the microphones."),
        ("Does Lumenhive sell voice recordings?", "No, it never sells personal data or voice recordings."),
    ),
    _faq("Shipping Options", "Delivery speeds and costs.", _p(
        "Standard shipping is free on orders over $49 and takes "
        "3 to 5 business days. Smaller orders ship for $5.99.",
        "Express shipping arrives in 2 business days and costs $12.99. Orders "
        "placed before 1 p.m. Central time on a business day ship the same day.",
        "Large appliances such as refrigerators are delivered by freight carrier within 5 to 10 business "
        "days. The carrier calls to schedule a delivery window, and someone aged 18 or over must be home to "
        "sign.",
        "Express shipping is not available for large appliances or for addresses outside "
        "the contiguous United States. All shipping costs are shown before payment."),
        ("What is the minimum order for free standard shipping?", "Orders over $49."),
        ("How long does express shipping take?", "2 business days."),
        ("How are large appliances delivered?", "By freight carrier within 5 to 10 business days."),
    ),
    _faq("Order Status and Tracking", "Following an order from checkout to delivery.", _p(
        "You'll get a shipping email with a tracking link within 24 hours of your order "
        "leaving the warehouse. Order status is also shown in the Orders section of the app.",
        "Orders worth more than $500 need a signature on delivery. If nobody is "
        "home, the carrier leaves a notice and tries again the next business day.",
        "If tracking hasn't moved for 3 business days, contact "
        "support and we'll open an investigation with the carrier.",
        "Orders with several items may ship in separate packages, each with its own tracking "
        "link. The delivery address can be changed only before the order leaves the warehouse."),
        ("Which orders require a signature on delivery?", "Orders worth more than $500."),
        ("When should you contact support about tracking that hasn't moved?", "After 3 business days."),
    ),
    _faq("How to Return an Item", "Starting a return and getting your refund.", _p(
        "Start a return from the Orders section of the app or website, within 30 days of "
        "delivery. We email a prepaid shipping label, which must be used within 14 days.",
        "Pack the device with all its accessories and the original "
        "box; incomplete returns are charged a 15% restocking fee.",
        "Returns are inspected within 5 business days of reaching our warehouse. Once approved, the refund "
        "goes back to the original payment method and can take up to 10 business days to appear, depending "
        "on your bank.",
        "Refunds for items bought with financing are credited to the financing account. "
        "Return shipping is free for returns started within the 30-day window."),
        ("How long is a prepaid return label valid?", "14 days."),
        ("What restocking fee applies to incomplete returns?", "15%."),
        ("How soon are returns inspected?", "Within 5 business days of reaching the warehouse."),
    ),
    _faq("ProtectPlus Extended Coverage", "What ProtectPlus adds to the standard warranty.", _p(
        "ProtectPlus extends device coverage to 2 or 3 years and adds protection against accidental "
        "damage such as drops, cracked screens and spills, which the standard warranty doesn't cover.",
        "ProtectPlus must be bought within 60 days of the device purchase. Each accidental "
        "damage claim has a $49 service fee, and up to 2 claims can be made per year.",
        "Claims are started in the app. Repaired or replacement devices are usually "
        "shipped within 3 business days after the damaged device is received.",
        "Coverage stays with the device if you give it away, and the "
        "plan can be cancelled at any time for a prorated refund."),
        ("Within how many days of purchase must ProtectPlus be bought?", "Within 60 days."),
        ("What is the service fee per ProtectPlus claim?", "$49."),
        ("How many ProtectPlus claims can be made per year?", "Up to 2."),
    ),
    _faq("Payment Options and Financing", "Ways to pay and monthly financing.", _p(
        f"The {_LH} store accepts major credit and debit cards, "
        "PayPal, Apple Pay, Google Pay and Lumenhive gift cards.",
        "Orders over $299 can be paid in 12 monthly installments at 0% APR, subject "
        "to credit approval. The first payment is due 30 days after the order ships.",
        "Your card is charged when the order ships, and preorders "
        "are charged only when the device is released and shipped.",
        "Financing is provided by a partner lender, and approval takes about a minute at checkout. Paying "
        "off the balance early never costs extra. Gift cards can be combined with a credit card on the same "
        "order, but not with financing."),
        ("Which orders qualify for 0% APR financing?", "Orders over $299."),
        ("Over how many months can financing be spread?", "12 monthly installments."),
        ("When is a preorder charged?", "When the device is released and shipped."),
    ),
    _faq("Lumenhive Gift Cards", "Buying and using gift cards.", _p(
        "Lumenhive gift cards are available in amounts from $25 to "
        "$500, as digital cards sent by email or as physical cards.",
        "Gift cards never expire and have no fees. They can be used for devices and "
        "accessories on the Lumenhive store but not for subscription plans such as Vault.",
        "Up to 3 gift cards can be used on one order. Lost physical cards "
        "can be replaced for the remaining balance with the original receipt.",
        "The balance can be checked in the app or on the website at any time. Gift "
        "cards cannot be exchanged for cash, except where the law requires it."),
        ("What amounts are Lumenhive gift cards available in?", "From $25 to $500."),
        ("Can gift cards be used for subscriptions?", "No, not for subscription plans."),
        ("How many gift cards can be used on one order?", "Up to 3."),
    ),
    _faq("Trade-In Program", "Trading in an old device for credit.", _p(
        "You can trade in eligible phones, tablets, laptops and smartwatches, from any brand, for credit "
        "toward a new Lumenhive device. Get a quote in the app by answering a few questions about the "
        "device's condition.",
        "Trade-in quotes are valid for 14 days. We send a free shipping kit, and "
        "credit is issued within 5 business days after we inspect the device.",
        "The device must power on and be removed from any account or activation lock. If the inspection "
        "finds a different condition, we'll offer a revised quote that you can accept or decline.",
        "Trade-in credit can be applied to your new order right away."),
        ("How long is a trade-in quote valid?", "14 days."),
        ("How soon is trade-in credit issued?", "Within 5 business days after inspection."),
    ),
    _faq("Recycling Old Electronics", "Free recycling for unwanted devices.", _p(
        f"{_LH} recycles unwanted electronics of any brand for free. "
        "Request a mail-back label in the app for packages up to 10 pounds.",
        "Tape over the terminals of loose batteries, and never ship swollen or "
        "damaged batteries; take them to a local hazardous waste site instead.",
        "Erase your personal data before sending a device. Our recycling partners wipe storage again "
        "with certified tools, and each recycled device earns 100 reward points in your account.",
        "Drop-off points at partner stores are also listed in the app. Devices sent for "
        "recycling cannot be returned to you, so remove SIM cards and memory cards first."),
        ("What is the weight limit for a free recycling mail-back package?", "10 pounds."),
        ("How many reward points does recycling a device earn?", "100 reward points."),
        ("What should you do with swollen batteries?", "Take them to a local hazardous waste site."),
    ),
    _faq("Water Resistance Ratings", "What each device can handle around water.", _p(
        "Orbit smartwatches are rated 5 ATM, which means they are suitable for swimming "
        "in a pool or shallow water, but not for diving or water sports at high speed.",
        "AuraBuds Sport earbuds are rated IPX5: they handle sweat and rain, but should not be submerged. "
        "Pulse Bluetooth speakers are rated IP67 and survive being submerged up to 1 meter for 30 minutes.",
        "Water resistance wears down over time and is not permanent. Rinse devices with fresh "
        "water after contact with salt water, and liquid damage is only covered with ProtectPlus.",
        "Charging ports must be completely dry before charging, so let "
        "the device air dry for at least an hour after it gets wet."),
        ("What water resistance rating do Orbit smartwatches have?", "5 ATM."),
        ("Can AuraBuds Sport earbuds be submerged?", "No, they are rated IPX5 for sweat and rain only."),
        ("How deep can Pulse speakers be submerged?", "Up to 1 meter for 30 minutes."),
    ),
    _faq("Charging Safely", "Chargers, temperatures and travel rules.", _p(
        "Use the cable supplied with your device or a certified USB-C charger of at least 20 watts for "
        "phones and tablets. Laptops need at least 65 watts, such as the FastCharge 65W Wall Charger.",
        "Avoid charging devices in places warmer than 35°C, such as a car in summer "
        "or direct sunlight, and don't charge them under pillows or blankets.",
        "VoltPack power banks are below the 100 watt-hour limit most airlines allow "
        "in cabin baggage, but power banks must never be packed in checked luggage.",
        "A swollen battery is a safety risk: stop using the device and contact support straight away."),
        ("What charger power do Lumenhive laptops need?", "At least 65 watts."),
        ("Above what temperature should devices not be charged?", "35°C."),
        ("Can power banks be packed in checked luggage?", "No, never."),
    ),
    _faq("Creating Smart Lighting Scenes", "Scenes, schedules and colors for smart lights.", _p(
        "Scenes let you set several lights at once, for example a dim warm "
        "light for movies. Each home in the app can store up to 20 scenes.",
        "Scenes can be scheduled for a fixed time or tied to sunrise and sunset at your location. GlowBulb "
        "color bulbs can show about 16 million colors and tunable white from 2,700 to 6,500 kelvin.",
        "Scenes also run from Hearth voice commands and from the physical "
        "GlowRemote, even when your internet connection is down.",
        "Scenes can be shared with household members, who can run them but "
        "not edit them, and up to 50 lights can be included in a single scene."),
        ("How many lighting scenes can a home store?", "Up to 20."),
        ("How many colors can GlowBulb bulbs show?", "About 16 million colors."),
        ("Can scenes be tied to sunset?", "Yes, to sunrise and sunset at your location."),
    ),
    _faq("Orbit Kids Smartwatch Parental Controls", "Safety features for the kids' smartwatch.", _p(
        "Parents manage the Orbit Kids Smartwatch from their own phone with the Lumenhive Family app. Up "
        "to 20 approved contacts can call or message the watch; calls from other numbers are blocked.",
        "School mode turns off games and messages during the hours "
        "you choose, while keeping the emergency call button active.",
        "Location sharing updates every 10 minutes, or every minute when the child presses "
        "the SOS button. The watch needs its own data plan, which costs $9.99 per month.",
        "Parents can also set quiet hours at night and see a daily summary of "
        "calls and steps. The watch can be linked to one parent account at a time."),
        ("How many approved contacts can an Orbit Kids watch have?", "Up to 20."),
        ("How often does the kids' watch share its location?", "Every 10 minutes."),
        ("How much does the Orbit Kids data plan cost?", "$9.99 per month."),
    ),
    _faq("Contacting Lumenhive Support", "Support channels and hours.", _p(
        f"{_LH} live chat support is available 24 hours a day, 7 days a week, in the app and on the website.",
        "Phone support is open every day from 7 a.m. to 10 p.m. Central time. If all "
        "agents are busy, you can request a callback, which usually comes within 2 hours.",
        "For the fastest help, have your device's serial number ready; it's printed on the box and shown in "
        "the app under Device Settings. Agents will send a one-time code to your phone before discussing "
        "orders.",
        "Support is available in English, Spanish and French, and "
        "every chat transcript is emailed to you when the chat ends."),
        ("When is Lumenhive live chat available?", "24 hours a day, 7 days a week."),
        ("What are Lumenhive's phone support hours?", "Every day from 7 a.m. to 10 p.m. Central time."),
        ("How soon does a requested callback usually come?", "Within 2 hours."),
    ),
)


def _b2c() -> DomainPack:
    return DomainPack(
        kind="b2c",
        company=_LH,
        company_description=(
            f"{_LH} is a consumer electronics brand selling smart home devices, audio, wearables, computing "
            "products and connected home appliances directly to households through its online store and app."
        ),
        email_domain="lumenhive.com",
        categories=tuple(cat for cat, _items in _B2C_CATALOG),
        products=_catalog_products(_B2C_CATALOG),
        issues=tuple(spec for spec, _ in _B2C_ISSUES),
        service_policies=_B2C_POLICIES,
        faq_articles=_B2C_FAQ,
        competitors=("Brightnest Home", "Auralis Audio", "Pulsewear", "Homewise Electronics",
                     "Vireo Smart Living",
                     "Zentro Devices", "Nimbusly"),
        subtopics=SUBTOPICS,
        industries=INDUSTRIES,
        stage_tasks=STAGE_TASKS,
    )


# =====================================================================================================

ISSUE_TEXT: dict[str, dict[str, IssueText]] = {
    "original": {spec.name: words for spec, words in _ORIGINAL_ISSUES},
    "b2b": {spec.name: words for spec, words in _B2B_ISSUES},
    "b2c": {spec.name: words for spec, words in _B2C_ISSUES},
}

PACKS: dict[str, Callable[[], DomainPack]] = {
    "original": cache(_original),
    "b2b": cache(_b2b),
    "b2c": cache(_b2c),
}
