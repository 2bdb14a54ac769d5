"""Template-based text for generated records: cases, emails, chats, voice calls, articles, descriptions.

All functions are pure given `rng` (a random.Random): same inputs and RNG state, same text. They draw only
from `rng`, never from the global random module, the clock or string hashes. Each text is assembled from
several independent template pieces (openers, issue-specific sentences, impact, asks, closers) so that
records read differently; the pieces are module-level tuples, and a call costs a few microseconds.

Transcripts (live chats and voice calls) have one utterance per line, each starting with "Agent: " or
"Customer: ". A requested policy-violating utterance appears verbatim, with {customer} replaced by the
customer's first name, {product} by the product name and {agent} by the agent's full name.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from types import MappingProxyType

from crmtui.org.generate.packs import ISSUE_TEXT, POLICY_ASKS, QUALIFICATION_WINDOW_MONTHS, IssueText
from crmtui.org.generate.vocab import US_STATES, DomainPack, IssueSpec, ProductSpec, ServicePolicy

_STATE_NAMES = {code: name for code, name, _cities in US_STATES}


def _first(name: str) -> str:
    return name.split(" ", 1)[0]


def _biz(pack: DomainPack) -> bool:
    return pack.kind == "b2b"


_FALLBACK_TEXT: dict[tuple[str, str], IssueText] = {}


def _issue_text(pack: DomainPack, issue: IssueSpec) -> IssueText:
    """The pack's wording for `issue`, or a generic one built from its name and description."""
    words = ISSUE_TEXT.get(pack.kind, {}).get(issue.name)
    if words is not None:
        return words
    key = (pack.kind, issue.name)
    words = _FALLBACK_TEXT.get(key)
    if words is None:
        desc = issue.description.rstrip(".")
        desc = desc[:1].lower() + desc[1:]
        words = IssueText(
            subjects=(f"{issue.name} - {{product}}", f"{issue.name} With {{product}}"),
            problems=(f"The problem is that {desc}.", f"In short, {desc}, and it keeps happening."),
            fixes=("I've recorded the details on your case and asked the responsible team to look into it.",
                   "I've gone through the troubleshooting steps for this problem and noted the results."),
        )
        _FALLBACK_TEXT[key] = words
    return words


def _fill(template: str, product: ProductSpec, company: str) -> str:
    if "{" not in template:
        return template
    return template.replace("{product}", product.name).replace("{company}", company)


def _utter(template: str, customer_first: str, product: ProductSpec, agent_name: str) -> str:
    """A policy utterance with its placeholders filled."""
    return (template.replace("{customer}", customer_first).replace("{product}", product.name)
            .replace("{agent}", agent_name))


# ----------------------------------------------------------------------------------------------------
# Shared service wording (consumer: original and b2c; business: b2b)

_WHEN = ("last week", "a few days ago", "about two weeks ago", "earlier this month", "ten days ago",
         "over the weekend", "three weeks ago", "at the start of the month", "on Monday", "last month")
_SINCE = ("for about a year", "since last spring", "for several months", "since our last renewal",
          "for two years now", "since the start of the quarter")

_OPENERS_CONSUMER = (
    "I ordered the {product} {when}.",
    "I bought the {product} from your website {when}.",
    "I purchased the {product} {when} and was really looking forward to using it.",
    "My {product} arrived {when}.",
    "This is about the {product} I got {when}.",
    "I picked up the {product} {when} after reading some good reviews.",
    "I'm writing about my recent order of the {product}.",
    "I received the {product} as a gift {when}.",
    "I've been a {company} customer for years and recently bought the {product}.",
    "I'm contacting you about the {product} I ordered {when}.",
    "Hello, I need some help with my {product}.",
    "I'm reaching out regarding the {product} I purchased {when}.",
)
_OPENERS_BUSINESS = (
    "Our engineering team has been using {product} {since}.",
    "We deployed {product} across our design group {since}.",
    "I'm the tools administrator for our team, and we rely on {product} every day.",
    "Our organization has licensed {product} {since}.",
    "I'm reaching out about {product}, which we use for production work.",
    "We have {seats} seats of {product} in use at our site.",
    "Our team depends on {product} for most of our day-to-day engineering work.",
    "I'm writing on behalf of our hardware team about {product}.",
    "We recently expanded our use of {product} to a second site.",
    "I manage the design infrastructure here, including {product}.",
)
_IMPACT_CONSUMER = (
    "It's really disappointing, especially given the price.",
    "I needed it for a trip this weekend, so the timing couldn't be worse.",
    "This is the second time something like this has happened with an order.",
    "Honestly, I expected better quality from {company}.",
    "I've been a loyal customer for a long time, so this is frustrating.",
    "I was planning to give it as a gift, so I'm pretty stressed about it.",
    "I really need this sorted out soon.",
    "It's made the whole purchase a hassle so far.",
)
_IMPACT_BUSINESS = (
    "This is delaying a milestone our customer is waiting on.",
    "Several engineers are blocked until this is sorted out.",
    "We have a design review on Friday, so this is time-sensitive.",
    "It's costing us hours of rework every week.",
    "Our management is asking for updates, so a quick response would be appreciated.",
    "The disruption is affecting our whole project schedule.",
    "We're close to a tape-out deadline, which makes this urgent.",
)
_TRIED_CONSUMER = (
    "I already checked your help pages but couldn't find an answer.",
    "I've double-checked my order confirmation and everything looks right on my end.",
    "I tried sorting it out through the app first, without any luck.",
    "I followed the instructions that came with it to the letter.",
)
_TRIED_BUSINESS = (
    "We've already restarted the services and checked our configuration against the documentation.",
    "Our IT team has ruled out network and permission problems on our side.",
    "We searched the knowledge base but didn't find a matching article.",
    "We reproduced it on two different machines, so it isn't a local setup problem.",
)
_ASK_CONSUMER = (
    "Could you please help me sort this out?",
    "What are my options at this point?",
    "Please let me know how we can fix this.",
    "I'd appreciate a quick response.",
    "Can someone get back to me soon?",
    "I'd like this resolved as soon as possible.",
    "How can you help me with this?",
    "Please advise on what I should do next.",
)
_ASK_BUSINESS = (
    "Please advise on next steps.",
    "Could you assign an engineer to look into this?",
    "We need a fix or a workaround as soon as possible.",
    "Let us know what logs or details you need from us.",
    "Can you help us resolve this quickly?",
    "What do you recommend?",
)
_SIGNOFF = ("Thanks,\n{first}", "Regards,\n{first}", "{first}", "Thank you,\n{first}", "Best,\n{first}")

_SUBJECT_GENERIC = (
    "{issue} - {product}",
    "{issue} With My {product}",
    "{issue} on My {product}",
    "{issue} With the {product}",
    "{issue} for My {product} Order",
    "{issue} ({product})",
    "{issue} Affecting My {product}",
    "{product}: {issue}",
    "{product} - {issue}",
    "Problem With My {product}",
    "Help Needed With {product}",
    "Issue With My {product} Order",
    "Question About My {product}",
    "Trouble With the {product}",
    "Need Help With My {product}",
    "Complaint About the {product}",
)
_SUBJECT_GENERIC_BUSINESS = (
    "{issue} - {product}",
    "{issue} in {product}",
    "{issue} Affecting {product}",
    "{issue} on Our {product} Deployment",
    "{issue} ({product})",
    "{product}: {issue}",
    "{product} - {issue}",
    "Support Request: {product}",
    "Problem With {product}",
    "{product} Issue Affecting Our Team",
    "Help Needed With {product}",
    "Urgent Support Needed: {product}",
    "Question About {product}",
    "Trouble With {product} at Our Site",
)
_SUBJECT_PREFIX = ("", "", "", "", "", "", "Urgent: ", "Help: ", "Request: ", "Follow-up: ", "Important: ",
                   "Action Needed: ")
_SUBJECT_SUFFIX = ("", "", "", "", "", "", " - Please Help", " (Second Request)", " - Need Assistance",
                   " - Urgent", "!", " - Still Not Resolved")


