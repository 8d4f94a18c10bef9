"""Quillmere's product news: four short articles and the facts asked about them
(format: company_world)."""

from __future__ import annotations

from dataclasses import dataclass

from gptship.train.company_world import Fact, parse_facts


@dataclass(frozen=True)
class Article:
    title: str
    date: str
    paragraphs: tuple[str, ...]
    facts: str  # fact blocks


ARTICLES = (
    Article(
        "An update to {co} Plus pricing",
        "6 January",
        (
            "From 1 February, the annual {co} Plus plan costs $48 a year, up from $40. "
            "The monthly plan stays at $5 a month.",
            "Members who already pay yearly keep the old price until their next renewal. "
            "Plus still includes free express shipping and a 3-year warranty.",
        ),
        """
# news.plus_change_date | 1 February
? When did the Plus price change?
? When did the new annual Plus price start?
? From what date did yearly Plus cost more?
? When was the Plus price increase?
? When did the new Plus prices apply?
~ I noticed the Plus price went up. On what date did that happen?
= The annual {co} Plus price changed to $48 a year on 1 February.
= Since 1 February, the annual {co} Plus plan costs $48 a year instead of $40.
# news.plus_old_price | $40
? How much was the annual Plus plan before?
? What was the old price of {co} Plus?
? How much has the annual Plus price gone up?
? What did yearly Plus cost before the change?
? How big was the Plus price increase?
~ Compared with before, how much more does yearly Plus cost? What was the old price?
= The annual Plus plan used to cost $40 a year, and it rose to $48 on 1 February.
= Yearly Plus went up from $40 to $48 a year, while the monthly price stayed at $5.
# news.plus_existing | next renewal
? Did the Plus price change affect existing members?
? I already paid for a year of Plus. Will I be charged more?
? When do existing Plus members pay the new price?
? Do current subscribers keep the old Plus price?
? What happened to existing yearly Plus plans after the change?
~ I'm an existing yearly Plus member. When do I start paying the new price?
= Members who already paid yearly keep the old price of $40 until their next renewal.
= If you were already on a yearly plan, the new price only applies from your next renewal.
""",
    ),
    Article(
        "Our Rotterdam warehouse is open",
        "20 January",
        (
            "We have opened our first European warehouse, in Rotterdam. It opened in January "
            "and now packs and ships every order for the UK and the EU.",
            "Before Rotterdam, European orders crossed the Atlantic and took 10 to 14 business "
            "days. Now they arrive in 4 to 6 business days, and shipping still costs $18.",
        ),
        """
# news.warehouse_city | Rotterdam
? Where is your new warehouse?
? Which city is the new {co} warehouse in?
? Where did {co} open its European warehouse?
? Do you have a warehouse in Europe?
? Where do European orders ship from now?
~ I heard about a new European warehouse. Where exactly is it?
= Our new European warehouse is in Rotterdam, and it ships all orders to the UK and the EU.
= We opened a warehouse in Rotterdam, so orders for the UK and the EU now ship from there.
# news.warehouse_opened | in January
? When did the Rotterdam warehouse open?
? When did you open the new warehouse?
? How long has the Rotterdam warehouse been running?
? Is the Rotterdam warehouse open yet?
? When did European orders start shipping from Rotterdam?
~ Since when have EU orders been shipping out of Rotterdam?
= The Rotterdam warehouse opened in January, and it has shipped every UK and EU order since then.
= We opened our Rotterdam warehouse in January, and all UK and EU orders now leave from there.
# news.warehouse_speed | 4 to 6 business days
? How has the Rotterdam warehouse changed delivery times?
? Is shipping to Europe faster now?
? What difference does the new warehouse make?
? How much faster are UK orders since the new warehouse?
? Did European delivery speed up?
~ Are parcels to Europe quicker now that the new warehouse is open?
= Thanks to the Rotterdam warehouse, UK and EU orders now arrive in 4 to 6 business days instead
+ of 10 to 14.
= Since Rotterdam opened, delivery to the UK and the EU takes 4 to 6 business days, down from 10
+ to 14.
""",
    ),
    Article(
        "Second Life: a new home for your old gadgets",
        "10 February",
        (
            "Second Life is our new trade-in scheme. Send us any old {co} gadget, working "
            "or not, and we will email you a 15% discount code for your next order.",
            "To take part, open the Second Life page in the app, print the free label and post "
            "the gadget to us. We repair what we can and recycle the rest.",
        ),
        """
# news.second_life_discount | 15%
? What do I get for trading in an old gadget?
? How does Second Life work?
? What is the Second Life discount?
? How much off do I get for recycling an old device?
? What's the reward for the Second Life programme?
~ If I send you my old dead speaker through Second Life, what do I get?
= Through Second Life, you send us an old {co} gadget and get a 15% discount code for your next
+ order.
= Second Life gives you a 15% discount code for every old {co} gadget you send back to us.
# news.second_life_condition | working or not
? Does the device need to work for Second Life?
? Can I trade in a broken gadget?
? What devices can I send to Second Life?
? Do broken products count for Second Life?
? What condition does a Second Life trade-in need to be in?
~ My old lamp doesn't turn on anymore. Will Second Life still accept it?
= Second Life accepts any {co} gadget, working or not, and we repair or recycle every one.
= Any {co} device counts for Second Life, working or not, because we refurbish or recycle them all.
# news.second_life_how | Second Life page
? How do I send a gadget to Second Life?
? How do I join Second Life?
? How do I trade in my old device?
? Where do I start a Second Life trade-in?
? How do I post my old gadget to you?
~ I'd like to recycle my old charger through Second Life. What are the steps?
= Open the Second Life page in the app, print the free label, and post your old gadget to us.
= Start on the Second Life page in the {co} app: print the free label and drop the parcel at a
+ post office.
""",
    ),
    Article(
        "Meet the Brewlet Mini",
        "3 March",
        (
            "The Brewlet Mini is a smaller Brewlet Kettle for one or two people. It holds 0.8 "
            "litres and heats to any temperature from 40 to 100 degrees Celsius.",
            "It goes on sale on 14 April for $69, in matte black, and pre-orders are open now "
            "in the app.",
        ),
        """
# news.mini_price | $69
? How much will the Brewlet Mini cost?
? What is the price of the new Brewlet Mini?
? How much is the Brewlet Mini?
? What does the Brewlet Mini sell for?
? Is the Brewlet Mini cheaper than the Brewlet?
~ I read about the smaller Brewlet Mini. What's it going to cost?
= The Brewlet Mini costs $69, fifty dollars less than the full-size Brewlet Kettle.
= The new Brewlet Mini is priced at $69 when it goes on sale on 14 April.
# news.mini_date | 14 April
? When is the Brewlet Mini released?
? When can I buy the Brewlet Mini?
? What is the launch date of the Brewlet Mini?
? When does the Brewlet Mini come out?
? Is the Brewlet Mini available yet?
~ Any news on when the Brewlet Mini goes on sale?
= The Brewlet Mini goes on sale on 14 April in our app and on our website.
= You can buy the Brewlet Mini from 14 April, and pre-orders are open now in the app.
# news.mini_capacity | 0.8 litres
? How much water does the Brewlet Mini hold?
? What's the capacity of the Brewlet Mini?
? How big is the Brewlet Mini?
? How small is the new Brewlet?
? Is the Brewlet Mini big enough for a family?
~ Is the Brewlet Mini just for one person? How much does it hold?
= The Brewlet Mini holds 0.8 litres, enough for about three mugs, so it suits one or two people.
= With a capacity of 0.8 litres, the Brewlet Mini makes about three mugs at a time.
""",
    ),
)


def article_facts(article: Article) -> list[Fact]:
    return parse_facts(article.facts, domain="support", topic="news", section=article.title)


def news_facts() -> list[Fact]:
    return [fact for article in ARTICLES for fact in article_facts(article)]
