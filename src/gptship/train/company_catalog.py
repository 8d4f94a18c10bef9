"""Quillmere's eight products: prices and colours from one table through shared wordings,
and each product's own specs and troubleshooting written out."""

from __future__ import annotations

from dataclasses import dataclass

from gptship.train.company_world import Fact, fill, parse_facts


@dataclass(frozen=True)
class Product:
    slug: str
    name: str  # the catalogue name
    short: str  # what customers call it
    price: str
    colours: str
    about: str  # the sentence that closes a price answer


PRODUCTS = (
    Product(
        "lumo", "Lumo Desk Lamp", "Lumo lamp", "$79", "oat, slate and sage",
        "It is our dimmable LED desk lamp with a wireless charging base.",
    ),
    Product(
        "brewlet", "Brewlet Kettle", "Brewlet", "$119", "matte black and brushed steel",
        "It is our smart kettle that you can control from the {co} app.",
    ),
    Product(
        "pebble", "Pebble Speaker", "Pebble speaker", "$59", "coral, navy and stone",
        "It is our pocket-sized waterproof Bluetooth speaker.",
    ),
    Product(
        "fernlight", "Fernlight Plant Sensor", "Fernlight sensor", "$35", "leaf green and clay",
        "It is a small soil sensor that tells you when your plants need water.",
    ),
    Product(
        "driftclock", "Driftclock Sunrise Alarm", "Driftclock", "$89", "sand and charcoal",
        "It is our alarm clock that wakes you with a slow sunrise light.",
    ),
    Product(
        "hopper", "Hopper Travel Charger", "Hopper charger", "$45", "white and black",
        "It is our compact travel charger that tops up three devices at once.",
    ),
    Product(
        "nook", "Nook Air Purifier", "Nook purifier", "$149", "white and fog grey",
        "It is our quiet air purifier for bedrooms and small living rooms.",
    ),
    Product(
        "orbit", "Orbit Bike Light", "Orbit light", "$39", "black and safety yellow",
        "It is our rechargeable front light for bikes and scooters.",
    ),
)  # fmt: skip

_PRICE = """
# {slug}.price | {price}
? How much is the {name}?
? What does the {short} cost?
? What's the price of the {name}?
? How much do you charge for the {short}?
? Price of the {name}?
? How much would the {short} set me back?
~ If I order the {short}, how much will it cost me?
~ Could you let me know what the {name} costs these days?
= The {name} costs {price}. {about}
= The {name} is priced at {price}. {about}
= You can buy the {name} for {price}. {about}
"""

_COLOURS = """
# {slug}.colours | {colours}
? What colours does the {name} come in?
? Which colours is the {short} available in?
? What colour options are there for the {name}?
? Can I get the {short} in different colours?
? What are the colour choices for the {short}?
~ I want the {short} to match my room. What colours can I pick from?
~ Is the {name} sold in more than one colour?
= The {name} comes in {colours}. Every colour costs the same.
= You can get the {name} in {colours}, all at the same price.
= We make the {name} in {colours}, and every colour is in stock.
"""