def _subject_core(pack: DomainPack, rng: random.Random, words: IssueText, issue: IssueSpec,
                  product: ProductSpec) -> str:
    generic = _SUBJECT_GENERIC_BUSINESS if _biz(pack) else _SUBJECT_GENERIC
    n_own = len(words.subjects)
    k = rng.randrange(n_own + len(generic))
    if k < n_own:
        return _fill(words.subjects[k], product, pack.company)
    return generic[k - n_own].replace("{issue}", issue.name).replace("{product}", product.name)


def _complaint(pack: DomainPack, rng: random.Random, words: IssueText, product: ProductSpec) -> str:
    """Customer-voice complaint: opener, one or two problem sentences, maybe impact or attempts, an ask."""
    biz = _biz(pack)
    company = pack.company
    if biz:
        opener = rng.choice(_OPENERS_BUSINESS)
        opener = opener.replace("{since}", rng.choice(_SINCE)).replace("{seats}", str(rng.randint(4, 120)))
    else:
        opener = rng.choice(_OPENERS_CONSUMER).replace("{when}", rng.choice(_WHEN))
    parts = [opener.replace("{product}", product.name).replace("{company}", company)]
    problems = words.problems
    i = rng.randrange(len(problems))
    parts.append(_fill(problems[i], product, company))
    roll = rng.random()
    if roll < 0.3 and len(problems) > 1:
        other = problems[(i + 1 + rng.randrange(len(problems) - 1)) % len(problems)]
        parts.append(_fill(other, product, company))
    elif roll < 0.65:
        parts.append(rng.choice(_IMPACT_BUSINESS if biz else _IMPACT_CONSUMER).replace("{company}", company))
    elif roll < 0.85:
        parts.append(rng.choice(_TRIED_BUSINESS if biz else _TRIED_CONSUMER))
    parts.append(rng.choice(_ASK_BUSINESS if biz else _ASK_CONSUMER))
    return " ".join(parts)


def case_text(pack: DomainPack, rng: random.Random, *, issue: IssueSpec, product: ProductSpec,
              customer_first: str) -> tuple[str, str]:
    """(Subject, Description) of a customer case about `issue` with `product`, in the customer's voice."""
    words = _issue_text(pack, issue)
    prefix = rng.choice(_SUBJECT_PREFIX)
    core = _subject_core(pack, rng, words, issue, product)
    suffix = rng.choice(_SUBJECT_SUFFIX)
    subject = (core if ":" in core else prefix + core) + suffix
    description = _complaint(pack, rng, words, product)
    if rng.random() < 0.3:
        description += "\n\n" + rng.choice(_SIGNOFF).replace("{first}", customer_first)
    return subject, description


# ----------------------------------------------------------------------------------------------------
# Case emails

_THREAD_SUBJECTS = ("{issue} - {product}", "Problem with my {product}", "{product}: {issue}",
                    "Support request: {issue}", "Help with {product}", "Question about my {product}")
_THREAD_SUBJECTS_BUSINESS = ("{issue} - {product}", "{product}: {issue}", "Support request: {issue}",
                             "Issue with {product}", "Case follow-up: {product}", "{issue} ({product})")

_CUST_GREETING_FIRST = ("Hello,", "Hi there,", "Hi,", "To whom it may concern,", "Hello support team,",
                        "Good morning,")
_CUST_GREETING = ("Hi {agent},", "Hello {agent},", "Dear {agent},", "Hi again {agent},", "Hi,")
_CUST_FOLLOWUP_CONSUMER = (
    "Thanks for getting back to me so quickly.",
    "I tried what you suggested, but unfortunately the problem is still there.",
    "Just checking in, since I haven't seen an update on this yet.",
    "I've attached the photos and my order number as you asked.",
    "That's helpful, thank you. I'll watch for the next update.",
    "Is there any news? It's been a few days since we last spoke.",
    "Thanks for explaining. I still have a couple of questions, though.",
    "I appreciate the help so far.",
)
_CUST_FOLLOWUP_BUSINESS = (
    "Thanks for the quick response.",
    "We applied the change you recommended, but the issue persists.",
    "Attached are the logs and screenshots you asked for.",
    "Is there any update on the engineering ticket?",
    "That workaround helped partially, but we still need a permanent fix.",
    "Could you give us an estimate for when this will be resolved?",
    "Thanks, that clarifies things for our team.",
)
_CUST_RESTATE = ("To recap: ", "Just to remind you of the problem: ", "As I said before: ",
                 "Once more, the problem is this: ")
_CUST_CLOSING = ("Thanks,", "Thank you,", "Best,", "Regards,", "Kind regards,", "Many thanks,")

_AGENT_GREETING = ("Hi {first},", "Hello {first},", "Dear {first},", "Good afternoon {first},")
_AGENT_OPEN_FIRST = (
    "Thank you for contacting {company} about your {product}.",
    "Thanks for reaching out, and I'm sorry to hear about the trouble with your {product}.",
    "I'm sorry for the inconvenience with your {product}, and thank you for letting us know.",
    "Thank you for your message about the {product}. I'm looking into it for you.",
    "I appreciate you taking the time to write to us about your {product}.",
)
_AGENT_OPEN_LATER = (
    "Thanks for getting back to me.",
    "Thank you for the additional details.",
    "I appreciate your patience while we looked into this.",
    "Thanks for the update on your {product}.",
    "I'm following up on your case about the {product}.",
)
_AGENT_NEXT = (
    "I'll keep this case open and follow up within two business days.",
    "Please reply to this email if anything else comes up.",
    "If you have any other questions, just reply to this message.",
    "I'll update you as soon as I hear back from the team.",
    "Let me know if this helps or if there's anything else I can do.",
    "You'll receive a confirmation email once this is complete.",
)
_AGENT_CLOSING = ("Best regards,", "Kind regards,", "Sincerely,", "Warm regards,", "Thank you,",
                  "All the best,")


def _thread_subject(pack: DomainPack, issue: IssueSpec, product: ProductSpec, customer_name: str) -> str:
    """The subject shared by every email of a thread: chosen from the inputs alone, not from the RNG."""
    pool = _THREAD_SUBJECTS_BUSINESS if _biz(pack) else _THREAD_SUBJECTS
    k = (len(customer_name) * 7 + len(product.name) * 3 + len(issue.name)) % len(pool)
    return pool[k].replace("{issue}", issue.name).replace("{product}", product.name)


def _signature(pack: DomainPack, agent_name: str) -> str:
    team = "Technical Support" if _biz(pack) else "Customer Care"
    return f"{agent_name}\n{pack.company} {team}"


def case_email(pack: DomainPack, rng: random.Random, *, issue: IssueSpec, product: ProductSpec,
               customer_name: str, agent_name: str, from_customer: bool, position: int,
               violation: ServicePolicy | None = None) -> tuple[str, str]:
    """(Subject, TextBody) of the `position`-th email (0-based) of a case thread.

    If `violation` is given and the email is from the agent, the body contains one of the policy's
    violating utterances; otherwise an agent email may contain a compliant utterance.
    """
    thread = _thread_subject(pack, issue, product, customer_name)
    subject = thread if position == 0 else "Re: " + thread
    words = _issue_text(pack, issue)
    company = pack.company
    customer_first = _first(customer_name)
    if from_customer:
        if position == 0:
            greeting = rng.choice(_CUST_GREETING_FIRST)
            body = _complaint(pack, rng, words, product)
        else:
            greeting = rng.choice(_CUST_GREETING).replace("{agent}", _first(agent_name))
            body = rng.choice(_CUST_FOLLOWUP_BUSINESS if _biz(pack) else _CUST_FOLLOWUP_CONSUMER)
            if rng.random() < 0.5:
                body += " " + rng.choice(_CUST_RESTATE) + _fill(rng.choice(words.problems), product, company)
        text = f"{greeting}\n\n{body}\n\n{rng.choice(_CUST_CLOSING)}\n{customer_name}"
        return subject, text
    greeting = rng.choice(_AGENT_GREETING).replace("{first}", customer_first)
    opening = rng.choice(_AGENT_OPEN_FIRST if position <= 1 else _AGENT_OPEN_LATER)
    opening = opening.replace("{company}", company).replace("{product}", product.name)
    paragraphs = [greeting, opening + " " + _fill(rng.choice(words.fixes), product, company)]
    if violation is not None:
        paragraphs.append(_utter(rng.choice(violation.violations), customer_first, product, agent_name))
    elif pack.service_policies and rng.random() < 0.35:
        policy = rng.choice(pack.service_policies)
        paragraphs.append(_utter(rng.choice(policy.compliant), customer_first, product, agent_name))
    paragraphs.append(rng.choice(_AGENT_NEXT))
    paragraphs.append(rng.choice(_AGENT_CLOSING) + "\n" + _signature(pack, agent_name))
    return subject, "\n\n".join(paragraphs)


