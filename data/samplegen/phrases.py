"""Hand-written phrase pools for the Slotwise sample project.

Every template belongs to one bucket ``(persona, stage, emotion, theme)`` and reads
like that label: a sentence in an ``anxiety`` bucket at ``decision`` is a worried
person talking about signing up or paying. Templates use the ``textgen`` syntax
(``{a|b}`` alternatives, ``[optional]`` parts), so each one stands for several
phrasings; ``textgen.written`` / ``textgen.spoken`` add hedges, fillers and typos.
"""

from __future__ import annotations

__all__ = [
    "BACKGROUND",
    "EMOTION_VALENCE",
    "INTERVIEWER",
    "NA_OPEN",
    "POOLS",
    "Q14_EXTRA",
    "SMALL_TALK",
    "THEMES",
    "WISHES",
    "FOREIGN_ANSWERS",
    "OTHER_FEATURES",
    "VARIANTS",
    "CONTEXT",
    "CLOSERS",
    "LIKE_STAGES",
    "LIKE_GENERIC",
    "WISH_MIX",
    "fill",
]

STAGES = ("awareness", "consideration", "decision", "retention", "advocacy")

EMOTION_VALENCE = {
    "curiosity": 1,
    "excitement": 1,
    "trust": 1,
    "relief": 1,
    "joy": 1,
    "neutral": 0,
    "confusion": -1,
    "anxiety": -1,
    "frustration": -1,
    "disappointment": -1,
    "anger": -1,
}

# theme id -> readable label, pain type and the journey stage it belongs to
THEMES = {
    "solo_price": {
        "label": "Monthly price feels too steep for a one-person business",
        "pain_type": "cost",
        "stage": "decision",
    },
    "studio_setup": {
        "label": "Slow setup and messy client import",
        "pain_type": "time",
        "stage": "retention",
    },
    "mobile_findability": {
        "label": "Hard to discover that a booking tool fits mobile work",
        "pain_type": "missed_opportunity",
        "stage": "awareness",
    },
    "clinic_price_rise": {
        "label": "Surprise price rise broke long-time customers' trust",
        "pain_type": "trust",
        "stage": "advocacy",
    },
    "multisite_plan_info": {
        "label": "Multi-site plans and features are hard to compare",
        "pain_type": "information",
        "stage": "consideration",
    },
    "support_slow": {
        "label": "Slow, scripted support replies",
        "pain_type": "support",
        "stage": "retention",
    },
    "app_clunky": {
        "label": "Clunky phone app",
        "pain_type": "usability",
        "stage": "retention",
    },
    "card_fees": {
        "label": "Card fees and paid add-ons add up",
        "pain_type": "cost",
        "stage": "retention",
    },
    "referral_reward": {
        "label": "No reward for referring other businesses",
        "pain_type": "missed_opportunity",
        "stage": "advocacy",
    },
    "data_security": {
        "label": "Unsure how client data is protected",
        "pain_type": "trust",
        "stage": "decision",
    },
    "contract_process": {
        "label": "Slow procurement and contract process",
        "pain_type": "time",
        "stage": "decision",
    },
    "trial_short": {
        "label": "Free trial too short to test with a team",
        "pain_type": "time",
        "stage": "consideration",
    },
}

# (persona, stage) -> list of (emotion, theme or None, weight, templates)
POOLS: dict[tuple[str, str], list[tuple[str, str | None, float, list[str]]]] = {}

