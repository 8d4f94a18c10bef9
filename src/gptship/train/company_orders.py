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
? Which places can you send orders to?
? shipping destinations?
? I live in Australia. Can I get an order delivered there?
? Could my sister in Poland place an order with you?
? Is {co} available outside America?
? Is there a list of countries you send parcels to?
? Hi, I'm in Mexico, will you post to me?
? Do you send orders to Japan?
? which countries can i order from
? Can someone in Brazil buy from {co}?
? What parts of the world do you deliver to?
? I'm moving to New Zealand. Will you still be able to send me things?
? Is delivery possible to India?
? Are you shipping worldwide?
? Tell me which countries you serve.
? My uncle in South Africa wants a lamp. Can you send it to him?
? countries you ship to
? Do you post to Asia?
? I need to know if you deliver outside North America and Europe.
? Is there any way to get a {co} order sent to Singapore?
? Where in the world can I get {co} products delivered?
? Do you ship to Africa or South America?
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
? us standard shipping eta?
? How many business days until my parcel shows up in the US with regular shipping?
? I ordered with normal shipping to Texas. How long till it gets here?
? My dad in Ohio ordered with standard post. When should he expect it?
? What's the usual transit time for domestic orders?
? how long for regular shipping within the states
? Roughly how long does non-express delivery take in America?
? What's the wait for standard delivery in the US?
? By when should a regular US order arrive?
? standard delivery timeframe usa
? I live in Florida and picked the cheapest shipping. When will it come?
? Tell me how many days regular delivery takes in the US.
? Explain how long standard post takes inside the United States.
? How quickly does a standard order reach New York?
? My colleague in California chose standard delivery. How many days will she wait?
? us shipping time standard
? Is standard shipping in the US slow? How many days?
? What's the delivery window for a normal US order?
? I need to know the standard delivery estimate for an address in Seattle.
? When can I expect my package with standard shipping in America?
? How many working days is regular shipping inside the US?
? how long does standard take to arrive in the usa
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
? express shipping how many days?
? I need it by the weekend. How quickly does express get here?
? If I pay for express, how long until it arrives in the US?
? What's the delivery time with the express option?
? My friend needs a gift urgently. How soon can express deliver it?
? Is there a next-day or two-day option?
? How long does the rushed delivery option take?
? How many days does express take in the US?
? express delivery timeframe?
? By when will an express order arrive?
? If I choose express today, when will it get to Boston?
? Tell me how quick express shipping is.
? How soon will express get to my door?
? My boss needs a charger for a trip on Friday. How fast is express?
? express eta usa
? Can I get it in a day or two?
? Is express delivery overnight?
? What's the wait with express shipping?
? I need to know the express delivery time to Denver.
? How many working days is express shipping?
? Is there a faster option than standard, and how long does it take?
? priority delivery how long
~ I need a present to arrive by the weekend. How quick is express shipping?
= Express shipping in the United States takes 1 to 2 business days and costs $15.
= Our express service delivers within the US in 1 to 2 business days, for $15 per order.
# shipping.canada | 5 to 7 business days
? How long does shipping to Canada take?
? What's the delivery time for Canada?
? How many days does it take to deliver to Canada?
? I'm in Canada. When will my order arrive?
? Do you deliver quickly to Canada?
? canada delivery time?
? How long until a parcel reaches Toronto?
? My grandma lives in Vancouver. How many days for her order to arrive?
? What's the transit time for Canadian orders?
? Shipping time to Canada please
? I'm ordering from Montreal. How long will I wait?
? How soon do Canadian customers get their orders?
? canada shipping eta
? How many business days to Ottawa?
? By when will my order reach Calgary?
? What's the wait for deliveries to Canada?
? My brother in Winnipeg ordered a kettle. When will it arrive?
? Tell me the delivery timeframe for Canada.
? How quickly do you ship to Canadian addresses?
? I need to know how long a parcel takes to get to Quebec.
? How many working days is delivery to Canada?
? I'm ordering a gift for a friend in Halifax. How long will it take to get there?
? Is delivery to Canada slow? How many days?
? When can Canadians expect their parcels?
? how long to ship to canada
? What's the delivery estimate for British Columbia?
? How soon will my order get to Edmonton?
~ I'm ordering to an address in Canada. How many days should I expect to wait?
= Orders to Canada arrive in 5 to 7 business days and are always shipped with tracking.
= Delivery to Canada takes 5 to 7 business days, and shipping there costs $18.
# shipping.europe | 4 to 6 business days
? How long does shipping to the UK take?
? How long does delivery to Europe take?
? What are delivery times for the EU?
? When will my order reach me in the UK?
? How many days does shipping to Europe take?
? uk delivery time?
? How many days for a parcel to reach Germany?
? I live in Paris. How long will my order take to arrive?
? My cousin in Dublin wants to order. How long is shipping for her?
? What's the transit time for orders to the EU?
? How long do EU customers wait for their orders?
? How quickly will a package get to London?
? eu shipping eta
? How many business days to Madrid?
? By when will my order reach Amsterdam?
? What's the wait for deliveries to the UK?
? My aunt in Rome ordered a lamp. When will it arrive?
? Tell me the delivery timeframe for the EU.
? How quickly do you ship to British addresses?
? I need to know how long a parcel takes to get to Manchester.
? How many working days is delivery to the UK?
? I'm buying a present for a friend in Lisbon. How long will it take to get there?
? How soon will my order get to Berlin?
? When can European customers expect their parcels?
? how long to ship to the uk
? What's the delivery estimate for Scotland?
? Vienna delivery how many days?
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
? standard shipping price?
? What do I pay for regular delivery within the US?
? How much is postage on a US order?
? Is there a delivery charge if I order from Chicago?
? What's the cost of normal shipping?
? My order is only $30. What will shipping cost me?
? How much does domestic shipping add to my order?
? How many dollars is standard delivery in the US?
? What's the postage charge for a normal US order?
? standard delivery fee usa
? Tell me the price of regular shipping.
? I'm buying one Orbit light in Arizona. How much is the shipping on top?
? What do you charge for standard post inside America?
? Is standard shipping cheap?
? How much will I pay to have a small order sent within the US?
? My dad is ordering a Fernlight sensor to Georgia. What's the delivery charge?
? What's the shipping cost in the US if I don't pick express?
? I need to know the cost of standard delivery.
? How much is the regular delivery fee per order?
? us shipping cost
? Do you charge for shipping in the US, and how much?
? What does it cost to ship a parcel domestically?
~ On top of the item price, how much is the US shipping fee?
= Standard shipping within the United States costs $6, and it is free on orders over $60.
= In the US, standard shipping is $6 per order, or free when your order is over $60.
# shipping.express_cost | $15
? How much is express shipping?
? What does express delivery cost?
? What's the price for faster shipping?
? How much extra is express?
? What is the express shipping fee?
? express shipping price?
? What's the charge for express delivery in the US?
? How much more do I pay to get it faster?
? What does the express upgrade cost?
? I want my order quickly. What's the fee for express?
? Is express delivery free or do I have to pay for it?
? How much does express cost per order?
? express delivery fee usa
? How many dollars is express?
? Is express shipping expensive?
? Tell me the price of the express option.
? What's the price of two-day delivery?
? How much does it cost to upgrade to express at checkout?
? I'm in a hurry. How much to get my parcel faster?
? My wife wants express for a birthday gift. What does that cost?
? What's the surcharge for express?
? express shipping cost
? Is express worth paying for? How much is it?
? How much is the express fee if I'm not a Plus member?
? I need to know what express delivery costs.
? How much does priority shipping cost in the US?
? What's the fee for faster delivery to my US address?
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
? shipping cost to canada?
? What do I pay for delivery to Germany?
? How much is postage to the EU?
? I'm in the UK. What will shipping cost me?
? My brother lives in Spain. What's the delivery charge for him?
? What's the delivery fee for overseas orders?
? Is international postage a flat rate?
? international shipping fee?
? How many dollars is delivery to Canada?
? What's the postage to France?
? Is shipping to the UK expensive?
? Tell me the price of delivery to Europe.
? I'm in Toronto. How much will shipping cost?
? My nephew in Berlin wants a Pebble speaker. What will postage be?
? How much do you charge to send an order to Ireland?
? Does shipping to Canada cost more for big orders?
? What's the shipping charge for the EU?
? eu shipping cost
? I need to know the delivery fee to the UK.
? What do Canadian customers pay for shipping?
? How much does it cost to post a parcel to Amsterdam?
? What's the overseas delivery price?
~ If I order from France, what does delivery to the EU cost?
= Shipping to Canada, the UK and the EU costs a flat $18 per order, whatever its size.
= International shipping is a flat $18 per order to Canada, the UK and the EU.
# shipping.free | over $60
? Do you offer free shipping?
? How much do I need to spend for free delivery?
? Is there a free shipping threshold?
? When is shipping free?
? What's the minimum order for free shipping?
? free delivery?
? How much do I have to spend to avoid paying for shipping?
? Is there a minimum spend for free postage?
? My basket is $55. Do I get free shipping?
? Do I need a code for free shipping?
? At what order total does shipping become free?
? Can I get delivery for free if I buy more?
? What's the free shipping minimum?
? How can I get free delivery?
? free shipping threshold?
? Tell me how much I need to spend to get shipping for free.
? Is delivery free on big orders?
? My cart is at $58. How much more for free delivery?
? Do orders over a certain amount ship free?
? I need to know when delivery costs nothing.
? My sister is buying a Brewlet in Ohio. Will her shipping be free?
? Is there a way to avoid the shipping fee?
? how much for free postage
? Can I get free standard shipping without Plus?
? What order value gets free shipping?
? At what amount do you waive delivery charges?
? Do I have to enter a promo code to get free delivery?
~ My basket is at $45 right now. How much more do I need for free shipping?
= Standard shipping in the United States is free on orders over $60, with no code needed.
= Orders over $60 get free standard shipping within the US, applied automatically at checkout.
# shipping.tracking | tracking link
? How do I track my order?
? Where is my parcel?
? Can I track my delivery?
? How do I see where my package is?
? Is there order tracking?
? tracking number?
? Where can I find the tracking link for my parcel?
? My package hasn't shown up yet. How can I check where it is?
? How do I follow my delivery?
? I ordered a gift for my mum. Can I see where it is on the way?
? Do you send tracking info?
? Is there a way to check the status of my shipment?
? Where's my tracking number?
? track my parcel
? How can I see my delivery status?
? I haven't got a tracking email. Where else can I find it?
? Tell me how to follow my package.
? Do you email a tracking link?
? My husband ordered a lamp. How can he check where it is?
? Can I see the progress of my delivery?
? Where do I find the tracking details for my order?
? I need to know where my shipment is right now.
? How do I check the delivery progress in the app?
? Where can I look up my order's status?
? tracking info for my order
? Walk me through tracking a parcel.
? My order shipped yesterday. How do I see where it is?
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
? same-day shipping cutoff?
? What time do I need to order by for it to ship today?
? If I order at 3 pm, does it still go out the same day?
? Do orders placed in the morning ship that day?
? What's the latest I can order for same-day dispatch?
? How late can I order and still have it sent today?
? When's the daily dispatch deadline?
? What's the order deadline for same-day shipping?
? dispatch cutoff time?
? By what time must I order for it to go out today?
? Tell me the same-day shipping cut-off.
? I ordered at noon. Will it leave today?
? My friend ordered at 5 pm. Does it ship the same day?
? When do you stop shipping orders for the day?
? Will a 4 pm order be dispatched the same day?
? What hour is the daily shipping cutoff?
? I need to know the latest time to order for same-day dispatch.
? Do you ship orders the day they're placed?
? same day dispatch
? What time zone is the shipping cut-off in?
? Is there a time of day after which orders ship tomorrow?
? How fast do you dispatch after I order?
~ It's lunchtime now. If I place my order this afternoon, does it still ship the same day?
= Orders placed before 2 pm Eastern Time on a business day ship the same day.
= If you order before 2 pm Eastern Time on a business day, we ship it that same day.
# shipping.address | within 1 hour
? Can I change my delivery address?
? I entered the wrong address. What do I do?
? How do I update the shipping address on my order?
? Is it possible to edit my address after ordering?
? I made a typo in my address. Can you fix it?
? change shipping address?
? We moved house and the parcel is set to go to our previous home. Can that be fixed?
? How long do I have to edit the delivery address?
? My colleague put the wrong street on her order. Can she correct it?
? Can the address be updated after checkout?
? Wrong postcode on my order, can I fix it?
? Is there a time limit for changing where my order goes?
? How do I fix the delivery address?
? edit delivery address?
? I put my old address on the order. Can I change it?
? Tell me how to change where my parcel goes.
? Is there a deadline to correct my shipping address?
? My mum typed the wrong house number. Can she fix the order?
? Can I send my order to a different address after paying?
? I need to change the address on an order I placed ten minutes ago.
? Can I redirect my parcel to my office?
? How long after ordering can I change the address?
? wrong address on order
? Where do I go to update the address for a delivery?
? I ordered 90 minutes ago with the wrong address. Can I still edit it?
? Is it too late to change my shipping details?
? Can you send my order somewhere else instead?
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
? return period?
? Is there a deadline for returns?
? My order came two months ago. Can I still return it?
? How long is the returns window?
? Can I still send back something I got last week?
? My mum isn't keen on a present she received from you in May. Can she send it back?
? For how long after delivery are returns accepted?
? How many days is the return period?
? Until what date can I send a purchase back?
? return window?
? Tell me how long I have to return a product.
? I got my lamp 25 days ago. Can I still return it?
? Is there a time limit on returns?
? My colleague got a Pebble speaker six weeks ago. Can he return it?
? Can I return something after a month?
? I need to know the deadline for sending an item back.
? how long to return
? For how many days can I change my mind and send it back?
? Do I have a month to return things?
? What's the cut-off for returning an order?
? Is there a 30-day return policy?
? Can I return an unwanted gift three weeks after it arrived?
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
? Can I return something without the box?
? The packaging went in the bin already. Is a return still possible?
? Do I need to include the cables and manual in a return?
? My son used it a few times. Can we still send it back?
? return requirements?
? What state does an item have to be in to be accepted back?
? Is a return accepted if it's missing the original box?
? Must the item be unused?
? Do I need the original packaging to return something?
? return condition?
? Tell me what state a returned item has to be in.
? The box got recycled. Will you still take the item?
? My wife tried the kettle once. Is a return still OK?
? Does a return have to include all accessories?
? I lost the charging cable. Will you accept the return?
? I need to know the packaging rules for returns.
? Can I return an item that's been used?
? returns opened box
? Is it OK to send it back in a different box?
? Are used items accepted back?
? What do I have to put in the box when I send something back?
? Can I return something that's been taken out of the packaging?
~ I threw away the box my speaker came in. Can I still return it?
= Returned items must be unused and in the original packaging, with all cables and manuals.
= Please send items back unused, in the original packaging, with everything that came in the box.
# returns.start | Start a return
? How do I return something?
? How do I start a return?
? What are the steps to send an item back?
? Where do I request a return?
? How do I begin the returns process?
? start a return?
? Where in the app do I return an order?
? I'd like to send back my kettle. What should I do first?
? How can I return an item I don't want?
? What do I click to return something?
? My friend wants to return her order. How does she do it?
? Can I request a return online?
? Walk me through starting a return.
? How do I send my order back?
? return steps?
? Tell me how to return an item.
? Where do I go to return something?
? I want to return my Driftclock. How do I begin?
? What's the process for returning a product?
? My brother doesn't like his speaker. How does he send it back?
? Is there a return button in the app?
? I need to return an order. Where do I start?
? how to send an item back
? What's the procedure for sending back an item?
? Which page do I use to begin a return?
? Can I start a return from my phone?
? How do I get a return going for my lamp?
~ I want my money back for a charger I don't need. How do I begin a return?
= To start a return, open the Orders page, choose the order and tap Start a return.
= Go to the Orders page, select the item and tap Start a return; we will email you a return label.
# returns.label | prepaid return label
? Do I have to pay for return shipping?
? Are returns free?
? Who pays for sending a return back?
? Do you provide a return label?
? How much does it cost to return an item?
? return shipping free?
? Will I be charged for postage when I send something back?
? Do you send a return label?
? Is the return label prepaid?
? My dad wants to return a clock. Does he have to pay for the postage?
? Is there a fee for sending a return?
? Who covers the shipping cost on returns?
? Is return postage free?
? Do returns cost anything?
? return label?
? Tell me who pays the postage for returns.
? Will I get a label to send my item back?
? How much do I pay to ship a return?
? My gran wants to send her purifier back. Does she pay shipping?
? Do I need to pay for a stamp to send it back?
? I need to know if returning something is free.
? Where do I get a return shipping label?
? Is there a charge for returning an order?
? free returns?
? Do you cover the cost of sending items back?
? Are returns at my expense?
? How do I get a prepaid label for my return?
~ Will sending a return back cost me anything for shipping?
= Returns are free: we email you a prepaid return label as soon as you start a return.
= You do not pay for return shipping, because we email you a prepaid return label.
# returns.refund | 3 business days
? When will I get my refund after returning an item?
? How long after my return arrives do I get refunded?
? How long does it take to process a return?
? When is my return refunded?
? How quickly do you handle returns?
? refund time?
? I sent my return back last week. When do I get my money?
? How long do refunds take once you receive the item?
? When will my money come back after a return?
? How many days until my refund after you get the parcel?
? My return was delivered to your warehouse. How soon is the refund issued?
? Refund processing time for returns?
? How many days until I'm refunded for a return?
? return refund time?
? Tell me when my refund comes through after you get my return.
? By when will my return be refunded?
? What's the wait for a refund once my return arrives?
? I posted my lamp back on Monday. When will the money arrive?
? My sister's return reached you yesterday. When will she be refunded?
? How quickly do you refund returned items?
? I need to know how long a return refund takes.
? How soon do I get my money back after sending something back?
? How long do you take to check a returned item?
? when do i get refunded for my return
? Is the refund for a return instant?
? What's the processing timeframe for returned items?
? How long until my return is refunded after it reaches you?
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
? non-returnable items?
? Can I send back an unused gift card?
? Can I return opened replacement batteries?
? Is anything excluded from returns?
? Are some things final sale?
? My aunt bought a gift card by mistake. Can she return it?
? Which products are exempt from the return policy?
? Which items can't be sent back?
? Can gift cards be returned?
? non-returnable?
? Tell me what you won't accept as a return.
? Is there anything you don't take back?
? I opened a pack of Fernlight batteries. Can I return them?
? My cousin wants to return a gift card she never used. Is that allowed?
? Are replacement batteries returnable?
? I need to know which products are excluded from returns.
? Can all products be returned?
? What are the exceptions to the return policy?
? Can I get a refund on a gift card?
? Are any items exempt from returns?
? returns exceptions
? Is it possible to return opened batteries for the plant sensor?
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
? exchange policy?
? Can I swap an item for a different one?
? I picked the wrong colour. Can I trade it for another?
? Can I change my product for a different model?
? Do you swap items directly?
? I'd rather have the black one. Can I exchange mine?
? Is a direct exchange possible?
? Can I trade my item for another one?
? exchange?
? Tell me how exchanges work.
? Can I swap a kettle for a different colour?
? I got the sage lamp but want slate. Can you exchange it?
? My dad wants to swap his speaker for a different colour. Can he?
? Do you offer swaps?
? I need to know if I can exchange my order.
? Can I switch my product for a different one?
? Is it possible to exchange for a different product?
? swap for another colour
? What's your policy on swapping items?
? Can I return one product and get another instead?
? I'd like to exchange my Driftclock for a Lumo lamp. How?
? Will you send me a different colour if I send mine back?
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
? warranty length?
? How many years of warranty do I get?
? Bought mine a year and a half ago. Am I still covered by the guarantee?
? Does my product come with a guarantee?
? How long does the guarantee last from delivery?
? What's the standard warranty on {co} products?
? My mum's kettle is a year old. Does the guarantee still apply?
? How many years is the guarantee?
? guarantee duration?
? Tell me how long the warranty lasts.
? Is my Pebble speaker still under warranty after 18 months?
? Is a three-year-old purifier still covered?
? How long am I covered if something breaks?
? What's the guarantee period on {co} products?
? I need to know how long my warranty is.
? Do {co} products have a two-year warranty?
? How long does the warranty last from delivery?
? warranty how long
? Does the warranty last one year or two?
? When does my warranty expire?
? Is there a guarantee on the Brewlet Kettle, and for how long?
? For how many years are your products covered?
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
? plus warranty?
? Do Plus members get extra warranty?
? How many years of warranty come with a Plus membership?
? As a paying Plus member, what warranty length do I get?
? Does subscribing to Plus give me a longer guarantee?
? Is there an extended warranty for Plus?
? My husband has Plus. How long is the warranty on his new clock?
? How long is the guarantee with {co} Plus?
? plus member warranty length?
? Tell me the warranty for Plus subscribers.
? Does Plus give three years of warranty?
? I'm a Plus member. How long is my warranty?
? My sister has Plus. Is her purifier covered for longer?
? How many years of guarantee do Plus members get?
? I need to know how much longer the warranty is with Plus.
? Is the warranty three years for Plus members?
? Plus extended warranty?
? If I join Plus, is my warranty longer?
? What's the warranty length for Plus customers?
? Do Plus subscribers get more years of cover?
? Will Plus extend the guarantee on a kettle I buy as a member?
? warranty with plus
~ I'm a Plus subscriber. How long does my warranty last?
= With {co} Plus, the warranty on products you buy as a member is extended to 3 years.
= Plus members get a warranty of 3 years instead of two on anything they buy while subscribed.
# warranty.covers | manufacturing defects
? What does the warranty cover?
? What kind of problems are covered by the warranty?
? Is a faulty product covered?
? Does the warranty cover battery problems?
? What is included in the warranty?
? warranty coverage?
? My battery stopped holding charge. Is that covered?
? Are defects covered by the guarantee?
? What faults does the warranty handle?
? It stopped working on its own. Does the warranty cover that?
? Does the guarantee include the battery?
? Which problems will you fix for free under warranty?
? What does the guarantee cover?
? Is a defect covered under warranty?
? warranty scope?
? Tell me what the warranty includes.
? My Pebble speaker's battery won't hold a charge anymore. Is that a warranty issue?
? My lamp stopped working after three months. Will the warranty fix it?
? Are batteries included in the warranty?
? Does the warranty cover faulty products?
? I need to know which faults the warranty covers.
? Is a manufacturing fault covered?
? What kind of faults are covered?
? My dad's clock broke by itself. Is it covered?
? Does the warranty pay for a dead battery?
? What problems does the guarantee include?
? warranty battery?
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
? warranty exclusions?
? I spilled tea on my clock. Is that covered?
? Does the warranty cover water damage?
? My toddler pulled the clock off a shelf and cracked it. Will you repair it for free?
? Is normal wear and tear covered?
? What won't the guarantee pay for?
? Are drops and spills excluded from the warranty?
? What's not included in the warranty?
? Is a dropped product covered?
? warranty excludes?
? Tell me what the warranty doesn't cover.
? I knocked my kettle off the counter and it broke. Is that covered?
? My son sat on his Orbit light and broke it. Will the warranty cover it?
? Does the guarantee cover accidents?
? Is a spill covered by the warranty?
? I need to know if accidental damage is covered.
? Are cracks from a fall covered?
? Does the warranty cover wear over time?
? What damage won't you repair for free?
? I dropped my lamp and the base cracked. Will the warranty pay?
? warranty accidental damage
? Are scratches from normal use covered?
~ I knocked my lamp off the desk and it snapped. Does the warranty cover that kind of damage?
= The warranty does not cover accidental damage, such as drops or spills, or normal wear over time.
= Normal wear and accidental damage, like drops and spills, are not covered by the warranty.
# warranty.claim | order number and a photo
? How do I make a warranty claim?
? How do I claim under warranty?
? What do I need for a warranty claim?
? How do I get a faulty product repaired?
? Where do I send a warranty request?
? how to claim warranty
? My product has a fault. How do I get it fixed under warranty?
? Where is the warranty form?
? What information do you need to process a warranty claim?
? Do I need a photo for a warranty claim?
? My dad's lamp has a fault. How does he file a claim?
? How do I start a warranty request?
? How do I file a warranty claim?
? warranty claim steps?
? Tell me how to make a claim under the guarantee.
? Walk me through a warranty claim.
? Where do I go to claim on my warranty?
? My kettle is faulty. How do I get it replaced?
? I need to know what to send for a warranty claim.
? Do I need my order number for a warranty claim?
? What's the process for a guarantee claim?
? My mum's purifier has a defect. How does she claim?
? Where can I find the warranty claim form?
? How can I report a defect to get a repair?
? warranty claim form
? What do I attach to a warranty claim?
? Can I claim on the warranty online?
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
? warranty repair time?
? How many days until a replacement arrives after my claim is approved?
? My claim was approved. How long until it's fixed?
? How long will I be without my lamp during a warranty repair?
? How soon do you replace a faulty product once the claim is accepted?
? What's the wait for a repair under guarantee?
? How long does it take to fix an item under warranty?
? How many days does a warranty repair take?
? warranty turnaround?
? Tell me how long a warranty replacement takes.
? By when will I get my repaired item back?
? What's the timeframe for a warranty fix?
? My claim was accepted yesterday. When will I have my kettle back?
? How quickly will you replace my faulty item?
? I need to know how long warranty repairs take.
? When does the replacement ship once you approve my claim?
? How soon after approval is my product fixed?
? warranty repair how long
? My dad's speaker is being repaired under warranty. How long will it take?
? How many business days for a warranty replacement?
? What's the wait for a replacement under warranty?
? How long will my warranty claim take to complete?
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