# ----------------------------------------------------------------------------------------------------
# Live chats

_CHAT_HELLO = (
    "Hi there! Thanks for contacting {company}. My name is {agent}. How can I help you today?",
    "Hello, you're chatting with {agent} from {company} support. What can I do for you?",
    "Welcome to {company} support, this is {agent}. How can I help?",
    "Hi, I'm {agent}. Thanks for reaching out to {company}! What brings you here today?",
    "Good day, and thanks for waiting. {agent} here from {company}. How may I help you?",
)
_CHAT_CUST_OPEN_CONSUMER = (
    "Hi {agent}. I bought the {product} {when}.",
    "Hello. I have a problem with my {product}.",
    "Hi, it's about the {product} I ordered {when}.",
    "Hey {agent}, I need help with the {product}.",
    "Hi. I'm contacting you about my {product}.",
)
_CHAT_CUST_OPEN_BUSINESS = (
    "Hi {agent}. Our team uses {product} and we've hit a problem.",
    "Hello, I'm contacting you about {product}.",
    "Hi, we have an issue with {product} at our site.",
    "Hi {agent}, I'm the admin for {product} on our side and need some help.",
)
# (agent question, customer answers); answers may use {order} and {problem}.
_CHAT_CLARIFY_CONSUMER = (
    ("I'm sorry to hear that, {first}. When did you first notice it?",
     ("It started pretty much right away.", "About a week ago.", "Only in the last few days.")),
    ("Thanks for the details. Could you share your order number so I can look into it?",
     ("Sure, it's {order}.", "Yes, the order number is {order}.")),
    ("I understand how frustrating that is. Can you tell me a bit more about what's happening?",
     ("{problem}", "Sure. {problem}", "Of course. {problem}")),
    ("Sorry about that! Have you tried anything so far?",
     ("Nothing beyond what the instructions say.", "I checked the help pages, but nothing there helped.")),
)
_CHAT_CLARIFY_BUSINESS = (
    ("Thanks, {first}. When did this start?",
     ("Right after our last update.", "About a week ago.", "It's been happening on and off for a month.")),
    ("Could you share your license ID so I can pull up your account?",
     ("Sure, it's {order}.", "Our license ID is {order}.")),
    ("I understand. Can you describe the behavior in a bit more detail?",
     ("{problem}", "Sure. {problem}")),
    ("Have you made any recent changes to your environment?",
     ("No, nothing has changed on our side.", "Only the routine operating system patches.")),
)
_CHAT_FIX_LEAD = ("Thanks, {first}. ", "I've looked into this. ", "Thanks for your patience. ", "",
                  "Okay, I see what's going on. ", "I understand. ")
_CHAT_EXTRA = (
    ("How long will that take?",
     ("You should see an update within two business days.", "It usually takes three to five business days.")),
    ("Will I get an email about it?",
     ("Yes, you'll receive a confirmation email shortly.",
      "Yes, I'll send a summary to your email right after this chat.")),
    ("Is there anything I need to do in the meantime?",
     ("No, nothing for now. I'll take it from here.", "Just keep an eye on your inbox for updates.")),
)
_CHAT_ASK_GENERIC = ("Is there anything else you can do?", "What else can you do for me?",
                     "Is that really the best option?")
_CHAT_REACT = ("Okay, that works for me.", "Great, thank you so much!", "Alright, I appreciate the help.",
               "Got it, thanks.", "Okay, I understand.", "Thanks for explaining.")
_CHAT_ANYTHING = ("Is there anything else I can help you with today?",
                  "Anything else I can do for you, {first}?",
                  "Is there anything else you need?", "Can I help with anything else?")
_CHAT_NO = ("No, that's all. Thanks, {agent}!", "Nope, that's everything. Have a good day!",
            "That's it for now, thanks.", "No, I'm all set. Thank you!")
_CHAT_BYE = ("You're welcome, {first}! Have a great day.", "Thanks for chatting with {company}. Take care!",
             "Glad I could help. Goodbye!", "My pleasure. Have a nice day, {first}!")


def chat_transcript(pack: DomainPack, rng: random.Random, *, issue: IssueSpec, product: ProductSpec,
                    customer_name: str, agent_name: str, violation: ServicePolicy | None) -> str:
    """Body of a live chat between customer and agent (lines like 'Agent: ...' / 'Customer: ...').

    With `violation`, the agent says one of the policy's violating utterances.
    """
    words = _issue_text(pack, issue)
    company = pack.company
    biz = _biz(pack)
    first = _first(customer_name)
    agent_first = _first(agent_name)
    problems = words.problems
    k = rng.randrange(len(problems))
    problem = _fill(problems[k], product, company)
    opener = rng.choice(_CHAT_CUST_OPEN_BUSINESS if biz else _CHAT_CUST_OPEN_CONSUMER)
    opener = opener.replace("{agent}", agent_first).replace("{product}", product.name)
    if "{when}" in opener:
        opener = opener.replace("{when}", rng.choice(_WHEN))
    lines = [
        "Agent: " + rng.choice(_CHAT_HELLO).replace("{company}", company).replace("{agent}", agent_first),
        f"Customer: {opener} {problem}",
    ]
    if rng.random() < 0.6:
        question, answers = rng.choice(_CHAT_CLARIFY_BUSINESS if biz else _CHAT_CLARIFY_CONSUMER)
        answer = rng.choice(answers)
        if "{" in answer:
            other = _fill(problems[(k + 1) % len(problems)], product, company)
            order = f"QL-{rng.randint(100000, 999999)}" if biz else f"#{rng.randint(1000000, 9999999)}"
            answer = answer.replace("{order}", order).replace("{problem}", other)
        lines.append("Agent: " + question.replace("{first}", first))
        lines.append("Customer: " + answer)
    fix = _fill(rng.choice(words.fixes), product, company)
    lines.append("Agent: " + rng.choice(_CHAT_FIX_LEAD).replace("{first}", first) + fix)
    if rng.random() < 0.4:
        question, answers = rng.choice(_CHAT_EXTRA)
        lines.append("Customer: " + question)
        lines.append("Agent: " + rng.choice(answers))
    policy = violation
    utterance = None
    if violation is not None:
        utterance = rng.choice(violation.violations)
    elif pack.service_policies and rng.random() < 0.5:
        policy = rng.choice(pack.service_policies)
        utterance = rng.choice(policy.compliant)
    if policy is not None and utterance is not None:
        asks = POLICY_ASKS.get(policy.key, _CHAT_ASK_GENERIC)
        lines.append("Customer: " + rng.choice(asks))
        lines.append("Agent: " + _utter(utterance, first, product, agent_name))
    lines.append("Customer: " + rng.choice(_CHAT_REACT))
    lines.append("Agent: " + rng.choice(_CHAT_ANYTHING).replace("{first}", first))
    lines.append("Customer: " + rng.choice(_CHAT_NO).replace("{agent}", agent_first))
    if rng.random() < 0.6:
        bye = rng.choice(_CHAT_BYE)
        lines.append("Agent: " + bye.replace("{first}", first).replace("{company}", company))
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------------
# Sales emails