# ---------------------------------------------------------------------------
# Solo Practitioner: stylists, massage therapists, lash techs, trainers on their own
# ---------------------------------------------------------------------------
POOLS["solo", "awareness"] = [
    (
        "curiosity",
        None,
        0.88,
        [
            "A girl I trained with posted her {booking link|Slotwise link} on {Instagram|her Insta stories} and I clicked it just to see what it was.",
            "I kept seeing the little 'book with Slotwise' button on other @trades@' pages and [eventually] got curious what it actually was.",
            "One of my clients {tried to book me through it|asked if I had it}, she assumed I already used it. That's how it got on my radar.",
            "I saw an ad {on Facebook|on TikTok|between reels} about cutting no-shows and thought, huh, I wonder if that would work for just me.",
            "I was googling {how to stop people texting me at midnight for appointments|online booking for one chair} and it came up[, near the top I think].",
            "Somebody in a @trades@ Facebook group was raving about it, so I went {and had a look|to check it out}.",
            "I'd never really thought about booking software before, it seemed like a big @bigplace@ thing, but the ad made me wonder if it could work for a one-person setup.",
            "My {suite neighbour|friend next door at the studio} uses it and her clients just book themselves, which I thought was kind of genius.",
            "I think it was a sponsored post? Something about taking deposits up front. I remember thinking, wait, you can do that?",
            "I first {heard about|saw} it at a @event@, {some guy|a woman} at a booth handed me a flyer and I was intrigued[, then forgot about it for a month].",
            "I wanted to know how other people on their own handle bookings without being glued to their phone, and a few of them mentioned Slotwise.",
        ],
    ),
    (
        "neutral",
        None,
        0.12,
        [
            "Honestly I don't remember exactly, probably an ad somewhere.",
            "It was just one of the apps that came up when I searched, nothing special.",
            "I think a friend mentioned it? It was a while ago now.",
        ],
    ),
]
POOLS["solo", "consideration"] = [
    (
        "excitement",
        None,
        0.85,
        [
            "I signed up for the free trial the same night and had my booking page up in like twenty minutes, I was {so pumped|buzzing|really excited}.",
            "When I saw clients could pick their own slot and pay a deposit I was like, this is exactly what I need!",
            "I compared it with {Bookaroo|Chairly} and Slotwise just looked cleaner, the booking page actually looked like my brand. Loved it.",
            "The reviews from other solo @trades@ were really good, and the demo video had me sold on the reminders alone.",
            "I played with it on my phone between clients and {honestly|genuinely} loved how it looked. I kept showing it to my sister.",
            "I got really excited because it had everything in one place, calendar, reminders, deposits. No more paper diary!",
            "I tried {two other apps|a couple of others} in the same week but this was the one I actually enjoyed clicking around in.",
            "Seeing the reminder texts go out {on their own|automatically} during the trial was a bit of a wow moment for me.",
            "I tested it with a few regulars first. They booked through it and said it was super easy, which got me really keen.",
            "The little intake form you can add before a first appointment? I was thrilled about that, it's so professional.",
        ],
    ),
    (
        "neutral",
        None,
        0.15,
        [
            "I looked at a couple of others too, they all kind of do the same thing.",
            "I read a few reviews, nothing that really stood out either way.",
            "I compared the plans on their site, it was pretty straightforward.",
        ],
    ),
]
POOLS["solo", "decision"] = [
    (
        "anxiety",
        "solo_price",
        0.88,
        [
            "The price is what nearly stopped me. {$29|Thirty bucks|$29 a month} doesn't sound like much, but when you're one person on your own every monthly bill adds up and I was scared of it.",
            "I sat on the pricing page for {ages|like a week} going back and forth, because if I had a slow month I'd still be paying for it[ and that worried me].",
            "I was nervous about putting my card in. I've been burned by subscriptions before that were cheap and then suddenly weren't.",
            "I kept thinking, what if I pay for this every month and my clients just keep texting me anyway? Then it's money down the drain.",
            "Honestly the monthly fee scared me. I'm not a @bigplace@ with ten staff, I'm just me, and it {felt priced for bigger businesses|seemed priced for salons, not people like me}.",
            "I worried I'd get locked into {the plan|a subscription} and not be able to cancel easily. That was the big {one|worry} for me.",
            "I almost went back to my paper diary because I couldn't justify another monthly cost on my income, it really stressed me out.",
            "The Pro plan had the deposits feature and Starter didn't, and I remember stressing over whether I could afford the jump.",
            "It's not a lot of money for a company but for me it's a couple of @units@ a month just to cover it, and that made me really hesitant to sign up.",
            "I had a knot in my stomach when I clicked subscribe, I'm not gonna lie. I kept checking my bank app after.",
            "I wasn't sure the cost would pay for itself and that made me nervous. Nobody could tell me how many no-shows I'd actually save.",
            "I emailed asking if there was a cheaper plan for people on their own and {didn't hear back for days|got a vague answer}, which made me even more unsure about paying.",
            "Paying monthly when my income goes up and down so much is scary, and at sign-up that worry was ten times worse.",
            "I couldn't work out what I'd actually end up paying each month with the card fees on top, and not knowing made me really anxious about committing.",
        ],
    ),
    (
        "relief",
        None,
        0.12,
        [
            "In the end I just went for it because the first month was free, which was a relief.",
            "Once I saw I could cancel anytime I relaxed and signed up.",
        ],
    ),
]
POOLS["solo", "retention"] = [
    (
        "relief",
        None,
        0.72,
        [
            "My no-shows basically stopped once the reminders started going out. That alone took so much stress off.",
            "I don't spend my evenings answering booking texts anymore, which is such a relief, I can actually switch off.",
            "Setting it up was easier than I expected. I was worried about that part but it took one afternoon.",
            "Deposits have been a lifesaver. If someone cancels last minute at least I'm not out of pocket anymore.",
            "It's just there in the background doing its thing. I don't have to think about it, and that's a relief honestly.",
            "The first few weeks I was checking it constantly but it never messed up a booking, so I've relaxed now.",
            "My clients figured it out with no help, which I was worried about with some of my older {clients|regulars}.",
            "I used to lose a whole Saturday slot every other week to no-shows. Now it's rare, maybe once a month, thank god.",
            "I was so relieved when the first deposit landed in my account without me chasing anyone.",
        ],
    ),
    (
        "frustration",
        "app_clunky",
        0.14,
        [
            "The app is a bit clunky on my phone though. Moving an appointment takes way too many taps when I'm @mid_client@.",
            "Sometimes the calendar on the app just doesn't load properly and I have to switch to the laptop, which is annoying between clients.",
            "I wish the phone app was as good as the website, half the settings aren't even in there and it drives me mad.",
        ],
    ),
    (
        "disappointment",
        "card_fees",
        0.14,
        [
            "I didn't realise the card processing fee came on top of everything, that was a bit of a letdown when I saw my first payout.",
            "The text reminders ran out on my plan and I had to pay extra for more, which {felt a bit sneaky|was disappointing}.",
            "Every little add-on costs extra, the waitlist, the extra reminders. It's disappointing when you're already paying monthly.",
        ],
    ),
]
POOLS["solo", "advocacy"] = [
    (
        "joy",
        None,
        0.86,
        [
            "I've told loads of people about it, I basically won't shut up about it at the @place@.",
            "Two of the other @trades@ I know signed up after seeing my booking page, that made me weirdly proud.",
            "I'd recommend it to anyone working on their own, it's honestly made my job so much nicer.",
            "I left them a five-star review, which I never do[, I'm too lazy usually].",
            "When people ask how I handle bookings I just show them my page and they're like, I need that. Makes me happy every time.",
            "I love recommending it. It feels like passing on a little secret.",
            "My friend who does nails started using it because of me and she thanked me like three times.",
            "Would I recommend it? Oh, a hundred percent, I already have[, to everyone].",
        ],
    ),
    (
        "disappointment",
        "referral_reward",
        0.14,
        [
            "I've sent quite a few people their way and got nothing for it, not even a free month. Bit of a shame.",
            "There's no referral thing for us small people, which is disappointing because I've probably brought in five accounts.",
        ],
    ),
]