_SPECS = {
    "lumo": """
# lumo.levels | five brightness levels
? How many brightness settings does the Lumo Desk Lamp have?
? Can I dim the Lumo lamp?
? How bright can the Lumo lamp be set?
? Does the Lumo Desk Lamp have different brightness modes?
? What brightness options come with the Lumo lamp?
~ Is there a way to make the Lumo lamp less bright in the evening?
= The Lumo Desk Lamp has five brightness levels and three colour temperatures, set from the touch
+ strip.
= You can choose between five brightness levels on the Lumo Desk Lamp, using the touch strip on
+ its arm.
""",
    "brewlet": """
# brewlet.capacity | 1.7 litres
? How much water does the Brewlet Kettle hold?
? What is the capacity of the Brewlet?
? How big is the Brewlet kettle?
? How many litres does the Brewlet take?
? What's the maximum fill of the Brewlet Kettle?
~ Roughly how much water fits in the Brewlet Kettle?
= The Brewlet Kettle holds 1.7 litres of water, which is enough for about seven mugs of tea.
= The Brewlet has a capacity of 1.7 litres, so it can fill about seven mugs at once.
# brewlet.temperatures | 40 to 100 degrees
? What temperatures can the Brewlet heat water to?
? Can I set the Brewlet Kettle to a specific temperature?
? What is the temperature range of the Brewlet?
? Does the Brewlet do lower temperatures for green tea?
? How hot can the Brewlet get?
~ I drink green tea, which needs water below boiling. Can the Brewlet handle that?
= The Brewlet Kettle heats water to any temperature from 40 to 100 degrees Celsius, in steps of
+ five degrees.
= You can set the Brewlet anywhere from 40 to 100 degrees Celsius, in five-degree steps, from the
+ dial or the app.
""",
    "pebble": """
# pebble.battery | 14 hours
? How long does the Pebble Speaker's battery last?
? What is the battery life of the Pebble speaker?
? How many hours of music do I get from the Pebble on one charge?
? How long can the Pebble speaker play before it needs charging?
? Pebble Speaker battery life?
~ On a single charge, how many hours will my Pebble Speaker keep playing?
= The Pebble Speaker plays for up to 14 hours on one charge at medium volume.
= On a full charge the Pebble Speaker lasts up to 14 hours at medium volume, and it recharges
+ over USB-C.
# pebble.waterproof | IPX7
? Is the Pebble Speaker waterproof?
? Can the Pebble speaker get wet?
? What is the water rating of the Pebble?
? Can I use the Pebble speaker in the shower?
? Is the Pebble safe near a pool?
~ Would my Pebble survive getting wet in the bath?
= The Pebble Speaker is waterproof with an IPX7 rating: it survives one metre of water for up to
+ 30 minutes.
= Yes, the Pebble Speaker is rated IPX7, so it can stay under one metre of water for 30 minutes.
""",
    "fernlight": """
# fernlight.battery | 9 months
? How long does the battery in the Fernlight Plant Sensor last?
? How often do I need to change the Fernlight sensor's battery?
? What battery does the Fernlight use and how long does it last?
? What is the battery life of the Fernlight sensor?
? Does the Fernlight sensor need charging?
~ My Fernlight has been in a pot since spring. When will its battery run out?
= The Fernlight Plant Sensor runs on a coin cell battery that lasts about 9 months, and the app
+ warns you when it is low.
= The Fernlight sensor uses a coin cell battery that lasts about 9 months, so there is nothing to
+ charge.
""",
    "driftclock": """
# driftclock.sunrise | 30 minutes
? How long does the Driftclock sunrise last?
? How early does the Driftclock start getting brighter before my alarm?
? How does the sunrise on the Driftclock work?
? When does the Driftclock's light come on before the alarm?
? How gradual is the Driftclock's wake-up light?
~ Does the Driftclock's sunrise light come on all at once or gradually?
= The Driftclock starts its sunrise 30 minutes before your alarm, slowly going from a dim red
+ glow to bright warm light.
= The Driftclock Sunrise Alarm brightens over 30 minutes before your alarm time, so you wake up
+ gently.
# driftclock.sounds | 12 wake-up sounds
? How many alarm sounds does the Driftclock have?
? What sounds can the Driftclock wake me up with?
? Does the Driftclock have different alarm tones?
? Can I choose the alarm sound on the Driftclock?
? What wake-up sounds come with the Driftclock Sunrise Alarm?
~ I hate beeping alarms. Which other sounds can the Driftclock wake me with?
= The Driftclock has 12 wake-up sounds, including birdsong, rain and soft chimes, or you can wake
+ to light alone.
= You can pick from 12 wake-up sounds on the Driftclock, such as birdsong, rain and soft chimes.
""",
    "hopper": """
# hopper.power | 65 watts
? How powerful is the Hopper Travel Charger?
? What is the wattage of the Hopper charger?
? Can the Hopper charge a laptop?
? How many watts does the Hopper put out?
? Is the Hopper fast enough for my laptop?
~ Will the Hopper have enough power for my laptop when I travel?
= The Hopper Travel Charger delivers 65 watts in total, which is enough to charge most laptops.
= The Hopper puts out 65 watts in total, so it can fast-charge a laptop, a tablet or a phone.
# hopper.ports | three devices
? How many devices can the Hopper charge at once?
? How many ports does the Hopper Travel Charger have?
? Can I charge my phone and laptop together on the Hopper?
? How many things can I plug into the Hopper charger?
? Does the Hopper charge more than one device?
~ I've got a phone, a tablet and headphones. Can the Hopper charge all those devices together?
= The Hopper Travel Charger can charge three devices at once, with two USB-C ports and one USB-A
+ port.
= The Hopper has two USB-C ports and one USB-A port, so it charges three devices at once.
""",
    "nook": """
# nook.room | 25 square metres
? How big a room can the Nook Air Purifier clean?
? What room size is the Nook purifier for?
? Is the Nook powerful enough for a living room?
? What area does the Nook cover?
? Will the Nook work in a large room?
~ My bedroom is about twenty square metres. Is the Nook purifier big enough for a room that size?
= The Nook Air Purifier is made for rooms up to 25 square metres and cleans their air five times
+ an hour.
= The Nook purifier covers rooms up to 25 square metres, such as most bedrooms and small living
+ rooms.
# nook.filter | every 6 months
? How often should I replace the filter in the Nook purifier?
? How long does a Nook filter last?
? When do I need a new filter for the Nook Air Purifier?
? How often do Nook filters need changing?
? What's the lifespan of the Nook's filter?
~ It's been a while since I bought my Nook. Is it time for a fresh filter?
= You should replace the Nook Air Purifier filter every 6 months, and the filter light turns red
+ when it is due.
= The Nook filter needs changing every 6 months; replacement filters cost $25 in our shop.
""",
    "orbit": """
# orbit.brightness | 400 lumens
? How bright is the Orbit Bike Light?
? How many lumens is the Orbit light?
? Is the Orbit light bright enough for dark roads?
? What's the brightness of the Orbit?
? How strong is the Orbit Bike Light's beam?
~ I cycle home on unlit country lanes. Will the Orbit light be bright enough?
= The Orbit Bike Light shines at up to 400 lumens, which is bright enough for unlit roads.
= At full power the Orbit Bike Light gives 400 lumens, plenty for dark roads and paths.
# orbit.battery | 6 hours
? How long does the Orbit Bike Light's battery last?
? What is the battery life of the Orbit light?
? How many hours does the Orbit run on one charge?
? How long can I ride with the Orbit light on?
? Orbit light battery life?
~ How many hours of riding will I get from a single charge of my Orbit light?
= The Orbit Bike Light runs for 6 hours in steady mode, and longer when flashing.
= On one charge the Orbit light lasts 6 hours in steady mode and about twice as long when flashing.
""",
}


def product_facts() -> list[Fact]:
    facts = []
    for p in PRODUCTS:
        values = {
            "slug": p.slug,
            "name": p.name,
            "short": p.short,
            "price": p.price,
            "colours": p.colours,
            "about": p.about,
        }
        text = fill(_PRICE + _COLOURS, **values) + _SPECS[p.slug]
        facts += parse_facts(text, domain="support", topic="products", section=p.name)
    return facts