_SALES_SUBJECTS = {
    "Qualification": ("Introduction: {company} and {account}", "Quick introduction from {company}",
                      "Exploring a fit for {account}", "Following up on your inquiry"),
    "Discovery": ("Follow-up: your requirements for {opp}", "Next steps after our discovery call",
                  "Questions about your current workflow", "Understanding your goals for {opp}"),
    "Quote": ("Quote for {opp}", "Proposal and pricing: {opp}", "Your quote from {company}",
              "Proposal for {account}"),
    "Negotiation": ("Contract terms for {opp}", "Pricing and terms for {opp}",
                    "Updated agreement for {account}", "Redlines on the {opp} agreement"),
    "Closed": ("Welcome to {company}!", "Kickoff planning for {opp}", "Thank you from {company}",
               "Next steps after signing: {opp}"),
}
_SALES_AGENT = {
    "Qualification": (
        "I'm reaching out because teams like yours at {account} "
        "often look for ways to work faster with fewer tools.",
        "Thanks for your interest in {company}. I'd love to learn a "
        "little about {account} and see whether we could be a good fit.",
        "Would you have 20 minutes next week for an introductory call?",
        "I've attached a short overview of {company} in case it's useful before we talk.",
    ),
    "Discovery": (
        "Thanks again for walking me through your current setup and the challenges your team is facing.",
        "To make sure I understand your needs, could you share how many "
        "people would use the solution and which tools they use today?",
        "I've summarized the goals we discussed for {opp}; please correct anything I missed.",
        "It would help to hear from your technical team about their most important requirements.",
    ),
    "Quote": (
        "As promised, I've attached the quote for {opp} based on the configuration we discussed.",
        "The proposal includes the products, quantities and "
        "pricing we reviewed, along with standard support.",
        "Happy to walk your team through the quote line by line if that helps.",
        "I've also included two case studies from customers with similar requirements.",
    ),
    "Negotiation": (
        "Thanks for the feedback on pricing. I've discussed it internally and attached revised terms.",
        "Our legal team has reviewed your redlines on the agreement, and most changes are acceptable.",
        "We can offer annual payment terms if that makes approval easier on your side.",
        "Could we schedule a call with your procurement team to settle the remaining points?",
    ),
    "Closed": (
        "Thank you for choosing {company}! We're excited to get started with {account}.",
        "Your customer success manager will reach out this week to schedule the kickoff meeting.",
        "I've attached the onboarding plan and the contacts for your implementation team.",
        "It's been a pleasure working with you on {opp}.",
    ),
}
_SALES_CUSTOMER = {
    "Qualification": (
        "Thanks for reaching out. We're open to learning more about what {company} offers.",
        "An introductory call could work. I'm free Tuesday or Thursday afternoon.",
        "Could you send some general information first so I can share it with my team?",
    ),
    "Discovery": (
        "Here's a summary of our current tools and the main problems our team runs into.",
        "About 25 people would use it, mostly engineers and a few analysts.",
        "Our biggest concern is how much time we lose on manual work today.",
    ),
    "Quote": (
        "Thanks for the quote. We're reviewing it internally and may have a few questions.",
        "Could you clarify what's included in the support line of the quote?",
        "The proposal looks reasonable; I'm sharing it with our finance team.",
    ),
    "Negotiation": (
        "Our procurement team is asking for a better discount on the multi-year option.",
        "Legal has a few remaining comments on the liability clause; I've attached them.",
        "We're close. If we can agree on payment terms, I think we can move forward.",
    ),
    "Closed": (
        "Thanks for all your help getting this done. We're looking forward to the kickoff.",
        "The signed agreement is attached. Who should we contact for onboarding?",
        "Great working with you. Our team is ready to get started.",
    ),
}
_SALES_GREETING = ("Hi {first},", "Hello {first},", "Dear {first},", "Good morning {first},")

# Consumer orgs sell to individuals (person accounts): the same stages, in a household's terms.
_SALES_SUBJECTS_CONSUMER = {
    "Qualification": ("Welcome from {company}", "Finding the right products for you",
                      "Following up on your inquiry"),
    "Discovery": ("Your home setup", "A few questions about your needs", "Next steps for {opp}"),
    "Quote": ("Your quote from {company}", "Quote for {opp}", "Your personalized offer"),
    "Negotiation": ("Updated offer for {opp}", "Payment options for your order", "Revised quote for {opp}"),
    "Closed": ("Thank you for your order!", "Delivery and setup for {opp}", "Welcome to {company}"),
}
_SALES_AGENT_CONSUMER = {
    "Qualification": (
        "Thanks for signing up for updates from {company}! I'd be happy to help you find the right products.",
        "Would a quick call this week help you narrow down your options?",
        "I've attached our current buying guide in case it's useful.",
        "I noticed you were browsing our range online and wanted to see if you had any questions.",
    ),
    "Discovery": (
        "Thanks for telling me about your setup at home and what you'd like to improve.",
        "Could you let me know which devices you already use, so I can check compatibility?",
        "I've noted the rooms you'd like to cover; please correct anything I missed.",
        "It would help to know whether you prefer voice control or the app.",
    ),
    "Quote": (
        "As promised, here's the quote for {opp} with the items we discussed.",
        "The quote lists the devices, delivery and the optional extended coverage.",
        "Happy to go through the quote with you over the phone.",
        "I've also included a few reviews from customers with similar setups.",
    ),
    "Negotiation": (
        "Thanks for your feedback on the price. I've checked the options and attached a revised offer.",
        "We can split the payment into monthly installments if that helps.",
        "I've updated the offer with the delivery date you asked for.",
        "Let me know if the revised terms work for you.",
    ),
    "Closed": (
        "Thank you for your order! Your devices are being prepared for delivery.",
        "Our setup team will contact you to schedule the installation.",
        "I've attached your order confirmation and the setup guides.",
        "It was a pleasure helping you with {opp}.",
    ),
}
_SALES_CUSTOMER_CONSUMER = {
    "Qualification": (
        "Thanks for reaching out. I'm just starting to look at options.",
        "A quick call could work. I'm free most evenings.",
        "Could you send me some information first?",
    ),
    "Discovery": (
        "We mainly want to cover the living room and the front door.",
        "We already have a couple of smart bulbs and a speaker.",
        "My main concern is that everything works from one app.",
    ),
    "Quote": (
        "Thanks for the quote. I'm going through it with my family.",
        "Could you explain what the coverage line on the quote includes?",
        "The quote looks fine; I just have a question about delivery.",
    ),
    "Negotiation": (
        "Is there any flexibility on the price if I add another device?",
        "Monthly payments would help a lot.",
        "If you can deliver before the end of the month, I'm ready to go ahead.",
    ),
    "Closed": (
        "Thanks for all your help. I'm looking forward to setting everything up.",
        "The order confirmation came through. When will the installer call?",
        "Great service, thank you.",
    ),
}


def _sales_fill(template: str, company: str, account: str, opportunity: str) -> str:
    return template.replace("{company}", company).replace("{account}", account).replace("{opp}", opportunity)


def sales_email(pack: DomainPack, rng: random.Random, *, opportunity_name: str, account_name: str,
                contact_name: str, agent_name: str, stage: str, from_customer: bool) -> tuple[str, str]:
    """(Subject, TextBody) of an email about an opportunity at `stage`."""
    stage = stage if stage in _SALES_SUBJECTS else "Discovery"
    company = pack.company
    biz = _biz(pack)
    subjects = _SALES_SUBJECTS if biz else _SALES_SUBJECTS_CONSUMER
    subject = _sales_fill(rng.choice(subjects[stage]), company, account_name, opportunity_name)
    if from_customer:
        pool = (_SALES_CUSTOMER if biz else _SALES_CUSTOMER_CONSUMER)[stage]
    else:
        pool = (_SALES_AGENT if biz else _SALES_AGENT_CONSUMER)[stage]
    i = rng.randrange(len(pool))
    j = (i + 1 + rng.randrange(len(pool) - 1)) % len(pool)
    body = _sales_fill(pool[i] + " " + pool[j], company, account_name, opportunity_name)
    if from_customer:
        greeting = rng.choice(_SALES_GREETING).replace("{first}", _first(agent_name))
        sign = f"{rng.choice(_CUST_CLOSING)}\n{contact_name}"
        if biz:
            sign += "\n" + account_name
        return "Re: " + subject, f"{greeting}\n\n{body}\n\n{sign}"
    greeting = rng.choice(_SALES_GREETING).replace("{first}", _first(contact_name))
    sign = f"{rng.choice(_AGENT_CLOSING)}\n{agent_name}\n{company}"
    return subject, f"{greeting}\n\n{body}\n\n{sign}"


