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
? {short} price?
? how much r u selling the {short} for
? What do I pay for a {name}?
? I'm thinking of getting my mum the {short} as a gift. How much is it?
? What is the retail price of the {name}, please?
? Could you confirm what a {short} costs at the moment?
? Is the {name} expensive? What does it go for?
? I was wondering how much a {short} is before I order one.
? My colleague wants a {name}. What's it priced at?
? cost of {name}
? How much money do I need to buy the {short}?
? How pricey is the {short}?
~ If I order the {short}, how much will it cost me?
~ Could you let me know what the {name} costs these days?
? What's the cost of a {short}?
? How many dollars is the {name}?
? what does a {short} go for these days
? Tell me the price of the {name}.
? I need to know how much the {short} costs before payday.
? Is the {short} cheap, or does it cost a lot?
? What will I be charged for one {name}?
? Is the {name} worth the money? What does it cost?
? {name} how much
? Hello! Could you please let me know the current price of the {name}?
? My boss asked me to budget for a {short}. What's the figure?
? What's the {short} going to cost me?
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
? {short} colours?
? what colors does the {short} come in
? Which finishes can I choose for the {name}?
? Do you make the {short} in several colours?
? My sister is picky about shades. What colours can she get the {name} in?
? Does the {short} only come in one color?
? What shades do you sell the {name} in?
? Going for a matching look at home: what colour range does the {name} have?
? Could you list the available colourways of the {name}?
? colour options {short}
? Which colours can I order the {name} in?
~ I want the {short} to match my room. What colours can I pick from?
~ Is the {name} sold in more than one colour?
? Tell me which colours the {short} comes in.
? How many colours of the {short} do you stock?
? I need to know the colour options before I buy a {short}.
? what colours can i get the {short} in
? My friend wants a {short} to match her room. Which colours are there?
? {name} colour choices
? Which colors do you offer for the {short}?
? Can you list every colour of the {short}?
? Which shades can I pick for the {short}?
? I'd like the {name} in a colour that suits my flat. What are my options?
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
? Lumo lamp dimmer settings?
? Is the Lumo lamp dimmable?
? how many levels of brightness on the lumo
? Can I turn the Lumo down for reading late at night?
? Does the Lumo have a dimmer, and how many steps does it have?
? My son wants a desk lamp he can dim for homework. How many light levels does the Lumo have?
? Is the Lumo Desk Lamp only on and off, or can I adjust how bright it is?
? How many steps of brightness can I pick on the Lumo?
? I find my Lumo too bright in the evening. Can I lower the light?
? Can I change the light intensity on the Lumo Desk Lamp?
? Lumo brightness levels
~ Is there a way to make the Lumo lamp less bright in the evening?
? How dim can the Lumo Desk Lamp go?
? Tell me how many brightness levels the Lumo lamp has.
? Can I adjust the brightness on the Lumo desk lamp?
? does the lumo lamp have brightness steps
? I need a lamp I can make softer at night. Does the Lumo do that?
? How do I make the Lumo lamp brighter or dimmer?
? Is there a brightness control on the Lumo?
? Does the lamp have a dimmer? I'm asking about the Lumo Desk Lamp.
? My grandad needs a gentle reading light. Can the Lumo be turned down low?
? Lumo dimming options
? What's the number of brightness steps on the Lumo Desk Lamp?
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
? Brewlet capacity?
? How many cups of tea can I make in one go with the Brewlet?
? how many mugs does the brewlet boil at once
? What's the Brewlet Kettle's volume when full?
? Is the Brewlet big enough for a family of five?
? My flatmates drink a lot of tea. How much can the Brewlet boil at a time?
? Is the Brewlet a small kettle or a full-size one?
? How full can I fill the Brewlet?
? What size is the Brewlet Kettle in litres?
? Could you tell me how much liquid the Brewlet can boil at once?
? Brewlet kettle size
~ Roughly how much water fits in the Brewlet Kettle?
? How many litres of water fit in the Brewlet?
? Tell me the Brewlet Kettle's capacity.
? I need a kettle that holds at least a litre. Is the Brewlet big enough?
? what's the max water level on the brewlet
? How much can the kettle hold? I mean the Brewlet.
? How many cups does the Brewlet boil?
? Is the Brewlet large enough for a whole teapot?
? What volume of water can I boil in the Brewlet at once?
? Brewlet litres
? My office wants one kettle for ten people. How much water does the Brewlet take?
? How much does the Brewlet hold when filled to the top?
= The Brewlet Kettle holds 1.7 litres of water, which is enough for about seven mugs of tea.
= The Brewlet has a capacity of 1.7 litres, so it can fill about seven mugs at once.
# brewlet.temperatures | 40 to 100 degrees
? What temperatures can the Brewlet heat water to?
? Can I set the Brewlet Kettle to a specific temperature?
? What is the temperature range of the Brewlet?
? Does the Brewlet do lower temperatures for green tea?
? How hot can the Brewlet get?
? Brewlet temperature settings?
? Can the Brewlet heat water to 80 degrees for my coffee?
? What's the lowest temperature I can set on the Brewlet?
? Does the Brewlet only boil, or can it heat water to something cooler?
? My dad drinks white tea and needs cooler water. Can the Brewlet do that?
? What heat settings does the Brewlet Kettle have?
? brewlet min and max temp
? In what increments can I adjust the Brewlet's temperature?
? Can I choose how hot the water gets in the Brewlet?
? Is the Brewlet a variable temperature kettle?
? Which degrees can I pick on the Brewlet Kettle?
~ I drink green tea, which needs water below boiling. Can the Brewlet handle that?
? What temperature settings does the Brewlet have?
? Can I set the Brewlet to 70 degrees?
? What's the coolest setting on the Brewlet?
? Tell me the temperature range of the Brewlet Kettle.
? I make pour-over coffee and want water just off the boil. Can the Brewlet do it?
? brewlet degrees range
? Does the kettle let me pick a temperature? I have the Brewlet.
? What's the highest temperature on the Brewlet?
? Can I heat water to 60 degrees in the Brewlet for baby formula?
? Is the Brewlet's temperature adjustable?
? How do I choose a temperature on the Brewlet?
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
? Pebble battery life
? how long does the pebble last on a full charge
? Will the Pebble's battery last a whole day out?
? How many hours of playtime does the Pebble Speaker have?
? I'm taking the Pebble camping for a weekend. How long will it play without a charger?
? Does the Pebble's battery last long?
? My daughter plays music all afternoon. Will the Pebble run out of battery?
? What's the runtime of the Pebble speaker per charge?
? How long does a fully charged Pebble keep playing?
? Can the Pebble play for more than ten hours?
? How long between charges for the Pebble Speaker?
~ On a single charge, how many hours will my Pebble Speaker keep playing?
? How many hours can the Pebble play music?
? Tell me how long the Pebble Speaker runs on battery.
? pebble speaker hours per charge
? Is the Pebble's battery big enough for a long party?
? How long will the speaker last unplugged? It's the Pebble.
? I need a speaker that lasts all day at the park. How long does the Pebble go?
? How much playback time does the Pebble speaker give?
? Does the Pebble need charging often?
? What's the Pebble's battery life at medium volume?
? How long does the Pebble battery last before it runs out?
? My nephew wants to use a Pebble on a long road trip. How many hours will it play?
= The Pebble Speaker plays for up to 14 hours on one charge at medium volume.
= On a full charge the Pebble Speaker lasts up to 14 hours at medium volume, and it recharges
+ over USB-C.
# pebble.waterproof | IPX7
? Is the Pebble Speaker waterproof?
? Can the Pebble speaker get wet?
? What is the water rating of the Pebble?
? Can I use the Pebble speaker in the shower?
? Is the Pebble safe near a pool?
? Pebble waterproof?
? What IP rating does the Pebble Speaker have?
? Can I take the Pebble to the beach or will water kill it?
? If I drop the Pebble in the bath, will it survive?
? Is the Pebble speaker splash proof?
? My friend wants a speaker for kayaking. Can the Pebble handle being dunked?
? How water resistant is the Pebble?
? Can the Pebble speaker go underwater?
? is the pebble ok in the rain
? Will the Pebble break if it gets wet?
? How deep can the Pebble speaker be submerged?
~ Would my Pebble survive getting wet in the bath?
? Is the Pebble water resistant?
? Tell me if the Pebble speaker can handle water.
? Can I take the Pebble in the bath with me?
? pebble ipx rating
? Does water damage the Pebble Speaker?
? How long can the Pebble stay underwater?
? I want a speaker for the shower. Will the Pebble survive it?
? Can the Pebble go in the sea?
? Is the Pebble speaker rainproof?
? My daughter dropped her Pebble in the sink. Will it still work?
? Will a splash from the pool hurt my Pebble?
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
? Fernlight battery life?
? how do i charge the fernlight sensor
? Does the Fernlight run on batteries or do I plug it in?
? What kind of battery goes in the Fernlight?
? I set my Fernlight up back in March. How much longer until the battery is flat?
? How many months does a Fernlight battery keep going?
? Is the Fernlight rechargeable?
? I bought Fernlight sensors for my gran's houseplants. How often will she swap the batteries?
? Does the Fernlight sensor use a coin cell?
? How long before the Fernlight needs a new battery?
? Fernlight power source
~ My Fernlight has been in a pot since spring. When will its battery run out?
? How long does a Fernlight battery last?
? When will the Fernlight's battery run out?
? Tell me about the Fernlight sensor's battery.
? Do I have to recharge the Fernlight?
? fernlight battery how long
? Does the Fernlight need a cable or a charger?
? How many months between battery swaps on the Fernlight?
? I need to know if the Fernlight plant sensor uses batteries.
? How do I know when the Fernlight battery is low?
? Will the Fernlight battery last a whole year?
? My aunt has a Fernlight in every pot. How often do the batteries need replacing?
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
? Driftclock sunrise length?
? How many minutes does the Driftclock take to fully brighten?
? If I set a 7am alarm on the Driftclock, when does the light start?
? Does the Driftclock light up all at once or fade in?
? My partner hates harsh alarms. How slowly does the Driftclock light come up?
? How far ahead of the alarm does the Driftclock begin its sunrise?
? Can you explain the Driftclock's sunrise feature?
? how long is the driftclock wake up light
? What time does the glow start on the Driftclock before I have to get up?
? Is the Driftclock's sunrise a long fade?
? How does the Driftclock use light to wake you?
~ Does the Driftclock's sunrise light come on all at once or gradually?
? How long before my alarm does the Driftclock start to glow?
? Tell me how the Driftclock sunrise works.
? How slowly does the Driftclock brighten?
? driftclock sunrise minutes
? How many minutes is the Driftclock's sunrise?
? When does the Driftclock light start fading up?
? I want a gentle wake-up. How long does the Driftclock's sunrise take?
? Does the Driftclock's light come on gradually before the alarm?
? What is the sunrise duration on the Driftclock Sunrise Alarm?
? My wife sets the Driftclock for 6:30. What time does it begin to get light?
? How does the sunrise alarm light work? It's a Driftclock.
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
? Driftclock alarm sounds?
? how many tones on the driftclock
? Does the Driftclock have birdsong?
? Can the Driftclock play nature sounds to wake me?
? My kid finds beeping alarms scary. What noises can the Driftclock play instead?
? What's the choice of alarm noises on the Driftclock Sunrise Alarm?
? Can I change the wake-up sound on my Driftclock?
? Is there more than one alarm sound on the Driftclock?
? Which ringtones does the Driftclock offer?
? Does the Driftclock only beep, or are there other sounds?
? How many different alarm noises does the Driftclock include?
~ I hate beeping alarms. Which other sounds can the Driftclock wake me with?
? What alarm sounds are on the Driftclock?
? Tell me which wake-up sounds the Driftclock has.
? Can the Driftclock wake me with rain sounds?
? driftclock alarm tones list
? Does the Driftclock have a chime alarm?
? How many wake-up sounds can I pick from on the Driftclock?
? I'd like something softer than a beep. Which sounds can the Driftclock play?
? Is there a birdsong alarm on the Driftclock Sunrise Alarm?
? Can I use the Driftclock without any alarm sound?
? What noises can I set as my Driftclock alarm?
? My teenager sleeps through beeps. Does the Driftclock have other alarm sounds?
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
? Hopper wattage?
? What's the maximum output of the Hopper charger?
? Is the Hopper strong enough for a MacBook?
? Will the Hopper charge my work laptop?
? How many W is the Hopper Travel Charger?
? My husband travels with a laptop. Can the Hopper replace his laptop charger?
? Does the Hopper support fast charging?
? What's the total power output of the Hopper?
? hopper charger watts
? How much power does the Hopper deliver?
? Is the Hopper Travel Charger a high-power charger?
~ Will the Hopper have enough power for my laptop when I travel?
? How many watts is the Hopper?
? Tell me the Hopper charger's power output.
? Can the Hopper Travel Charger power a laptop?
? hopper output watts
? Is the Hopper enough to charge a laptop on a work trip?
? What's the Hopper's wattage in total?
? I need a charger that can handle my laptop. Is the Hopper powerful enough?
? How fast does the Hopper charge?
? Can I charge my Dell laptop with the Hopper?
? How strong is the Hopper charger?
? What is the Hopper rated at in watts?
= The Hopper Travel Charger delivers 65 watts in total, which is enough to charge most laptops.
= The Hopper puts out 65 watts in total, so it can fast-charge a laptop, a tablet or a phone.
# hopper.ports | three devices
? How many devices can the Hopper charge at once?
? How many ports does the Hopper Travel Charger have?
? Can I charge my phone and laptop together on the Hopper?
? How many things can I plug into the Hopper charger?
? Does the Hopper charge more than one device?
? Hopper ports?
? how many usb ports on the hopper
? Does the Hopper have USB-A as well as USB-C?
? Can the Hopper charge my phone, tablet and earbuds at the same time?
? I travel with a phone, a watch and a laptop. Can one Hopper handle them all at once?
? How many cables can I plug into the Hopper at once?
? What sockets does the Hopper Travel Charger have?
? Is the Hopper a multi-port charger?
? How many gadgets can my colleague charge from one Hopper?
? Can I charge two phones from the Hopper simultaneously?
? What kind of ports are on the Hopper?
~ I've got a phone, a tablet and headphones. Can the Hopper charge all those devices together?
? Tell me what ports the Hopper has.
? How many USB-C ports does the Hopper Travel Charger have?
? hopper how many devices
? Does the Hopper have a USB-A port for my old cable?
? Can I charge three things from the Hopper?
? I need to charge my phone and my partner's phone at the same time. Can the Hopper do that?
? How many outlets are on the Hopper charger?
? Can the Hopper charge several gadgets together?
? What charging ports does the Hopper have?
? My family shares one charger when we travel. How many devices fit on the Hopper?
? Does the Hopper have USB-C ports?
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
? Nook room size?
? Is the Nook suitable for my bedroom?
? how many square metres does the nook cover
? Will one Nook be enough for an open-plan flat?
? What's the coverage area of the Nook Air Purifier?
? My mum's lounge measures roughly 20 square metres. Would a Nook cope?
? Could the Nook purify a whole office?
? What size space is the Nook designed for?
? What is the maximum room size for the Nook purifier?
? Is the Nook too small for a big living area?
? How much floor space can one Nook handle?
~ My bedroom is about twenty square metres. Is the Nook purifier big enough for a room that size?
? How large a room does the Nook purifier handle?
? Tell me the room size the Nook is rated for.
? nook coverage square metres
? Is one Nook enough for a big lounge?
? I need a purifier for a 30 square metre room. Is the Nook enough?
? Can the Nook clean the air in a small flat?
? What size room does the Nook Air Purifier work in?
? Will the Nook work in my kid's bedroom?
? How many square metres can the Nook purify?
? Is the Nook meant for small rooms or big ones?
? My flat's living room is quite big. Would the Nook be powerful enough?
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
? Nook filter replacement schedule?
? how often new filter nook
? How many times a year should I swap the Nook's filter?
? I've had my Nook since last winter. Should the filter be swapped by now?
? Do Nook filters need replacing, and how often?
? How long can I keep using the same filter in the Nook?
? My father has a Nook. How frequently should he change its filter?
? What's the recommended filter change interval for the Nook Air Purifier?
? Does the Nook's filter last a whole year?
? How often do I have to buy a replacement Nook filter?
? Nook filter lifespan
~ It's been a while since I bought my Nook. Is it time for a fresh filter?
? How many months does a Nook filter last?
? Tell me how often the Nook's filter should be changed.
? When is the Nook filter due for a change?
? nook filter how often
? How long until I need to buy a new Nook filter?
? Do I have to change the filter in the Nook twice a year?
? Is the Nook filter a yearly replacement or more often?
? I need to plan filter purchases for my Nook. How often do I replace it?
? What's the filter life on the Nook Air Purifier?
? How regularly should the Nook purifier's filter be changed?
? My office has three Nooks. How often do their filters need swapping?
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
? Orbit lumens?
? How much light does the Orbit Bike Light give off?
? Is the Orbit bright enough for cycling at night on country lanes?
? What's the max output in lumens of the Orbit?
? Does the Orbit throw enough light for my brother's ride on roads with no streetlights?
? How intense is the Orbit's light at full power?
? Can I see the road properly with the Orbit at night?
? orbit bike light brightness
? Is the Orbit Bike Light a proper headlight or just a be-seen light?
? What lumen rating does the Orbit have?
? How bright does the Orbit get on its highest setting?
~ I cycle home on unlit country lanes. Will the Orbit light be bright enough?
? How many lumens does the Orbit Bike Light put out?
? Tell me how bright the Orbit is.
? orbit light lumens
? Is the Orbit bright enough to ride without streetlights?
? Can the Orbit light up a dark trail?
? What's the Orbit Bike Light's maximum brightness?
? I need a strong front light for unlit lanes. Is the Orbit bright enough?
? Will the Orbit let me see the path in the dark?
? How powerful is the Orbit's beam?
? Is the Orbit a bright light or a dim one?
? My son cycles home after dark. Is the Orbit bright enough for him?
= The Orbit Bike Light shines at up to 400 lumens, which is bright enough for unlit roads.
= At full power the Orbit Bike Light gives 400 lumens, plenty for dark roads and paths.
# orbit.battery | 6 hours
? How long does the Orbit Bike Light's battery last?
? What is the battery life of the Orbit light?
? How many hours does the Orbit run on one charge?
? How long can I ride with the Orbit light on?
? Orbit light battery life?
? Orbit battery?
? how many hours will the orbit last
? My commute is 40 minutes each way. How many rides will one Orbit charge cover?
? What's the runtime of the Orbit Bike Light?
? Is the Orbit's battery good for a long night ride?
? How long does the Orbit stay lit before it dies?
? Does the Orbit last longer in flashing mode?
? How long between charges on the Orbit light?
? My friend does long night rides. Will the Orbit run out of charge?
? How much ride time do I get from a fully charged Orbit?
? Orbit runtime in steady mode
~ How many hours of riding will I get from a single charge of my Orbit light?
? How long will the Orbit Bike Light last on one charge?
? Tell me the Orbit light's battery life.
? orbit battery hours
? How many hours can I cycle with the Orbit switched on?
? Does the Orbit's charge last a whole evening?
? I need a light for a long night ride. Will the Orbit last?
? How long does the Orbit run in flashing mode?
? When will the Orbit's battery run out?
? How often do I need to recharge the Orbit light?
? What's the Orbit Bike Light's battery life in steady mode?
? My partner commutes by bike every day. How long does the Orbit last between charges?
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