# ---------------------------------------------------------------------------
# Studio Owner: salons, fitness and yoga studios with a team of 3-12
# ---------------------------------------------------------------------------
POOLS["studio", "awareness"] = [
    (
        "curiosity",
        None,
        0.88,
        [
            "We were outgrowing the shared Google calendar, so I started searching for booking systems for {small teams|a studio our size} and Slotwise came up.",
            "Another studio owner in my {business group|networking group} mentioned they'd switched and I wanted to know why.",
            "I saw them on one of those {'best booking apps'|top ten scheduling tools} lists on Google and bookmarked it to look at properly.",
            "One of my @staff@ had used it at her last job and kept saying we should look at it, so eventually I got curious.",
            "I noticed a competitor down the road had online booking with staff photos and I wondered what they were using.",
            "I think I found it on a review site, {Capterra|G2} or something, while I was looking at options for the team.",
            "A rep from our card terminal company mentioned it integrates with their readers, which got my attention.",
            "I was curious because every other studio seemed to have 'book now' buttons and we were still taking everything by phone.",
        ],
    ),
    (
        "neutral",
        None,
        0.12,
        [
            "I'd heard the name around, nothing specific really.",
            "It was on a list of systems our accountant sent over, I think.",
        ],
    ),
]
POOLS["studio", "consideration"] = [
    (
        "excitement",
        None,
        0.82,
        [
            "The staff calendars were the big thing. Seeing everyone's shifts and bookings side by side got me really excited.",
            "We watched the demo as a team on a Monday morning and everyone was like, yes, let's do this!",
            "I compared three systems and this was the only one where the team rota and the bookings lived in one place. I was pretty thrilled.",
            "The trial showed me how much time the front desk would save, I could see it straight away and I couldn't wait.",
            "I loved that each @staff_one@ could have their own profile and clients could choose who they book with.",
            "I made a spreadsheet comparing features and Slotwise won on almost every row. I was genuinely excited to get going.",
            "Reading reviews from other studios our size got me excited, people talked about filling the gaps in the schedule.",
            "The class booking with waitlists looked amazing, we'd been doing that on paper[ like cavemen].",
        ],
    ),
    (
        "disappointment",
        "trial_short",
        0.18,
        [
            "The trial was only fourteen days, which isn't enough to test it with a whole team. We barely got everyone logged in.",
            "I was a bit disappointed the trial ended before we'd even tried the commission report.",
            "Two weeks to trial something the whole team will use is just too short, honestly. A bit of a letdown.",
        ],
    ),
]
POOLS["studio", "decision"] = [
    (
        "trust",
        None,
        1.0,
        [
            "The sales person was straight with me about what it could and couldn't do, which made me trust them.",
            "They showed me exactly how the migration would work, step by step, so I felt fine signing up.",
            "I checked they'd been around a few years and had proper support, and that was enough for me to commit.",
            "What tipped it was a call with their onboarding person. She knew our world and that gave me confidence.",
            "Month-to-month billing meant we weren't locked in, so it felt like a safe decision.",
            "I trusted the reviews. Loads of studios like mine saying the same good things.",
            "We went for the Pro plan. The pricing was clear and I knew exactly what I was paying for.",
            "A friend who owns a gym vouched for them, and I trust her, so signing was easy.",
        ],
    ),
]
POOLS["studio", "retention"] = [
    (
        "frustration",
        "studio_setup",
        0.82,
        [
            "Importing our client list was a nightmare. {Eight hundred|About 1,200|Nine hundred-odd} clients and half the phone numbers came through in the wrong column.",
            "Setup took us weeks, not days. Every staff member's hours, services, prices, breaks, all by hand.",
            "I spent three {Sundays|weekends} fixing duplicate client records after the import. Three!",
            "The onboarding emails kept saying it would take an hour. It took most of a month to get properly up and running, which drove me mad.",
            "Getting the old appointment history over just didn't work, so for a while we had two systems open at the front desk.",
            "Setting up the service menu for six different staff with different prices was so fiddly, I nearly gave up.",
            "We lost a bunch of future bookings in the move and had to phone clients to re-book them, which was {embarrassing|infuriating}.",
            "Nobody told us the CSV had to be in a specific format until after the import failed twice.",
            "The first month was honestly stressful, the team kept asking me how to do things and I didn't know either because setup ate all my time.",
            "It works now, but getting there cost me so many evenings. I wish they'd just done the import for us.",
            "Every time I thought we were done there was another setting, buffer times, room bookings, class capacities. It just dragged on and on.",
            "I was so frustrated with the migration. You pay for software to save time and the first month it does the opposite.",
            "The staff schedules wouldn't import at all, so I typed in every rota manually[ over a weekend].",
        ],
    ),
    (
        "frustration",
        "support_slow",
        0.18,
        [
            "When the import broke I emailed support and waited two days for a reply, which didn't help.",
            "Support is only chat and the answers feel copy-pasted. I just wanted someone to look at our actual account.",
            "It took three tickets to get a simple question about the commission report answered.",
        ],
    ),
]
POOLS["studio", "advocacy"] = [
    (
        "joy",
        None,
        1.0,
        [
            "Now it's running I'd happily recommend it. The team loves it and clients keep saying how easy booking is.",
            "I told a couple of studio owners at a workshop about it and one has already switched, which made my day.",
            "Our rebooking rate went up and I genuinely brag about it to other owners.",
            "I'd give it an eight, maybe a nine. I'm really happy with it now, just warn people the setup takes a while.",
            "My @staff@ love having the app, one of them said it's the best system she's worked with. That was lovely to hear.",
            "Yeah, I'd recommend it. It changed how the front desk works, in a good way.",
            "I posted about it in our studio owners' group and got loads of questions, it was fun showing it off.",
        ],
    ),
]