# ----------------------------------------------------------------------------------------------------
# Voice calls: lead qualification (BANT)

_LEAD_HELLO = (
    "Hi {lead}, this is {agent} from {company}. Thanks for making time to talk about {product}.",
    "Good morning {lead}, {agent} here from {company}. I'm following up on your interest in {product}.",
    "Hello {lead}, it's {agent} with {company}. Is now still a good time to talk about {product}?",
    "Hi {lead}, {agent} from {company}. I saw you downloaded "
    "our material on {product} and wanted to follow up.",
)
_LEAD_INTRO = (
    "Hi {agent}, sure. {lead} here, {title} at {org}.",
    "Yes, now works. For context, my role at {org} is {title}.",
    "Happy to talk. I'm {lead}, {title} at {org}.",
    "Hi {agent}. Yes, this is fine. I'm the {title} at {org}.",
)
_ACK = ("Understood.", "Good to know.", "Thanks, that helps.", "Okay, noted.", "I see.", "Got it.")

_BUDGET_Q = ("Have you set aside budget for a solution like {product}?",
             "How are you planning to fund this purchase?",
             "Can I ask where things stand on budget for this?",
             "Is there money allocated for this project yet?")
_BUDGET_MET = ("We have {amount} approved for this in the current budget.",
               "The funding is there: {amount} has been allocated for exactly this kind of purchase.",
               "Budget isn't a problem. We set aside {amount} for it, and it's already approved.",
               "We've got {amount} approved and ready to spend on this.")
_BUDGET_UNMET = ("Honestly, there's no budget allocated for this, and I don't know where the money would "
                 "come from.",
                 "We haven't set aside any funds for this. Nothing has been approved.",
                 "Our spending is frozen, so there's no budget for a purchase like this.",
                 "We'd have to find the money somehow. There's no budget for it.")
_AUTH_Q = ("Who else will be involved in making the final decision?",
           "Will you be the one signing off on this purchase?",
           "What does the approval process look like on your side?",
           "Who has the final say on a purchase like this?")
_AUTH_MET = ("I'm the decision maker here. It's my budget, and I sign off on purchases like this myself.",
             "That would be me. I have final approval and don't need anyone else's sign-off.",
             "I make the call on this. Once I'm convinced, I can sign the order myself.")
_AUTH_UNMET = ("I'm only gathering information. The final decision sits with our {decider}, and I can't sign "
               "off on anything myself.",
               "It's not my call, to be honest. Our {decider} makes "
               "the decision; I'll just pass along a recommendation.",
               "I don't have purchasing authority. Anything like this has to be approved by our {decider}.")
_DECIDERS = ("CFO", "VP of Engineering", "CEO", "head of procurement", "managing director",
             "chief operating officer")
_NEED_Q = ("What's prompting you to look at {product}?", "What challenges are you hoping to solve?",
           "How is your current setup working for you?", "What would {product} need to fix for you?")
_NEED_MET = ("We have a real problem: {pain}. We need something like {product} to fix it.",
             "Honestly, we're struggling. {pain_cap}, and it's hurting our results.",
             "Our current setup can't keep up anymore. {pain_cap}, "
             "which is exactly the gap {product} would fill.")
_NEED_UNMET = ("To be honest, our current solution works fine and we're not having any problems. We're just "
               "curious about what's out there.",
               "We don't really have a problem that {product} would solve. What we use today does the job.",
               "There's no pressing need on our side. We're happy "
               "with what we have; I just wanted to see the product.")
_PAINS_BUSINESS = ("our simulation runs take days instead of hours", "design errors slip through to late "
                   "verification", "our license costs keep climbing while tools sit idle",
                   "our teams can't share design data across sites", "our compute cluster is maxed out "
                   "every night", "we keep missing tape-out dates")
_PAINS_CONSUMER = ("our office equipment keeps breaking down", "our staff waste time with unreliable devices",
                   "we have no easy way to secure the building after hours", "our energy bills keep going up",
                   "our current devices don't work together", "we lose hours every week to connection "
                   "problems")
_TIME_Q = ("When are you hoping to have a solution in place?", "What kind of timeframe are you working with?",
           "When would you want to make a purchase decision?", "How soon are you looking to buy?")
_TIME_MET = ("We want this in place within the next {n} months.",
             "We're aiming to buy within {n} months, ideally sooner.",
             "Our target is to have it running in about {w} weeks.")
_TIME_UNMET = ("We're not planning to buy anything for at least {m} months.",
               "Realistically, this is a project for {m} months from now, not before.",
               "There's no rush. We wouldn't look at purchasing for another {m} months.")
_LEAD_BYE_AGENT = ("Thanks, {lead}. I'll send over a summary and some material on {product}.",
                   "Great, that gives me a clear picture. I'll follow up by email with next steps.",
                   "I appreciate your time. Let me put together some information and get back to you.")
_LEAD_BYE = ("Sounds good, talk soon.", "Thanks, {agent}. Looking forward to it.",
             "Perfect, thanks for the call.",
             "Okay, thanks. Bye for now.")


# Public, read-only view of the BANT answers above, for oracles that read the calls back:
# factor -> {"met": templates, "unmet": templates}. Placeholders: {amount}, {decider}, {pain}, {pain_cap},
# {product}, {n} and {w} (months/weeks within reach), {m} (months away).
BANT_SIGNALS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "Budget": MappingProxyType({"met": _BUDGET_MET, "unmet": _BUDGET_UNMET}),
    "Authority": MappingProxyType({"met": _AUTH_MET, "unmet": _AUTH_UNMET}),
    "Need": MappingProxyType({"met": _NEED_MET, "unmet": _NEED_UNMET}),
    "Timeline": MappingProxyType({"met": _TIME_MET, "unmet": _TIME_UNMET}),
})


def _money(amount: float) -> str:
    return f"${amount:,.0f}"


