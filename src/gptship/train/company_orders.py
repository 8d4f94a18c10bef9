"""Customer support facts about orders: shipping, returns and the warranty
(format: company_world)."""

from __future__ import annotations

from gptship.train.company_world import Fact, parse_facts

_SHIPPING = """
# shipping.regions | the United States, Canada, the UK and the EU
? Where do you ship to?
? Which countries do you deliver to?
? Do you ship internationally?
? Can I order from outside the US?
? What regions do you ship to?
? Do you deliver to Europe?
~ I live in Australia. Do you ship there?
~ My cousin lives in Germany. Can she get things delivered from you?
= We ship to the United States, Canada, the UK and the EU, and we do not deliver to other
+ countries yet.
= Right now we deliver to the United States, Canada, the UK and the EU only.
# shipping.us_standard | 3 to 5 business days
? How long does delivery take in the US?
? How long does standard shipping take?
? When will my order arrive with standard delivery?
? What are your delivery times in the United States?
? How many days does standard shipping take?
~ I'm in the US. If I order today with standard shipping, how long until it arrives?
@ the standard delivery time in the US
= Standard shipping within the United States takes 3 to 5 business days after your order ships.
= In the US, standard delivery takes 3 to 5 business days from the day your order leaves our
+ warehouse.
# shipping.us_express | 1 to 2 business days
? How fast is express shipping?
? How long does express delivery take?
? Do you offer faster shipping?
? What is the quickest delivery option?
? Can I get my order sooner?
~ I need a present to arrive by the weekend. How quick is express shipping?
= Express shipping in the United States takes 1 to 2 business days and costs $15.
= Our express service delivers within the US in 1 to 2 business days, for $15 per order.
# shipping.canada | 5 to 7 business days
? How long does shipping to Canada take?
? What's the delivery time for Canada?
? How many days does it take to deliver to Canada?
? I'm in Canada. When will my order arrive?
? Do you deliver quickly to Canada?
~ I'm ordering to an address in Canada. How many days should I expect to wait?
= Orders to Canada arrive in 5 to 7 business days and are always shipped with tracking.
= Delivery to Canada takes 5 to 7 business days, and shipping there costs $18.
# shipping.europe | 4 to 6 business days
? How long does shipping to the UK take?
? How long does delivery to Europe take?
? What are delivery times for the EU?
? When will my order reach me in the UK?
? How many days does shipping to Europe take?
~ I'm ordering from Dublin in the EU. Roughly how long until my parcel arrives?
= Orders to the UK and the EU arrive in 4 to 6 business days, shipped from our Rotterdam warehouse.
= Delivery to the UK and the EU takes 4 to 6 business days, because those orders ship from
+ Rotterdam.
# shipping.standard_cost | $6
? How much is shipping?
? What does standard shipping cost?
? How much do you charge for delivery?
? What is the shipping fee in the US?
? Is shipping expensive?
~ On top of the item price, how much is the US shipping fee?
= Standard shipping within the United States costs $6, and it is free on orders over $60.
= In the US, standard shipping is $6 per order, or free when your order is over $60.
# shipping.express_cost | $15
? How much is express shipping?
? What does express delivery cost?
? What's the price for faster shipping?
? How much extra is express?
? What is the express shipping fee?
~ Paying extra for express delivery: how much does that add?
= Express shipping within the United States costs $15 per order, and it is free for {co} Plus
+ members.
= Express delivery is $15 per order in the US, or free if you have {co} Plus.
# shipping.intl_cost | $18
? How much is shipping to Canada?
? What does international shipping cost?
? How much is delivery to the UK?
? What's the shipping fee to Europe?
? How much do you charge to ship abroad?
~ If I order from France, what does delivery to the EU cost?
= Shipping to Canada, the UK and the EU costs a flat $18 per order, whatever its size.
= International shipping is a flat $18 per order to Canada, the UK and the EU.
# shipping.free | over $60
? Do you offer free shipping?
? How much do I need to spend for free delivery?
? Is there a free shipping threshold?
? When is shipping free?
? What's the minimum order for free shipping?
~ My basket is at $45 right now. How much more do I need for free shipping?
= Standard shipping in the United States is free on orders over $60, with no code needed.
= Orders over $60 get free standard shipping within the US, applied automatically at checkout.
# shipping.tracking | tracking link
? How do I track my order?
? Where is my parcel?
? Can I track my delivery?
? How do I see where my package is?
? Is there order tracking?
~ It's been two days since I ordered. How can I track where my parcel is?
= As soon as your order ships, we email you a tracking link, and you can also find it on the
+ Orders page.
= We send you a tracking link by email when your order leaves the warehouse, and it is also on
+ the Orders page.
# shipping.cutoff | 2 pm Eastern Time
? When do orders ship?
? If I order today, will it ship today?
? What is the cut-off time for same-day dispatch?
? How quickly do you send out orders?
? When does my order leave the warehouse?
~ It's lunchtime now. If I place my order this afternoon, does it still ship the same day?
= Orders placed before 2 pm Eastern Time on a business day ship the same day.
= If you order before 2 pm Eastern Time on a business day, we ship it that same day.
# shipping.address | within 1 hour
? Can I change my delivery address?
? I entered the wrong address. What do I do?
? How do I update the shipping address on my order?
? Is it possible to edit my address after ordering?
? I made a typo in my address. Can you fix it?
~ Just realised my order is going to my old flat. Can I still change the delivery address?
= You can change the delivery address within 1 hour of placing your order, from the Orders page.
= Delivery addresses can be edited on the Orders page within 1 hour of ordering; after that,
+ please contact us.
"""