# ---------------------------------------------------------------------------
# Mobile Pro: mobile groomers, cleaners, mechanics and trainers who go to the client
# ---------------------------------------------------------------------------
POOLS["mobile", "awareness"] = [
    (
        "frustration",
        "mobile_findability",
        1.0,
        [
            "For two years I didn't even know there was an app that would work for me. Everything I saw was for salons with a front desk.",
            "Every booking tool I came across assumed people come to you. I drive to them, so I just figured none of them were for me[ and gave up looking].",
            "I lost so many jobs to missed calls while I was @busy@, and nobody ever told me something like this existed for mobile people. Drives me nuts.",
            "The ads I saw were all lipstick and hair. I @job_short@ out of a van, I scrolled right past them.",
            "I honestly only found it by accident, a customer had it for her cleaner. I was pretty annoyed I hadn't heard of it sooner.",
            "I'd searched for '{booking app for mobile @trade@|scheduling for house calls}' and got nothing useful, just salon software. So frustrating.",
            "It's frustrating looking back. I was using texts and a paper diary in the van for years when this was out there the whole time.",
            "Nothing on their website said it handles travel time or addresses. I had to find that out from a Facebook group.",
            "I missed out on a whole summer of bookings because I didn't know I could let people book online while I was driving.",
            "Their marketing just doesn't talk to people like me. Plumbers, cleaners, mobile groomers, mechanics, we're invisible to them.",
            "I'd have signed up years ago if I'd seen one single ad showing someone working out of a van.",
            "When I finally heard about it I was kind of mad, to be honest, thinking of all the calls I'd missed.",
            "I googled stuff like '{scheduling for house calls|mobile @trade@ booking app}' for ages and Slotwise never came up once.",
        ],
    ),
]
POOLS["mobile", "consideration"] = [
    (
        "curiosity",
        None,
        1.0,
        [
            "Once I knew about it I wanted to see if it could handle travel time between jobs, so I poked around the settings.",
            "I was curious whether customers could put their address in when they booked, and yeah, they can.",
            "I watched a couple of YouTube videos from other mobile @trades@ to see how they set it up.",
            "I tried the free version first just to see what it could do with my kind of schedule.",
            "I wondered if it'd work with areas, like only booking the east side on Tuesdays, so I tested that out.",
            "I asked in a Facebook group what people thought of it and got a bunch of interesting answers.",
            "I compared it against {PlanPal|Bookaroo} for a week, mostly to see which one worked better from the phone.",
            "I wanted to know if it could send an 'on my way' text, so I had a proper look at the reminders.",
        ],
    ),
]
POOLS["mobile", "decision"] = [
    (
        "relief",
        None,
        1.0,
        [
            "There was no card needed for the trial, so I didn't feel like I was risking anything. That was a relief.",
            "The price was about what I spend on one tank of diesel, so it was an easy yes, and I was glad to stop worrying about missed calls.",
            "I was relieved I could cancel anytime, so I just went for it.",
            "Signing up took five minutes on my phone in a car park, which was such a relief compared to what I expected.",
            "Once I saw it could block out travel time I thought, finally, and just paid for it.",
            "I was glad the basic plan had everything I needed, no upsell nonsense.",
            "Paying for it felt fine, honestly. It was a weight off knowing bookings would come in while I'm working.",
        ],
    ),
]
POOLS["mobile", "retention"] = [
    (
        "joy",
        None,
        0.84,
        [
            "It's honestly changed my days. Customers book while I'm driving and I just check my route in the morning.",
            "I love that it texts the customer when I'm on my way. They think I'm super professional now.",
            "No more playing phone tag from the van. I'm a lot happier, my {partner|other half} says I'm less grumpy too.",
            "Getting paid through the app right after the job is brilliant, no more chasing people for cash.",
            "I booked up my whole spring from the app in one evening. That felt amazing.",
            "It just works. I open it in the morning, see where I'm going, done. Love it.",
            "My regulars rebook themselves every six weeks now, it's {brilliant|great}.",
        ],
    ),
    (
        "frustration",
        "app_clunky",
        0.16,
        [
            "The map view on the app is clunky, it doesn't show the jobs in route order so I still use Google Maps. Annoying.",
            "Editing a booking on the phone with @dirty_hands@ is a pain, the buttons are tiny and it drives me up the wall.",
        ],
    ),
]
POOLS["mobile", "advocacy"] = [
    (
        "excitement",
        None,
        0.86,
        [
            "I tell every mobile @trade@ I meet about it, I'm basically their unpaid salesman!",
            "I posted about it in a @trades@ group on Facebook and loads of people asked for the link.",
            "I'd give it a ten. I get genuinely excited showing people how it works.",
            "My mate does mobile valeting and I set it up for him on his phone at the pub. He was stoked.",
            "I can't wait for them to add proper route planning, I'll be shouting about it even more then.",
            "Recommend it? Mate, I've recommended it to my whole van park.",
        ],
    ),
    (
        "disappointment",
        "referral_reward",
        0.14,
        [
            "I've brought them a load of customers and there's no referral reward at all, which is a bit disappointing.",
            "Shame there's nothing in it for people who refer others, I've sent loads their way.",
        ],
    ),
]

# ---------------------------------------------------------------------------
# Clinic Owner: physio, chiro and wellness clinics, long-time customers
# ---------------------------------------------------------------------------
POOLS["clinic", "awareness"] = [
    (
        "trust",
        None,
        1.0,
        [
            "A physio I trained with recommended it years ago, and I trust her judgement, so I took it seriously.",
            "Our professional association had it listed as a partner, which made me think it was legitimate.",
            "I heard about it at a {CPD day|conference for clinic owners}, a speaker I respect said she'd used it for years.",
            "A colleague whose clinic runs really smoothly told me she uses it, so I knew it was solid.",
            "I knew of it a while before I needed it, it has a good reputation among practitioners.",
            "My accountant suggested it, actually. She has a few clinic clients who swear by it.",
        ],
    ),
]
POOLS["clinic", "consideration"] = [
    (
        "curiosity",
        None,
        0.8,
        [
            "I was curious how it handled clinical notes, so I booked a demo to see the treatment records.",
            "I wanted to know if patients could book specific rooms and practitioners, so I had a good look around the trial.",
            "I read through their help pages to see how the intake forms worked, which was interesting.",
            "I compared it with the practice software we had, mostly out of curiosity about the online booking side.",
            "I asked them lots of questions about the reporting because I wanted to see utilisation per practitioner.",
        ],
    ),
    (
        "trust",
        None,
        0.2,
        [
            "Their answers in the demo were clear and honest, which I appreciated.",
            "They didn't oversell it, and that made me trust what they said.",
        ],
    ),
]
POOLS["clinic", "decision"] = [
    (
        "relief",
        None,
        0.72,
        [
            "Once they explained how the data was stored I was relieved and happy to sign.",
            "The migration was done for us back then, so signing up felt low-risk. Big relief.",
            "It was a relief to find something that did booking, notes and payments without three separate bills.",
            "I was glad the contract was monthly, so if it didn't suit the clinic we could leave.",
            "Signing up was painless, to be honest. We were live in a week and I could breathe again.",
        ],
    ),
    (
        "anxiety",
        "data_security",
        0.28,
        [
            "I was anxious about where patient records would be stored. That's a big deal for a clinic.",
            "I worried about what happens to our clinical notes if the company goes under, and nobody could really answer that.",
            "Data security nearly stopped me. I needed to know who could see our patients' details and it made me nervous.",
        ],
    ),
]
POOLS["clinic", "retention"] = [
    (
        "joy",
        None,
        0.84,
        [
            "It's been the backbone of the clinic for about {four|five|six} years. I love how smoothly the days run.",
            "Patients rebook at reception in seconds and the reminders mean hardly anyone forgets. It's lovely.",
            "The team enjoy using it, and the reports make my month-end so much easier.",
            "Honestly it's been great for years. Online booking filled our early morning slots.",
            "Having notes, bookings and payments together makes me happy every single day, it sounds silly but it does.",
        ],
    ),
    (
        "frustration",
        "support_slow",
        0.16,
        [
            "Support used to be a phone call. Now it's a chatbot and a two day wait, which is frustrating when the clinic is open.",
            "We had a payment glitch on a Saturday and nobody answered until Monday. Really frustrating.",
        ],
    ),
]
POOLS["clinic", "advocacy"] = [
    (
        "anger",
        "clinic_price_rise",
        1.0,
        [
            "I used to recommend it to every clinic owner I met. Then they put the price up {forty percent|by nearly half} with two weeks' notice. I don't recommend it anymore.",
            "We've been loyal for years and they moved the reminders to a more expensive plan without asking. I'm honestly furious.",
            "I'd have given them a ten a year ago. Now? Maybe a three. The price hike felt like a slap in the face.",
            "They emailed about 'exciting changes to your plan' and it was just a price rise. I felt like they took us for granted, and it made me livid.",
            "I told my colleagues about the price increase and two of them cancelled their trials. I'm not going to pretend it's fine.",
            "It's not even the money, it's how they did it. No warning, nothing for long-time customers. It's really damaged my trust.",
            "I used to be their biggest fan at our association meetings. Now when people ask I tell them to look elsewhere.",
            "I wrote a review after the price change, and it wasn't a nice one.",
            "It makes me angry because we helped them grow. We recommended them to so many clinics.",
            "Would I recommend them? Not after the way they handled the new pricing, no way.",
            "They took features we'd had for years and put them behind a higher tier. That's not how you treat loyal customers.",
            "I feel betrayed, honestly. I vouched for them and then they did that.",
            "I'm sticking around because moving is a pain, but I've stopped recommending them and I tell people exactly why.",
        ],
    ),
]