def lead_call(pack: DomainPack, rng: random.Random, *, lead_name: str, lead_title: str, company: str,
              agent_name: str, product: ProductSpec, unmet: frozenset[str]) -> str:
    """A voice-call transcript between a sales agent and a lead.

    For each BANT factor (Budget, Authority, Need, Timeline) the call contains a clear signal: the factor
    is unmet when it is in `unmet` (e.g. no budget allocated; not a decision maker; no real need;
    purchase more than the qualification window away), met otherwise. The signals must be decidable by
    reading the call against the lead-qualification article.
    """
    lead_first = _first(lead_name)
    agent_first = _first(agent_name)
    biz = _biz(pack)
    name = product.name
    window = QUALIFICATION_WINDOW_MONTHS.get(pack.kind, 6)
    hello = rng.choice(_LEAD_HELLO)
    lines = [
        "Agent: " + hello.replace("{lead}", lead_first).replace("{agent}", agent_first)
        .replace("{company}", pack.company).replace("{product}", name),
        "Customer: " + rng.choice(_LEAD_INTRO).replace("{agent}", agent_first).replace("{lead}", lead_first)
        .replace("{title}", lead_title).replace("{org}", company).replace("..", "."),
    ]
    topics = ["Budget", "Authority", "Need", "Timeline"]
    rng.shuffle(topics)
    for topic in topics:
        bad = topic in unmet
        if topic == "Budget":
            question = rng.choice(_BUDGET_Q)
            if bad:
                answer = rng.choice(_BUDGET_UNMET)
            else:
                units = rng.randint(2, 12) if biz else rng.randint(2, 20)
                step = 1000 if biz else 50
                amount = max(step, round(product.list_price * units / step) * step)
                answer = rng.choice(_BUDGET_MET).replace("{amount}", _money(amount))
        elif topic == "Authority":
            question = rng.choice(_AUTH_Q)
            answer = (rng.choice(_AUTH_UNMET).replace("{decider}", rng.choice(_DECIDERS)) if bad
                      else rng.choice(_AUTH_MET))
        elif topic == "Need":
            question = rng.choice(_NEED_Q)
            if bad:
                answer = rng.choice(_NEED_UNMET)
            else:
                pain = rng.choice(_PAINS_BUSINESS if biz else _PAINS_CONSUMER)
                answer = rng.choice(_NEED_MET).replace("{pain_cap}", pain[:1].upper() + pain[1:])
                answer = answer.replace("{pain}", pain)
        else:
            question = rng.choice(_TIME_Q)
            if bad:
                answer = rng.choice(_TIME_UNMET).replace("{m}", str(window + rng.randint(6, 12)))
            else:
                months = str(rng.randint(2, max(2, window - 1)))
                weeks = str(rng.randint(2, 4 * window - 4))
                answer = rng.choice(_TIME_MET).replace("{n}", months).replace("{w}", weeks)
        lines.append("Agent: " + question.replace("{product}", name))
        lines.append("Customer: " + answer.replace("{product}", name))
        if rng.random() < 0.35:
            lines.append("Agent: " + rng.choice(_ACK))
    bye = rng.choice(_LEAD_BYE_AGENT)
    lines.append("Agent: " + bye.replace("{lead}", lead_first).replace("{product}", name))
    lines.append("Customer: " + rng.choice(_LEAD_BYE).replace("{agent}", agent_first))
    return "\n".join(lines)


def lead_qualification_article(pack: DomainPack) -> tuple[str, str, str]:
    """(Title, Summary, Body) of the BANT lead-qualification guide the calls are judged against."""
    window = QUALIFICATION_WINDOW_MONTHS.get(pack.kind, 6)
    title = "Lead Qualification Guide: BANT Criteria"
    summary = (f"A lead is qualified only if Budget, Authority, Need and Timeline are all met; the purchase "
               f"must be planned within {window} months.")
    body = "\n\n".join((
        f"Use this guide to decide whether a {pack.company} lead is qualified. Review the voice call "
        "transcripts with the lead and check each of the four BANT criteria below. A lead is qualified only "
        "when all four criteria are met; otherwise, report every criterion that is not met.",
        "Budget: met when the lead confirms that money has been approved or allocated for the purchase, for "
        "example by stating an approved amount. Not met when the lead says no budget is allocated, spending "
        "is frozen, or the money would still have to be found.",
        "Authority: met when the person on the call can approve the purchase, for example because they own "
        "the budget or have final sign-off. Not met when the person says the decision belongs to someone "
        "else, such as an executive or the procurement team, and that they cannot sign off themselves.",
        f"Need: met when the lead describes a concrete business problem that {pack.company} products would "
        "solve. Not met when the lead is satisfied with their current solution, reports no problems, or is "
        "only curious.",
        f"Timeline: met when the lead plans to purchase within {window} "
        f"months. Not met when the purchase is more than {window} months away.",
    ))
    return title, summary, body


# ----------------------------------------------------------------------------------------------------
# Voice calls: opportunities (competitors and subtopics)

_OPP_HELLO = ("Hi {contact}, thanks for joining. I wanted to check in on {opp}.",
              "Hello {contact}, {agent} from {company} here. Let's pick up where we left off on {opp}.",
              "Good to talk again, {contact}. I'd like to go over where we are with {opp}.",
              "Hi {contact}, thanks for making time today to discuss {opp} and {product}.")
_OPP_HELLO_REPLY = ("Hi {agent}, good to talk again.", "Thanks for setting this up.",
                    "Sure, happy to go through it.", "Hi {agent}. Yes, let's do it.")
_COMP_Q = (
    "Are you looking at any other vendors?",
    "How do we compare with the other options you're evaluating?",
    "Have you spoken with anyone else about this?",
    "Which other solutions are on your shortlist?",
    "Is anyone else in the running?",
)
_COMP_LINES = {
    "positive": (
        "We've been talking with {comp} as well, and honestly they've impressed us: great product and a very "
        "responsive team.",
        "{comp} made a strong pitch. Their solution is excellent and we like working with them.",
        "I'll be honest: {comp} is looking really good right now, and their offer is very attractive.",
    ),
    "neutral": (
        "We've also had a call with {comp}. It's too early to have an opinion on them.",
        "{comp} is on our list too. They seem comparable, and nothing stands out either way.",
        "We've received some information from {comp}, but we haven't evaluated it yet.",
    ),
    "negative": (
        "We tried {comp} last year and it was a disappointment: poor support and lots of bugs.",
        "{comp} reached out too, but their product didn't meet our needs and their team was hard to work "
        "with.",
        "Frankly, our experience with {comp} has been frustrating, and we're not keen on them.",
    ),
}
# subtopic -> (agent prompts naming the subtopic, {sentiment: customer lines about our solution})
_SUBTOPIC_LINES: dict[str, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {
    "Business problems and pain points": (
        ("Let's start with the business problems and pain points you're dealing with today.",
         "Can you walk me through the main pain points and business problems you want to solve?"),
        {
            "positive": (
                "Honestly, your team really understands our pain points. The way {product} targets our "
                "bottlenecks is exactly what we need.",
                "You've nailed our business problems. {product} addresses the issues that have been holding "
                "us back.",
            ),
            "neutral": (
                "Our main pain point is turnaround time. We're still working out how much of it {product} "
                "would actually address.",
                "The business problems are the usual ones for us, cost and speed. It's too early to say how "
                "well your solution fits them.",
            ),
            "negative": (
                "I'm not convinced you've understood our pain points. {product} seems to miss the problems "
                "that actually hurt us.",
                "Frankly, the business problems we raised haven't been addressed, which is frustrating.",
            ),
        },
    ),
    "Pricing and competitive analysis": (
        ("Let's talk about pricing and competitive analysis: how do we stack up against the alternatives?",
         "How does our pricing look in your competitive analysis?"),
        {
            "positive": (
                "Your pricing compares very well against the alternatives; in our competitive analysis you "
                "come out ahead.",
                "On pricing, we're pleased. You offer better value than the other options we analyzed.",
            ),
            "neutral": (
                "On pricing and the competitive comparison, you're roughly in line with the others we've "
                "looked at.",
                "Your price is about what we expected. Our competitive analysis puts you in the middle of "
                "the pack.",
            ),
            "negative": (
                "Pricing is a real concern. Compared with the alternatives, your quote looks expensive for "
                "what we get.",
                "In our competitive analysis your pricing comes out worst, and that's hard to justify "
                "internally.",
            ),
        },
    ),
    "Implementation process and support": (
        ("Let's cover the implementation process and support you'd get from us.",
         "How do you feel about the implementation plan and our support model?"),
        {
            "positive": (
                "The implementation plan looks very solid, and your support team has been excellent so far.",
                "We're impressed with the implementation process; the onboarding and support you described "
                "are exactly right.",
            ),
            "neutral": (
                "The implementation process seems standard. We'll need more detail on support before we form "
                "a view.",
                "Implementation and support look adequate. Nothing stands out either way.",
            ),
            "negative": (
                "I'm worried about implementation. The timeline seems unrealistic and the support options "
                "are thin.",
                "Honestly, the support we've had so far has been slow, which makes me nervous about the "
                "implementation.",
            ),
        },
    ),
    "Value propositions": (
        ("Let's talk about our value propositions and what {product} would mean for your business.",
         "How is our value proposition landing with your team?"),
        {
            "positive": (
                "The value proposition is compelling. We can clearly see the return on this investment.",
                "Your value proposition really resonated with our leadership; the benefits are clear.",
            ),
            "neutral": (
                "The value proposition makes sense on paper, but we still need to quantify it for our "
                "situation.",
                "We understand the value you're proposing; we just haven't decided how much it matters to "
                "us.",
            ),
            "negative": (
                "I don't see a strong value proposition yet. The benefits feel vague compared to the cost.",
                "Our team isn't convinced by the value proposition; it's not clear what we'd gain.",
            ),
        },
    ),
    "Product features and capabilities": (
        ("Let's go through the product features and capabilities you care about most.",
         "What did you think of the features and capabilities in the demo?"),
        {
            "positive": (
                "The features are impressive. {product} does everything on our list and more.",
                "We love the capabilities we saw; the feature set is stronger than we expected.",
            ),
            "neutral": (
                "The feature set covers the basics. We're still comparing capabilities in detail.",
                "The features and capabilities look comparable to what we have now; nothing stood out either "
                "way.",
            ),
            "negative": (
                "Some key features are missing, and the capabilities we need most aren't there yet.",
                "We were disappointed by the capabilities; {product} lacks features we consider essential.",
            ),
        },
    ),
    "Decision-making process": (
        ("Can you walk me through your decision-making process from here?",
         "What does the decision-making process look like on your side?"),
        {
            "positive": (
                "The decision-making process is going smoothly. Our stakeholders are aligned and supportive "
                "of moving forward.",
                "Good news on the decision process: leadership is on board, and approvals should be quick.",
            ),
            "neutral": (
                "Our decision-making process is the standard one, a committee review and then procurement. "
                "No surprises so far.",
                "The decision will go through the usual approval steps. It's too early to say how it will "
                "land.",
            ),
            "negative": (
                "The decision-making process has stalled. Too many stakeholders disagree and nobody wants to "
                "sign off.",
                "Honestly, our decision process is a mess right now; approvals keep getting pushed back.",
            ),
        },
    ),
}
_SUBTOPIC_FALLBACK = (
    ("Let's talk about {topic}.", "I'd like to get your view on {topic}."),
    {"positive": ("On {topic}, we're really pleased with what we've seen from you.",),
     "neutral": ("On {topic}, we don't have a strong opinion yet either way.",),
     "negative": ("On {topic}, we're disappointed with what you've shown us so far.",)},
)
# Public, read-only views of the customer lines above, for oracles that read the calls back.
# COMPETITOR_PHRASES: sentiment -> templates with {comp}; SUBTOPIC_PHRASES: subtopic -> sentiment -> templates
# with {product}; SUBTOPIC_FALLBACK_PHRASES: sentiment -> templates with {topic} (lower-cased subtopic name),
# used for a subtopic without its own lines.
COMPETITOR_PHRASES: Mapping[str, tuple[str, ...]] = MappingProxyType(_COMP_LINES)
SUBTOPIC_PHRASES: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {topic: MappingProxyType(lines) for topic, (_prompts, lines) in _SUBTOPIC_LINES.items()})
SUBTOPIC_FALLBACK_PHRASES: Mapping[str, tuple[str, ...]] = MappingProxyType(_SUBTOPIC_FALLBACK[1])