_RETURNS = """
# returns.window | 30 days
? What is your return policy?
? How long do I have to return an item?
? Can I return something I bought?
? How many days do I have to send something back?
? Until when can I return my order?
~ I bought a lamp three weeks ago and I'm not keen on it. Is it too late to return it?
~ My mother got a gift from you last month. Can she still return it?
@ the return window
= You can return any item within 30 days of delivery for a full refund.
= Our return window is 30 days from the day your order is delivered.
= Items can be returned within 30 days of delivery, as long as they are unused.
# returns.condition | original packaging
? What condition do returns need to be in?
? Can I return an item I've opened?
? Do returns need the original box?
? Does the item have to be unused to return it?
? Can I send back something I've used?
~ I threw away the box my speaker came in. Can I still return it?
= Returned items must be unused and in the original packaging, with all cables and manuals.
= Please send items back unused, in the original packaging, with everything that came in the box.
# returns.start | Start a return
? How do I return something?
? How do I start a return?
? What are the steps to send an item back?
? Where do I request a return?
? How do I begin the returns process?
~ I want my money back for a charger I don't need. How do I begin a return?
= To start a return, open the Orders page, choose the order and tap Start a return.
= Go to the Orders page, select the item and tap Start a return; we will email you a return label.
# returns.label | prepaid return label
? Do I have to pay for return shipping?
? Are returns free?
? Who pays for sending a return back?
? Do you provide a return label?
? How much does it cost to return an item?
~ Will sending a return back cost me anything for shipping?
= Returns are free: we email you a prepaid return label as soon as you start a return.
= You do not pay for return shipping, because we email you a prepaid return label.
# returns.refund | 3 business days
? When will I get my refund after returning an item?
? How long after my return arrives do I get refunded?
? How long does it take to process a return?
? When is my return refunded?
? How quickly do you handle returns?
~ My return reached your warehouse yesterday. When will I be refunded?
= We check returned items within 3 business days of them reaching our warehouse, then refund you
+ straight away.
= Once your return arrives at our warehouse, we inspect it and issue the refund within 3 business
+ days.
# returns.excluded | gift cards
? Are there items I can't return?
? Can I return a gift card?
? What can't be returned?
? Are any products non-returnable?
? Can everything be returned?
~ Is there anything in your shop that I can't send back for a return?
= You can return almost anything, except gift cards and opened Fernlight replacement batteries.
= We cannot take back gift cards or opened Fernlight replacement batteries, but everything
+ else can be returned.
# returns.exchange | place a new order
? Can I exchange an item?
? Can I swap my lamp for a different colour?
? Do you do exchanges?
? How do I exchange for another product?
? I want a different colour. Can I trade it in?
~ Ordered the coral speaker but I'd prefer navy. Can you swap it?
= We do not do direct exchanges, so please return the item and place a new order for the one you
+ want.
= To swap an item, return it for a refund and place a new order for the product or colour you
+ prefer.
"""

_WARRANTY = """
# warranty.length | 2 years
? How long is the warranty?
? What warranty do your products have?
? Is my product under warranty?
? How long are {co} products guaranteed?
? What is the warranty period?
~ My kettle is eighteen months old and broke. Is it still under warranty?
@ the warranty period
= Every {co} product is covered by our warranty for 2 years from the date of delivery.
= Our warranty lasts 2 years from delivery and covers every {co} product.
# warranty.plus | 3 years
? Does {co} Plus extend the warranty?
? How long is the warranty for Plus members?
? Do I get a longer warranty with Plus?
? What is the Plus warranty period?
? Is the warranty longer if I subscribe to Plus?
~ I'm a Plus subscriber. How long does my warranty last?
= With {co} Plus, the warranty on products you buy as a member is extended to 3 years.
= Plus members get a warranty of 3 years instead of two on anything they buy while subscribed.
# warranty.covers | manufacturing defects
? What does the warranty cover?
? What kind of problems are covered by the warranty?
? Is a faulty product covered?
? Does the warranty cover battery problems?
? What is included in the warranty?
~ My speaker has a faulty battery. Is that the kind of thing the warranty covers?
= The warranty covers manufacturing defects, including batteries that stop holding a charge.
= Our warranty covers manufacturing defects and faulty batteries, and we repair or replace the
+ product for free.
# warranty.excludes | accidental damage
? What isn't covered by the warranty?
? Does the warranty cover drops?
? Is accidental damage covered?
? What does the warranty exclude?
? Will the warranty cover a crack from dropping it?
~ I knocked my lamp off the desk and it snapped. Does the warranty cover that kind of damage?
= The warranty does not cover accidental damage, such as drops or spills, or normal wear over time.
= Normal wear and accidental damage, like drops and spills, are not covered by the warranty.
# warranty.claim | order number and a photo
? How do I make a warranty claim?
? How do I claim under warranty?
? What do I need for a warranty claim?
? How do I get a faulty product repaired?
? Where do I send a warranty request?
~ My purifier has a fault. What do I need to send you for a warranty claim?
= To claim, fill in the warranty form on the Help page with your order number and a photo of the
+ problem.
= Send us the warranty form from the Help page with your order number and a photo showing the
+ fault.
# warranty.turnaround | 10 business days
? How long does a warranty repair take?
? When will I get my product back after a claim?
? How quickly are warranty claims handled?
? How long do warranty replacements take?
? What's the turnaround for warranty claims?
~ Sent in my broken charger under warranty. How long until I get it back?
= Once we approve a claim, we repair or replace the product within 10 business days.
= Warranty repairs and replacements are completed within 10 business days of approval.
"""


def order_facts() -> list[Fact]:
    return [
        *parse_facts(_SHIPPING, domain="support", topic="shipping"),
        *parse_facts(_RETURNS, domain="support", topic="returns"),
        *parse_facts(_WARRANTY, domain="support", topic="warranty"),
    ]