# ---------------------------------------------------------------------------
# Multi-site Operator: operations leads at chains and franchises (4-40 sites)
# ---------------------------------------------------------------------------
POOLS["multisite", "awareness"] = [
    (
        "neutral",
        None,
        1.0,
        [
            "Their sales team reached out on LinkedIn, I think. Pretty standard outreach.",
            "We were running a tender for a new booking system and they were on the longlist.",
            "I'd seen their stand at a franchise expo. It was one of several, nothing that stood out at the time.",
            "Our head of IT put together a list of vendors and Slotwise was one of the names on it.",
            "I knew the name from the industry press. Nothing more than that at the time.",
            "One of our franchisees was already using it at his site and mentioned it in a quarterly review.",
        ],
    ),
]
POOLS["multisite", "consideration"] = [
    (
        "confusion",
        "multisite_plan_info",
        1.0,
        [
            "Comparing plans was genuinely confusing. The website only shows prices up to five locations, and we have {twenty-two|fourteen|thirty-one}.",
            "I couldn't work out which features were in Business and which were Enterprise. The comparison table just said 'contact us'.",
            "Every call with a different rep gave us a different answer on multi-site reporting, so we didn't know what to believe.",
            "We built our own spreadsheet because their website didn't say whether central reporting was included or an add-on.",
            "Nobody could tell me clearly how user licences worked across sites. Per location? Per staff member? It kept changing.",
            "The pricing page is fine for a single salon, but for a chain it's a maze.",
            "I asked three times for a proper feature list for Enterprise and kept getting marketing brochures instead. I was lost.",
            "I wasn't sure if the API was included or cost extra, and their docs contradicted the sales deck.",
            "It was hard to compare them with the other vendors because their quote was structured completely differently.",
            "I honestly didn't understand what we'd be paying per month until the third quote.",
            "We needed to know whether head office could see all sites at once, and the demo account didn't show it. Really confusing.",
            "Their webinar covered single-site stuff, which didn't help us figure out how it works across regions.",
            "I spent more time decoding the plans than actually testing the product, which is a bit backwards.",
        ],
    ),
]
POOLS["multisite", "decision"] = [
    (
        "trust",
        None,
        0.66,
        [
            "What won us over was a reference call with another chain. Hearing it from them gave us confidence.",
            "The account manager committed to a named onboarding lead, which we really valued.",
            "Once we got a proper proposal in writing everything was clear and the board was comfortable signing.",
            "They passed our security review without drama, which told us they were serious.",
            "We ran a pilot at two sites first. It went well, so we trusted it for the rest.",
        ],
    ),
    (
        "frustration",
        "contract_process",
        0.22,
        [
            "The contract back and forth took almost three months. Procurement, legal, redlines, it was painfully slow.",
            "Getting the MSA signed was a slog, their legal team took weeks to reply each time.",
        ],
    ),
    (
        "anxiety",
        "data_security",
        0.12,
        [
            "Our IT team was nervous about single sign-on and where the data would live. That nearly held everything up.",
            "I was worried about handing twenty sites' worth of customer data to a vendor we didn't know well.",
        ],
    ),
]
POOLS["multisite", "retention"] = [
    (
        "relief",
        None,
        0.82,
        [
            "The rollout went better than expected. We did four sites a week and nothing fell over.",
            "Having all locations in one dashboard is a relief, honestly. Before this I was chasing spreadsheets from every manager.",
            "The named onboarding lead made the migration painless, which was a relief after what we'd been through before.",
            "Staff picked it up quickly. We'd budgeted for a lot more training, so that was a relief.",
            "No-shows across the group dropped and I finally have numbers I can show the board.",
        ],
    ),
    (
        "frustration",
        "support_slow",
        0.18,
        [
            "Support escalations are slow though. If a site's card reader stops working we need help within the hour, not tomorrow.",
            "We've had tickets sit for days because they get bounced between teams. Frustrating.",
        ],
    ),
]
POOLS["multisite", "advocacy"] = [
    (
        "trust",
        None,
        1.0,
        [
            "I've been a reference for them twice now. I'm comfortable putting my name to it.",
            "I'd recommend it to other chains. Once you're live it does what they promised.",
            "I spoke on a panel about our rollout and said good things, because it's been reliable.",
            "We've renewed for another two years, which says it all really.",
            "Yes, I'd recommend it. They've been dependable partners since go-live.",
        ],
    ),
]