_OPP_BYE = ("Thanks, this is really useful. I'll follow up with the next steps.",
            "I appreciate the candid feedback. I'll send a summary after this call.",
            "Great conversation. Let me take these points back to my team.")
_OPP_BYE_REPLY = ("Sounds good, thanks.", "Thanks, {agent}. Talk soon.", "Great, speak next week.",
                  "Okay, looking forward to it.")


def opportunity_call(pack: DomainPack, rng: random.Random, *, opportunity_name: str, contact_name: str,
                     agent_name: str, product: ProductSpec, competitors: list[tuple[str, str]],
                     subtopics: list[tuple[str, str]]) -> str:
    """A voice-call transcript about an opportunity.

    `competitors` are (competitor name, sentiment) mentioned by the customer; `subtopics` are
    (subtopic, sentiment) discussed. Sentiment is positive, neutral or negative and must be readable
    from the customer's words.
    """
    contact_first = _first(contact_name)
    agent_first = _first(agent_name)
    name = product.name
    hello = rng.choice(_OPP_HELLO)
    lines = [
        "Agent: " + hello.replace("{contact}", contact_first).replace("{agent}", agent_first)
        .replace("{company}", pack.company).replace("{opp}", opportunity_name).replace("{product}", name),
        "Customer: " + rng.choice(_OPP_HELLO_REPLY).replace("{agent}", agent_first),
    ]
    items: list[tuple[bool, str, str]] = [(False, t, s) for t, s in subtopics]
    items += [(True, c, s) for c, s in competitors]
    rng.shuffle(items)
    q_offset = rng.randrange(len(_COMP_Q))
    n_comp = 0
    for is_comp, what, sentiment in items:
        sentiment = sentiment.lower()
        if is_comp:
            lines.append("Agent: " + _COMP_Q[(q_offset + n_comp) % len(_COMP_Q)])
            n_comp += 1
            pool = _COMP_LINES.get(sentiment, _COMP_LINES["neutral"])
            lines.append("Customer: " + rng.choice(pool).replace("{comp}", what))
            continue
        prompts, by_sentiment = _SUBTOPIC_LINES.get(what, _SUBTOPIC_FALLBACK)
        topic = what.lower()
        lines.append("Agent: " + rng.choice(prompts).replace("{topic}", topic).replace("{product}", name))
        pool = by_sentiment.get(sentiment, by_sentiment["neutral"])
        lines.append("Customer: " + rng.choice(pool).replace("{topic}", topic).replace("{product}", name))
    lines.append("Agent: " + rng.choice(_OPP_BYE))
    lines.append("Customer: " + rng.choice(_OPP_BYE_REPLY).replace("{agent}", agent_first))
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------------
# CPQ rule articles (deterministic: no RNG)


def _pct(value: float) -> str:
    return f"{value:g}%"


def quantity_limit_article(pack: DomainPack, product: ProductSpec, max_quantity: int) -> tuple[str, str, str]:
    """(Title, Summary, Body): `product` may be quoted in at most `max_quantity` units per quote line."""
    name = product.name
    title = f"Quantity Limit: {name}"
    summary = f"{name} may be quoted in at most {max_quantity} units per quote line."
    body = "\n\n".join((
        f"To protect supply and support capacity, {name} ({product.category}) may "
        f"be quoted in at most {max_quantity} units on a single quote line item.",
        f"A quote line for {name} with a quantity above {max_quantity} is an invalid configuration "
        "and must be corrected before the quote is sent to the customer or submitted for approval.",
        f"Customers who need more than {max_quantity} units should be handled "
        f"through a separate agreement reviewed by {pack.company} sales operations.",
    ))
    return title, summary, body


def volume_discount_article(pack: DomainPack, product: ProductSpec,
                            tiers: list[tuple[int, float]]) -> tuple[str, str, str]:
    """(Title, Summary, Body): maximum discount (percent) by minimum quantity, e.g. [(1, 5), (50, 10)]."""
    name = product.name
    ordered = sorted(tiers)
    rows = []
    for k, (low, pct) in enumerate(ordered):
        if k + 1 < len(ordered):
            high = ordered[k + 1][0] - 1
            rows.append(f"- {low} to {high} units: a discount of up to {_pct(pct)}")
        else:
            rows.append(f"- {low} units or more: a discount of up to {_pct(pct)}")
    top = ordered[-1] if ordered else (1, 0.0)
    title = f"Volume Discount Schedule: {name}"
    summary = (f"Maximum discount on {name} quote lines by quantity, up to {_pct(top[1])} from {top[0]} "
               "units.")
    body = "\n\n".join((
        f"The maximum discount allowed on a quote line for {name} depends on the quantity on that line:",
        "\n".join(rows),
        "A quote line whose discount is higher than the maximum for its quantity violates this schedule and "
        "must not be approved as quoted. Discounts apply per quote line; quantities on separate lines or "
        "separate quotes are not combined.",
    ))
    return title, summary, body


