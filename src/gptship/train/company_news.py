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
? Plus price change date?
? On what day did annual Plus go up to $48?
? Since when does yearly Plus cost $48?
? When did the annual Plus increase take effect?
? What day did the new pricing for {co} Plus kick in?
? When was yearly Plus raised?
? Which date did the Plus price rise start?
? What date did the annual Plus price go up?
? plus price increase date?
? Tell me when the yearly Plus price changed.
? When did {co} raise the price of Plus?
? When did yearly Plus start costing $48?
? On what date did the Plus price rise take effect?
? I need to know the date of the Plus price change.
? When was the annual Plus plan made more expensive?
? What month did Plus get more expensive?
? Which day did the $48 yearly price begin?
? When did Plus pricing change this year?
? my friend said Plus went up. when was that
? Since what date is annual Plus $48?
? When was the price hike for yearly Plus?
? From when does the new yearly Plus price apply?
~ I noticed the Plus price went up. On what date did that happen?
= The annual {co} Plus price changed to $48 a year on 1 February.
= Since 1 February, the annual {co} Plus plan costs $48 a year instead of $40.
# news.plus_old_price | $40
? How much was the annual Plus plan before?
? What was the old price of {co} Plus?
? How much has the annual Plus price gone up?
? What did yearly Plus cost before the change?
? How big was the Plus price increase?
? old plus price?
? What did annual Plus cost before it went up?
? How much was a year of Plus previously?
? What was yearly Plus priced at before February?
? My friend says Plus used to be cheaper. What was it before?
? How much did the annual plan cost before the increase?
? What was the previous price of the yearly Plus plan?
? What did annual Plus cost before 1 February?
? previous plus price?
? Tell me the old yearly Plus price.
? How much cheaper was Plus last year?
? What was annual Plus before the increase?
? My colleague paid less for Plus before. How much was it?
? What was the yearly Plus plan priced at originally?
? I need to know what annual Plus used to cost.
? By how many dollars did yearly Plus go up?
? How much did a yearly Plus membership use to be?
? What was the price of Plus per year before the rise?
? plus old price per year
? How much was the Plus annual fee in January?
? How much has annual Plus increased by?
? What was Plus before it went to $48?
~ Compared with before, how much more does yearly Plus cost? What was the old price?
= The annual Plus plan used to cost $40 a year, and it rose to $48 on 1 February.
= Yearly Plus went up from $40 to $48 a year, while the monthly price stayed at $5.
# news.plus_existing | next renewal
? Did the Plus price change affect existing members?
? I already paid for a year of Plus. Will I be charged more?
? When do existing Plus members pay the new price?
? Do current subscribers keep the old Plus price?
? What happened to existing yearly Plus plans after the change?
? existing members price?
? I'm already on yearly Plus. When does the $48 price apply to me?
? Does the price rise hit people who already paid for the year?
? My mum renewed Plus in December. Does she have to pay the extra now?
? Will my current yearly plan cost more straight away?
? Are current annual members protected from the increase?
? When will existing yearly subscribers start paying $48?
? I paid for Plus yearly last autumn. When will I pay $48?
? existing plus members new price?
? Tell me when current members pay the new Plus price.
? Do people already on annual Plus pay more now?
? Will my yearly Plus cost go up before my renewal?
? My dad is already a yearly Plus member. Does his price change right away?
? I need to know if the price rise affects my current yearly plan.
? When does the $48 price start for someone already subscribed yearly?
? Am I charged the new Plus price mid-year?
? Do I keep paying $40 until my renewal?
? current yearly members price change
? Is my existing annual Plus plan affected by the increase?
? When does the higher price hit existing yearly members?
? Long-time yearly member here: when does my Plus bill rise?
? Does the new Plus price apply to my current subscription?
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
? new warehouse location?
? In which European city is your warehouse?
? Where's the EU warehouse?
? What city do UK orders ship from now?
? Which country is your new warehouse in?
? My colleague said you opened a warehouse abroad. Where is it?
? Where is your European distribution centre?
? Where is the {co} warehouse in Europe?
? What city is your European warehouse in?
? european warehouse city?
? Tell me where your new warehouse is.
? Which European city ships UK orders?
? Where do orders for Germany leave from?
? My friend in Belgium wants to know where her order ships from.
? I need to know where your EU warehouse is located.
? Is your European warehouse in Amsterdam?
? Where is the new {co} distribution centre?
? eu warehouse location
? Where did you open your first European warehouse?
? Which country do European orders ship from now?
? What's the name of the city where your new warehouse is?
? Where is the warehouse that ships to the UK?
~ I heard about a new European warehouse. Where exactly is it?
= Our new European warehouse is in Rotterdam, and it ships all orders to the UK and the EU.
= We opened a warehouse in Rotterdam, so orders for the UK and the EU now ship from there.
# news.warehouse_opened | in January
? When did the Rotterdam warehouse open?
? When did you open the new warehouse?
? How long has the Rotterdam warehouse been running?
? Is the Rotterdam warehouse open yet?
? When did European orders start shipping from Rotterdam?
? rotterdam warehouse opening date?
? When did the Rotterdam site start operating?
? What month did your European warehouse open?
? How new is the Rotterdam warehouse?
? Since when have you had a warehouse in Rotterdam?
? When did the EU warehouse begin shipping?
? Was the Rotterdam warehouse opened recently?
? What month did the Rotterdam warehouse open?
? when did rotterdam open
? Tell me when the Rotterdam warehouse started shipping.
? How long ago did you open in Rotterdam?
? When did the European warehouse open its doors?
? I need to know the opening date of the Rotterdam warehouse.
? Has the Rotterdam warehouse been open long?
? When did UK orders start coming from Rotterdam?
? My cousin says the Rotterdam site is brand new. When did it open?
? When was the EU warehouse launched?
? rotterdam opening month?
? When did you start using the Rotterdam warehouse?
? Which month did the new warehouse start operating?
? Is the Rotterdam warehouse already running?
? When was your first European warehouse opened?
~ Since when have EU orders been shipping out of Rotterdam?
= The Rotterdam warehouse opened in January, and it has shipped every UK and EU order since then.
= We opened our Rotterdam warehouse in January, and all UK and EU orders now leave from there.
# news.warehouse_speed | 4 to 6 business days
? How has the Rotterdam warehouse changed delivery times?
? Is shipping to Europe faster now?
? What difference does the new warehouse make?
? How much faster are UK orders since the new warehouse?
? Did European delivery speed up?
? eu delivery faster now?
? How much quicker is shipping to Europe since Rotterdam opened?
? Did the new warehouse cut delivery times for the UK?
? How long did European orders take before Rotterdam?
? My friend in France says her orders come faster now. What changed?
? What are European delivery times since the warehouse opened?
? Has Rotterdam made UK shipping quicker?
? How much faster is EU delivery since the new warehouse?
? Did Rotterdam make shipping to Europe quicker?
? warehouse delivery improvement?
? Tell me how delivery to Europe changed after Rotterdam opened.
? How long did EU orders take before the warehouse opened?
? Why do my UK orders arrive faster now?
? My friend in Spain says shipping used to take two weeks. Is it faster now?
? I need to know how the new warehouse affects delivery times.
? What were European delivery times before Rotterdam?
? Are UK deliveries quicker since January?
? What effect has the Rotterdam warehouse had on shipping times?
? eu shipping before and after rotterdam
? How many days did UK orders take before the new warehouse?
? Did the new European warehouse shorten delivery?
? Is it quicker to get orders in Europe now that Rotterdam is open?
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
? second life reward?
? What discount do I get through Second Life?
? How much off is the Second Life code?
? If I send back an old {co} gadget, what do I get?
? Is there a discount for trading in old devices?
? My dad has an old {co} clock in a drawer. What would he get for trading it in?
? What percentage off does Second Life give?
? What discount code do I get from Second Life?
? second life discount?
? Tell me what Second Life gives me.
? How much do I save with Second Life?
? If I trade in my old lamp, how much off my next order do I get?
? My mum traded in an old kettle. What discount will she get?
? I need to know the Second Life reward.
? Is the Second Life code 10% or 15%?
? What percent discount is the trade-in code?
? How big is the trade-in discount?
? second life code percentage
? What's in it for me if I send my old gadget back?
? What does the trade-in scheme give you?
? How much is the Second Life voucher worth?
? What do I get for recycling an old {co} device with you?
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
? second life broken devices?
? My old gadget doesn't turn on anymore. Can I still trade it in?
? Do you accept non-working devices for Second Life?
? Does my old gadget have to be in working order?
? Will Second Life take a dead gadget?
? Is there any condition requirement for trade-ins?
? My sister's old lamp is cracked and dead. Does it qualify for Second Life?
? Does my trade-in have to work?
? second life broken?
? Tell me if Second Life accepts broken gadgets.
? Can I send a faulty device to Second Life?
? My old speaker is broken. Will Second Life still take it?
? I need to know if a dead device counts for Second Life.
? Do you take gadgets that don't work?
? Is a working device required for the trade-in?
? Can I recycle a broken {co} gadget through Second Life?
? My brother's old clock has a cracked screen. Does it count for the trade-in?
? Does Second Life accept devices in any condition?
? second life non working
? Will you accept a gadget that won't switch on?
? Are broken devices eligible for the trade-in?
? What if my old device is damaged? Can I still use Second Life?
~ My old lamp doesn't turn on anymore. Will Second Life still accept it?
= Second Life accepts any {co} gadget, working or not, and we repair or recycle every one.
= Any {co} device counts for Second Life, working or not, because we refurbish or recycle them all.
# news.second_life_how | Second Life page
? How do I send a gadget to Second Life?
? How do I join Second Life?
? How do I trade in my old device?
? Where do I start a Second Life trade-in?
? How do I post my old gadget to you?
? second life how to?
? What are the steps for a Second Life trade-in?
? Where do I get the label for Second Life?
? How do I ship my old gadget for the trade-in?
? Do I need to print anything for Second Life?
? My mum wants to trade in her old clock. How does she send it?
? Where in the app is Second Life?
? How do I take part in Second Life?
? second life steps?
? Tell me how to trade in an old gadget.
? Walk me through Second Life.
? Where do I find Second Life in the app?
? What's the process for sending an old device for the trade-in?
? I need to know how to post my gadget for Second Life.
? Is the Second Life label free to print?
? How do I get my old clock to you for the trade-in?
? My dad wants to join Second Life. What does he do?
? Where can I start the trade-in?
? second life how do i start
? Which page in the app do I use for Second Life?
? How do I send in a device for recycling?
? What do I click to trade in a gadget?
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
? brewlet mini price?
? What does the Mini kettle cost?
? How much do I pay for the Brewlet Mini?
? What's the cost of the small Brewlet?
? I want to buy my dad a Brewlet Mini. How much is it?
? Is the Brewlet Mini under $100?
? Brewlet Mini how much
? How many dollars is the Brewlet Mini?
? Brewlet Mini cost?
? Tell me the price of the Brewlet Mini.
? Is the Brewlet Mini expensive?
? How much cheaper is the Mini than the Brewlet Kettle?
? I need to know what the Brewlet Mini costs.
? What will I pay for a Brewlet Mini?
? My sister wants the Mini kettle. What's the price?
? Is the Brewlet Mini worth it? How much is it?
? What's the Brewlet Mini's price tag?
? brewlet mini cost usd
? How much does the small Brewlet kettle cost?
? What price is the new mini kettle?
? Is the Mini less than $70?
? How much will the Brewlet Mini set me back?
~ I read about the smaller Brewlet Mini. What's it going to cost?
= The Brewlet Mini costs $69, fifty dollars less than the full-size Brewlet Kettle.
= The new Brewlet Mini is priced at $69 when it goes on sale on 14 April.
# news.mini_date | 14 April
? When is the Brewlet Mini released?
? When can I buy the Brewlet Mini?
? What is the launch date of the Brewlet Mini?
? When does the Brewlet Mini come out?
? Is the Brewlet Mini available yet?
? brewlet mini release date?
? When does the Brewlet Mini go on sale?
? When can I get my hands on the small Brewlet?
? Is the Brewlet Mini out already?
? What day does the Mini kettle launch?
? My flatmate wants a Brewlet Mini. From what date can she buy one?
? When is the Brewlet Mini launching?
? What date does the Brewlet Mini come out?
? brewlet mini launch?
? Tell me the day the Mini kettle becomes available to buy.
? When is the Mini kettle available?
? I need to know the Brewlet Mini release date.
? When will the Brewlet Mini be in stock?
? My mum is waiting for the Brewlet Mini. When can she buy it?
? Has the Brewlet Mini launched yet?
? When does the small Brewlet kettle go on sale?
? Which day is the Brewlet Mini released?
? brewlet mini when
? When does the new mini kettle ship?
? How long until the Brewlet Mini is out?
? What's the on-sale date for the Brewlet Mini?
? Is the Brewlet Mini out in April?
~ Any news on when the Brewlet Mini goes on sale?
= The Brewlet Mini goes on sale on 14 April in our app and on our website.
= You can buy the Brewlet Mini from 14 April, and pre-orders are open now in the app.
# news.mini_capacity | 0.8 litres
? How much water does the Brewlet Mini hold?
? What's the capacity of the Brewlet Mini?
? How big is the Brewlet Mini?
? How small is the new Brewlet?
? Is the Brewlet Mini big enough for a family?
? brewlet mini capacity?
? How many litres does the Brewlet Mini take?
? How many mugs can the Brewlet Mini make?
? What volume of water fits in the Mini kettle?
? Is the Brewlet Mini big enough for four people?
? I live alone. Is the Mini kettle the right size for me?
? What's the size of the Brewlet Mini's tank?
? How many litres is the Brewlet Mini?
? brewlet mini size?
? Tell me the capacity of the Brewlet Mini.
? How much water fits in the Brewlet Mini?
? I need to know how big the Mini kettle is.
? Does the Brewlet Mini hold a litre?
? How many cups does the Brewlet Mini boil at once?
? My partner and I drink tea. Is the Brewlet Mini big enough?
? What's the volume of the Brewlet Mini?
? How much smaller is the Brewlet Mini than the Brewlet Kettle?
? brewlet mini litres
? How much can the small Brewlet kettle hold?
? Is the Mini kettle enough for one person?
? What's the maximum fill of the Brewlet Mini?
? How large is the new mini kettle?
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