# Answers to "If you could change one thing about Slotwise, what would it be?" and
# to the interviewer's "magic wand" question: theme -> (emotion, templates)
WISHES = {
    "solo_price": (
        "anxiety",
        [
            "A cheaper plan for people working on their own. {$29|Thirty a month|Thirty dollars} makes me nervous every single month.",
            "Honestly just the price. Some kind of solo tier would make me a lot less stressed about paying for it.",
            "Let me pay yearly at a discount or something, the monthly fee is the thing I worry about when business is {slow|quiet}.",
            "Pricing for one-person businesses. I'm scared of the day I have a quiet month and still owe the subscription.",
            "Make it clearer what I'll pay in total before I sign up, I was really nervous I'd get surprise charges.",
            "{A pause option|Letting me pause my plan} for slow months. Paying when I've got no clients {really worries me|keeps me up at night}.",
            "The price for solo people. I {almost didn't sign up|nearly walked away} because I was {so worried|scared} I couldn't keep up the payments.",
            "Tell people like me upfront {there's no contract|we can cancel anytime}. I was anxious for weeks about being stuck paying.",
            "Cheaper. Sorry, but {$29|thirty a month} is a lot {when it's just you|on my own} and it makes me uneasy every time it comes out.",
        ],
    ),
    "studio_setup": (
        "frustration",
        [
            "Do the import for us. I'd have paid extra for someone to move our clients and staff hours over instead of losing weeks to it.",
            "Make setup faster, it took us {weeks|a month} and I was tearing my hair out.",
            "Better import tools. Our client list came in a mess and fixing it ate my evenings.",
            "Let me copy one staff member's services and hours to another. Setting up everyone by hand was maddening.",
            "{Fix|Sort out} the client import. {Half our phone numbers|Loads of our client notes} ended up in the wrong place and it was so frustrating.",
            "A proper setup wizard for teams. Getting {six|eight|seven} people's schedules in {took forever|dragged on for weeks}, really annoying.",
            "Give new studios a human to help with setup. Doing it all ourselves was {exhausting|a nightmare}.",
            "The migration. It should take a day, not {three weekends|most of a month}. I'm still annoyed about it.",
        ],
    ),
    "mobile_findability": (
        "frustration",
        [
            "Advertise to mobile people! I had no idea it worked for house calls until a customer told me, and that still annoys me.",
            "Put something on the homepage about mobile businesses. I wasted {years|ages} thinking it wasn't for me.",
            "Show vans, not just salons, in your ads. I'd have found you way sooner and not lost all those calls.",
            "Talk to {mobile @trades@|people who travel to their customers} in your marketing. {It's frustrating|It drives me mad} that I only found you by luck.",
            "Make it easier to find out it does travel time and addresses. I {gave up looking|nearly gave up} before I found you.",
            "Be in the places we look, {van forums|trade groups|Google for mobile businesses}. I missed out on {a whole season|months} of bookings not knowing about you.",
        ],
    ),
    "clinic_price_rise": (
        "anger",
        [
            "Stop punishing loyal customers with price hikes. I used to recommend you and now I can't.",
            "Be honest about pricing changes. After the last increase I've stopped telling other clinics about you.",
            "Give long-standing customers proper notice and keep their price. The way the rise was handled made me angry.",
            "Undo the price rise for clinics that have been with you for years. It's the reason I no longer recommend you.",
            "Treat your old customers {with some respect|better}. {Forty percent|Nearly half} more with two weeks' notice is outrageous, and I tell colleagues exactly that.",
            "Put the reminders back in our plan. Moving them to a pricier tier {made me furious|was insulting} and I've stopped recommending you.",
            "Communicate like adults. An email dressed up as 'exciting news' that was really a price hike {made me livid|was infuriating}, and I've told my {association|colleagues} so.",
        ],
    ),
    "multisite_plan_info": (
        "confusion",
        [
            "Publish clear pricing and a real feature comparison for multi-site plans. Comparing options was so confusing.",
            "Make it obvious what's in each tier. I still don't fully understand the difference between Business and Enterprise.",
            "One clear page that explains how licences and reporting work across locations. We were confused for weeks.",
            "A comparison table that goes beyond five locations. {We couldn't tell|Nobody could tell us} what {twenty|thirty} sites would cost.",
            "Consistent answers from sales. Three reps, three different {explanations|quotes}, and we still weren't sure what we were buying.",
            "Explain per-location versus per-user pricing {properly|in plain English}. It was baffling.",
        ],
    ),
    "support_slow": (
        "frustration",
        [
            "Faster support, please. A real person on the phone when something breaks.",
            "Support that actually reads the ticket. Waiting two days for a canned reply is frustrating.",
            "Weekend support. {Our busiest day|Saturday} is exactly when nobody answers, and it drives me up the wall.",
        ],
    ),
    "app_clunky": (
        "frustration",
        [
            "Fix the phone app, it's clunky and slow compared to the website.",
            "Make the app easier to use with one hand, the tiny buttons drive me nuts.",
            "Put all the settings in the app. Having to find a laptop {mid-job|between clients} is annoying.",
        ],
    ),
    "card_fees": (
        "disappointment",
        [
            "Drop the extra fees for reminders and card payments, it all adds up and it's disappointing.",
            "Include the text reminders in the plan instead of charging more, felt like a letdown.",
        ],
    ),
    "referral_reward": (
        "disappointment",
        [
            "A referral reward! I've sent loads of people your way and got nothing, bit disappointing.",
            "Some thanks for referrals. {A free month|Anything} would do, it's a shame there's nothing.",
        ],
    ),
    "contract_process": (
        "frustration",
        [
            "Make the contract process shorter. Three months of redlines was painful.",
            "A standard enterprise contract that doesn't need weeks of legal back and forth. {Exhausting|Really frustrating}.",
        ],
    ),
    "trial_short": (
        "disappointment",
        [
            "A longer free trial for teams, two weeks was a letdown.",
            "Thirty days of trial for studios. Fourteen wasn't enough and that was disappointing.",
        ],
    ),
}

# Short, label-neutral sentences a respondent may start with (who they are).
CONTEXT = {
    "solo": [
        "I work on my own.",
        "It's just me.",
        "One-person business here.",
        "Solo @trade@ here.",
    ],
    "studio": [
        "We're a team of {six|seven|eight|nine}.",
        "Small studio here.",
        "We have {four|five|six} @staff@ on most days.",
    ],
    "mobile": [
        "I work out of a van.",
        "Mobile @trade@ here.",
        "I go to my customers, not the other way round.",
    ],
    "clinic": [
        "We're a {physio|chiro|wellness} clinic.",
        "Clinic owner here.",
        "We've used Slotwise for years.",
    ],
    "multisite": [
        "We run {fourteen|twenty-two|thirty-one} sites.",
        "I manage ops across all our locations.",
        "Head office perspective here.",
    ],
}

# Short closing remarks that say the same emotion again.
CLOSERS = {
    "anxiety": ["It still worries me a bit.", "Made me really nervous.", "That was scary for me."],
    "frustration": ["Really annoying.", "So frustrating.", "Drove me mad."],
    "anger": ["Not impressed at all.", "Honestly furious about it.", "Shameful."],
    "disappointment": ["Bit of a letdown.", "Disappointing.", "Shame really."],
    "confusion": ["Still not sure I understand it.", "Very confusing.", "Made no sense to me."],
    "joy": ["Love it.", "Really happy with it.", "Brilliant."],
    "relief": ["Such a relief.", "Weight off my mind.", "Glad that's sorted."],
    "trust": ["Good people.", "They've been straight with us.", "I trust them."],
    "excitement": ["Can't wait for what's next!", "So good!", "Really excited about it."],
    "curiosity": ["Was interesting to explore.", "Curious to see where it goes."],
    "neutral": [],
}

# Which themes a persona mentions when asked what they would change, with weights.
WISH_MIX = {
    "solo": {"solo_price": 0.74, "app_clunky": 0.1, "card_fees": 0.1, "referral_reward": 0.06},
    "studio": {"studio_setup": 0.76, "support_slow": 0.14, "trial_short": 0.1},
    "mobile": {"mobile_findability": 0.78, "app_clunky": 0.12, "referral_reward": 0.1},
    "clinic": {"clinic_price_rise": 0.8, "support_slow": 0.2},
    "multisite": {"multisite_plan_info": 0.78, "support_slow": 0.11, "contract_process": 0.11},
}