_EXCLUSION_REASONS = (
    "the two products cover the same function and selling both leads to duplicate licensing",
    "the two products are technically incompatible when deployed together",
    "combining them on one deal conflicts with their separate support and warranty terms",
)


def exclusion_article(pack: DomainPack, product_a: ProductSpec,
                      product_b: ProductSpec) -> tuple[str, str, str]:
    """(Title, Summary, Body): `product_a` and `product_b` must not be sold on the same quote."""
    a, b = product_a.name, product_b.name
    reason = _EXCLUSION_REASONS[(len(a) + len(b)) % len(_EXCLUSION_REASONS)]
    title = f"Product Exclusion: {a} and {b}"
    summary = f"{a} and {b} must not be sold on the same quote."
    body = "\n\n".join((
        f"{a} and {b} must not appear together on the same quote, because {reason}.",
        f"A quote that contains line items for both {a} and {b} is an invalid configuration. Remove one of "
        "the two products, or split them into separate opportunities after review by sales operations, "
        "before the quote is sent or approved.",
        f"This rule applies to every {pack.company} quote regardless of quantity or discount.",
    ))
    return title, summary, body


# ----------------------------------------------------------------------------------------------------
# Sales records

_INDUSTRY_NOUNS = {
    "Technology": ("software company", "technology firm", "IT services provider", "semiconductor startup"),
    "Manufacturing": ("industrial equipment manufacturer", "contract electronics manufacturer",
                      "precision parts manufacturer"),
    "Healthcare": ("medical device maker", "healthcare provider network", "diagnostics company"),
    "Finance": ("financial services firm", "regional bank", "insurance provider"),
    "Retail": ("retail chain", "e-commerce retailer", "consumer goods distributor"),
    "Education": ("university", "education technology provider", "community college system"),
    "Energy": ("renewable energy developer", "utility company", "energy services firm"),
    "Telecommunications": ("telecommunications carrier", "network equipment provider", "broadband provider"),
    "Transportation": ("logistics company", "automotive supplier", "rail and transit operator"),
    "Government": ("government agency", "public research laboratory", "municipal services department"),
    "Media": ("media company", "streaming platform", "digital publisher"),
    "Hospitality": ("hotel group", "restaurant chain", "travel services company"),
}
_ACCOUNT_NOTES = (
    "Purchasing is handled centrally by the procurement team.",
    "Most contacts sit in the engineering and IT departments.",
    "The company is expanding its engineering headcount this year.",
    "Technology decisions are made by a small architecture board.",
    "The team prefers quarterly business reviews with its vendors.",
    "Security and compliance reviews are required for new vendors.",
    "The company runs a mix of on-premises and cloud infrastructure.",
    "Budgets are set annually at the start of the fiscal year.",
)


def account_description(pack: DomainPack, rng: random.Random, *, name: str, industry: str,
                        employees: int, state: str) -> str:
    """Description of a business account."""
    noun = rng.choice(_INDUSTRY_NOUNS.get(industry, ("company",)))
    size = ("small" if employees < 200 else "mid-size" if employees < 1000 else "large" if employees < 5000
            else "global")
    article = "an" if size[0] in "aeiou" else "a"
    where = _STATE_NAMES.get(state, state)
    return (f"{name} is {article} {size} {noun} based in {where} with about {employees:,} employees. "
            f"{rng.choice(_ACCOUNT_NOTES)}")


_DEALS = ("New Business", "Expansion", "Upgrade", "Pilot", "Rollout", "Add-On", "Renewal", "Standardization")
_DEALS_CONSUMER = ("Purchase", "Upgrade", "Bundle", "Add-On", "Gift Order", "Replacement", "Home Setup")
_PURPOSES_BUSINESS = ("speed up its design cycle", "consolidate its tool licenses",
                      "scale its verification capacity", "modernize its compute infrastructure",
                      "improve first-pass silicon success", "support a new product line")
_PURPOSES_CONSUMER = ("upgrade the devices at home", "add smart controls to their home",
                      "replace an aging device", "improve home security", "equip a home office",
                      "buy gifts for family members")


def opportunity_text(pack: DomainPack, rng: random.Random, *, account_name: str,
                     product: ProductSpec) -> tuple[str, str]:
    """(Name, Description) of an opportunity selling `product` to `account_name`."""
    if _biz(pack):
        name = f"{account_name} - {product.name} {rng.choice(_DEALS)}"
        description = (f"{account_name} is looking to {rng.choice(_PURPOSES_BUSINESS)} with {product.name}. "
                       f"Initial scope is about {rng.randint(2, 60)} licenses.")
        return name, description
    name = f"{account_name} - {product.name} {rng.choice(_DEALS_CONSUMER)}"
    description = f"{account_name} is interested in the {product.name} to {rng.choice(_PURPOSES_CONSUMER)}."
    return name, description


_QUOTE_NOTES = ("Pricing is valid for 30 days.", "Includes standard support for the first year.",
                "Discounts follow the current volume discount schedule.",
                "Prepared after the latest requirements review.",
                "Quantities reflect the agreed initial scope.",
                "Shipping and installation are quoted separately.")


def quote_description(pack: DomainPack, rng: random.Random, *, opportunity_name: str) -> str:
    """Description of a quote."""
    kind = rng.choice(("Quote", "Proposal quote", "Pricing quote", "Revised quote"))
    return f"{kind} for {opportunity_name}. {rng.choice(_QUOTE_NOTES)}"


_CONTRACT_TERMS = ("Billed annually with net 30 payment terms.",
                   "Automatic renewal is off; a renewal notice is sent "
                   "90 days before expiry.", "Includes standard support and all updates released during "
                   "the term.", "Seat counts may be adjusted at renewal with 60 days' notice.",
                   "Payment is due quarterly in advance.")


def contract_description(pack: DomainPack, rng: random.Random, *, account_name: str, term_months: int) -> str:
    """Description of a contract's terms."""
    scope = "licenses, support and updates" if _biz(pack) else "the purchased products and standard support"
    return (f"{term_months}-month agreement between {pack.company} and {account_name} covering {scope}. "
            f"{rng.choice(_CONTRACT_TERMS)}")


_TASK_NOTES = ("Log the outcome in the activity history.",
               "Coordinate with the account team before starting.",
               "Keep notes on the opportunity record.", "Reach out to the primary contact if anything is "
               "unclear.", "Update the opportunity once this is done.", "Flag any blockers to the sales "
               "manager.")


def task_description(pack: DomainPack, rng: random.Random, *, subject: str, opportunity_name: str) -> str:
    """Description of a sales task with the given subject."""
    return f"{subject} for {opportunity_name}. {rng.choice(_TASK_NOTES)}"


_EVENT_SUBJECTS = ("Review meeting: {opp}", "Working session: {opp}", "Customer meeting: {opp}",
                   "Sync on {opp}", "Check-in call: {opp}")
_EVENT_DESCRIPTIONS = ("Meeting to review progress on {opp} and agree on next steps.",
                       "Working session with the customer team about {opp}.",
                       "Regular check-in with the customer on {opp}; agenda shared in advance.",
                       "Discussion of open questions on {opp} with the customer's stakeholders.")
_EVENT_LOCATIONS = ("Video call", "Microsoft Teams", "Zoom", "Customer office", "{company} headquarters",
                    "Phone call", "Conference Room B", "Customer site")
_EVENT_LOCATIONS_CONSUMER = ("Video call", "Phone call", "Zoom", "{company} store", "Customer's home")


def event_text(pack: DomainPack, rng: random.Random, *, opportunity_name: str) -> tuple[str, str, str]:
    """(Subject, Description, Location) of a meeting about an opportunity."""
    subject = rng.choice(_EVENT_SUBJECTS).replace("{opp}", opportunity_name)
    description = rng.choice(_EVENT_DESCRIPTIONS).replace("{opp}", opportunity_name)
    location = rng.choice(_EVENT_LOCATIONS if _biz(pack) else _EVENT_LOCATIONS_CONSUMER)
    location = location.replace("{company}", pack.company)
    return subject, description, location