# Answers to "What do you like most about Slotwise?" come from the persona's positive
# buckets; this is how often each stage is what they talk about (the dip stage never).
LIKE_STAGES = {
    "retention": 0.45,
    "advocacy": 0.2,
    "consideration": 0.15,
    "decision": 0.1,
    "awareness": 0.1,
}
LIKE_GENERIC = [
    "Everything!",
    "All of it, honestly.",
    "It just works.",
    "Hard to pick one thing, it's all good.",
    "Keep up the good work!",
]

# Extra answers to "What, if anything, almost stopped you from signing up?":
# (emotion, theme, templates); the persona's decision pool is used as well.
Q14_EXTRA = {
    "studio": (
        "trust",
        None,
        [
            "{Nothing really|Not much|Nothing, to be honest}. They answered every question on the demo call, so I felt confident.",
            "{Nothing|Not really anything}, the onboarding {person|lady|guy} knew their stuff and I trusted them.",
            "Not much. {Other studio owners|A couple of friends with studios} vouched for it, {so I felt safe|which was reassuring}.",
            "{Nothing|Honestly nothing}, the {reviews|case studies} from studios like mine gave me {confidence|enough confidence}.",
        ],
    ),
    "mobile": (
        "relief",
        None,
        [
            "Nothing, the free trial with no card made it an easy, relaxed decision.",
            "Not much, I was just glad to finally find something that worked for {mobile work|someone on the road}.",
            "{Nothing really|Nope}. Cancel anytime meant I {could relax|wasn't stressed} about trying it.",
            "Nothing, it was a relief to find {something|an app} that gets {how I work|mobile jobs}.",
        ],
    ),
    "clinic": (
        "relief",
        None,
        [
            "Not much in the end, they put my mind at rest about the {data side|patient records}.",
            "{Only|Just} the data question, and once {it was answered|they explained the hosting} I {relaxed|was relieved}.",
            "Nothing serious. The migration help {took the worry away|was a relief}.",
        ],
    ),
    "multisite": (
        "trust",
        None,
        [
            "Nothing once we'd done the reference calls, we were confident in them.",
            "Not much, {their security team|the account manager} {answered everything|was very credible} and we trusted them.",
            "{Nothing material|Nothing major}. The pilot {proved it|went well} and the board trusted the numbers.",
        ],
    ),
    "solo": (
        "anxiety",
        "solo_price",
        [
            "The cost. I was so worried about paying every month on a one-person income.",
            "Price, honestly. I was scared I couldn't afford it in a {slow|quiet} month.",
            "Money. I stressed about the monthly fee for ages before signing up.",
            "{The monthly fee|The subscription}. {What if|I kept thinking what if} I have a bad month? {It really worried me|That scared me}.",
            "{Cost|The price}, and not knowing if it would pay for itself. I was {nervous|anxious} about it.",
        ],
    ),
}

# Open answers with no stage and no emotion (truth: stage NA, neutral).
NA_OPEN = [
    "Nothing.",
    "nothing really",
    "N/A",
    "n/a",
    "No",
    "Nope",
    "-",
    "Not that I can think of.",
    "Can't remember tbh",
    "No comment",
    "Nothing else to add",
    "All good",
    ".",
    "na",
    "None",
]

# "Other (please specify)" texts for the features question (truth: stage NA, neutral).
OTHER_FEATURES = {
    "solo": ["Gift vouchers", "Intake forms", "waitlist", "Instagram booking button"],
    "studio": ["Class packs", "Waitlist for classes", "Gift cards", "Commission reports"],
    "mobile": [
        "Travel time between jobs",
        "Customer addresses / map",
        "On my way texts",
        "route planning",
    ],
    "clinic": ["Intake & consent forms", "Treatment notes", "Insurance invoices", "SOAP notes"],
    "multisite": ["API", "SSO", "Central reporting", "Franchise royalties report"],
}

# Non-English open answers, written by hand with their truth labels.
FOREIGN_ANSWERS = [
    {
        "persona": "solo",
        "language": "es",
        "user_language": "ES",
        "variable": "Q17",
        "stage": "decision",
        "emotion": "anxiety",
        "theme": "solo_price",
        "text": "La verdad el precio me dio miedo. Trabajo sola y pagar cada mes sin saber si voy a tener clientas me preocupa mucho.",
    },
    {
        "persona": "studio",
        "language": "de",
        "user_language": "DE",
        "variable": "Q17",
        "stage": "retention",
        "emotion": "frustration",
        "theme": "studio_setup",
        "text": "Der Import unserer Kundendaten hat ewig gedauert, die Hälfte der Telefonnummern war danach im falschen Feld. Sehr nervig.",
    },
    {
        "persona": "clinic",
        "language": "fr",
        "user_language": "FR",
        "variable": "Q17",
        "stage": "advocacy",
        "emotion": "anger",
        "theme": "clinic_price_rise",
        "text": "Je recommandais Slotwise à tous mes collègues kinés, mais après la hausse de prix sans prévenir, c'est fini. Franchement, ça m'énerve.",
    },
    {
        "persona": "mobile",
        "language": "es",
        "user_language": "ES",
        "variable": "Q18",
        "stage": "retention",
        "emotion": "joy",
        "theme": None,
        "text": "Me encanta. Los clientes reservan mientras conduzco y ya no pierdo llamadas.",
    },
]

# Participant small talk and off-topic turns in interviews (truth: stage NA, neutral).
SMALL_TALK = {
    "hello": [
        "Yeah, I can hear you fine. Can you hear me?",
        "Hi! Sorry I'm a couple of minutes late, my last {client|appointment} ran over.",
        "Hiya. Yep, all good this end.",
        "Hi, yes, hello. Is my camera working? I can never tell with this thing.",
        "Hey. Sorry, my internet is a bit patchy today, tell me if I freeze.",
    ],
    "consent": [
        "Yep, that's totally fine, go ahead and record.",
        "Sure, no problem.",
        "Yes, that's fine with me.",
        "Go for it.",
    ],
    "interrupt": [
        "Sorry, one second, someone's at the door.",
        "Oh, hang on, my {next client|two o'clock} just walked in. Give me one sec.",
        "Sorry, that's my dog, he always barks when the post comes.",
        "Sorry, I just need to move, the signal's bad in this room.",
    ],
    "back": [
        "Okay, I'm back, sorry about that. Where were we?",
        "Right, sorry about that. What was the question?",
        "Okay. Sorry. What was the question again?",
    ],
    "weather": [
        "Ha, yeah, it's been {pouring|freezing} here all week too.",
        "Oh, not bad, busy week. Same here with the weather, {grey|wet} all week.",
    ],
    "bye": [
        "Thanks for having me, this was fun actually.",
        "No, I think that's everything. Thanks!",
        "Cheers, good luck with the research.",
        "No problem at all. Bye!",
    ],
}

# Participant background turns: what their business is (truth: stage NA, neutral).
BACKGROUND = {
    "solo": ["@background@"],
    "studio": ["@background@"],
    "mobile": ["@background@"],
    "clinic": [
        "I own a physiotherapy clinic, there are eight of us including two massage therapists.",
        "We're a chiropractic and wellness clinic, five practitioners and two on reception.",
        "I run a sports injury clinic, been going about twelve years now.",
    ],
    "multisite": [
        "I'm head of operations for a chain of {twenty-two|fourteen|thirty-one} barbershops.",
        "I run ops & IT for a fitness franchise, about eighteen clubs.",
        "I'm the ops & systems director for a group of nail salons across three regions.",
    ],
}

# Occupation details for the personas that mix trades: a respondent or interview
# picks one variant, and every @key@ in its text is filled from it.
VARIANTS = {
    "solo": [
        {
            "trade": "stylist",
            "trades": "stylists",
            "units": "haircuts",
            "mid_client": "mid-colour with foils in",
            "event": "hair show",
            "place": "salon",
            "bigplace": "salon",
            "background": "I'm a hairstylist, I rent a chair in a salon suite, so it's just me. "
            "About twenty-five clients a week, give or take.",
        },
        {
            "trade": "massage therapist",
            "trades": "massage therapists",
            "units": "massages",
            "mid_client": "halfway through a massage with oil on my hands",
            "event": "spa and wellness expo",
            "place": "gym where I rent my room",
            "bigplace": "spa",
            "background": "I do massage therapy on my own, mostly sports massage, out of a "
            "little room above a gym.",
        },
        {
            "trade": "lash tech",
            "trades": "lash techs",
            "units": "lash sets",
            "mid_client": "halfway through a lash set",
            "event": "beauty trade show",
            "place": "beauty school reunion",
            "bigplace": "salon",
            "background": "I'm a lash tech, one-person band, working from a studio at home.",
        },
        {
            "trade": "personal trainer",
            "trades": "personal trainers",
            "units": "sessions",
            "mid_client": "in the middle of a session",
            "event": "fitness expo",
            "place": "gym",
            "bigplace": "gym",
            "background": "Personal trainer, self-employed. I see clients at a small private "
            "gym in town.",
        },
    ],
    "mobile": [
        {
            "trade": "dog groomer",
            "trades": "dog groomers",
            "busy": "elbow-deep in a dog bath",
            "job_short": "groom dogs",
            "dirty_hands": "wet hands",
            "background": "I'm a mobile dog groomer, I've got a converted van and I go to "
            "people's houses.",
        },
        {
            "trade": "cleaner",
            "trades": "cleaners",
            "busy": "scrubbing someone's oven",
            "job_short": "clean houses",
            "dirty_hands": "rubber gloves on",
            "background": "I run a small mobile cleaning business, me and two part-timers.",
        },
        {
            "trade": "mechanic",
            "trades": "mechanics",
            "busy": "under a car",
            "job_short": "fix cars",
            "dirty_hands": "greasy hands",
            "background": "Mobile mechanic. I do servicing and repairs on people's driveways, "
            "mostly on my own.",
        },
    ],
    "studio": [
        {
            "staff": "stylists",
            "staff_one": "stylist",
            "background": "We're a hair salon with seven stylists and a receptionist, open "
            "about six years now.",
        },
        {
            "staff": "instructors",
            "staff_one": "instructor",
            "background": "I own a yoga and pilates studio, we've got nine instructors and "
            "around forty classes a week.",
        },
        {
            "staff": "nail techs",
            "staff_one": "nail tech",
            "background": "It's a beauty salon, nails & brows mostly, six of us plus me.",
        },
    ],
}


def fill(text: str, variant: dict | None) -> str:
    """Replace every ``@key@`` in ``text`` with the variant's value."""
    if variant:
        for key, value in variant.items():
            text = text.replace(f"@{key}@", value)
    return text


# Interviewer lines (context, not evidence); @first@ is the participant's first name.
INTERVIEWER = {
    "greet": [
        "Hi @first@, thanks so much for making the time today.",
        "Hey @first@! Can you hear me okay?",
        "Hello @first@, lovely to meet you. Thanks for joining.",
    ],
    "consent": [
        "Before we start, is it okay if I record this? It's only for our research team.",
        "Just to check, are you happy for us to record the session? It stays internal.",
    ],
    "weather": [
        "How's your week been? It's been grim weather here.",
        "How's your week going? The weather here has been awful.",
    ],
    "background": [
        "Could you tell me a bit about your business?",
        "To start, tell me about what you do and who works with you.",
    ],
    "awareness": [
        "How did you first hear about Slotwise?",
        "Think back to when you first came across Slotwise. What was going on at the time?",
        "Do you remember where you first saw us?",
    ],
    "consideration": [
        "What did you look at when you were comparing options?",
        "How did you go about evaluating Slotwise against other tools?",
        "What was it like looking at the plans and features?",
    ],
    "decision": [
        "What made you decide to sign up in the end?",
        "Was there anything that almost stopped you from signing up?",
        "Walk me through the moment you actually signed up.",
    ],
    "retention": [
        "How did the first few weeks go?",
        "Tell me about setting it up.",
        "How's day-to-day use been since then?",
    ],
    "advocacy": [
        "Would you recommend Slotwise to someone like you?",
        "Have you ever told anyone else about Slotwise?",
        "On a scale of zero to ten, how likely are you to recommend us, and why?",
    ],
    "followup": [
        "Can you say more about that?",
        "Tell me a bit more.",
        "Mm-hm. Anything else about that part?",
        "Interesting. Go on.",
        "Right. What else stood out?",
        "And how was that for you?",
        "Mm. Can you give me an example?",
    ],
    "interrupt": [
        "No worries at all, take your time.",
        "Of course, go ahead.",
    ],
    "wish": [
        "If you could change one thing about Slotwise, what would it be?",
        "Last question: if you had a magic wand, what would you fix?",
    ],
    "close": [
        "That's really helpful, thank you so much.",
        "Thanks, this has been great. We'll send the voucher over this week.",
    ],
}
