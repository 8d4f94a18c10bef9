"""The employee handbook, part two: expenses, benefits, remote work and onboarding
(format: company_world)."""

from __future__ import annotations

from gptship.train.company_world import Fact, parse_facts

_EXPENSES = """
# expenses.meals | $40 per day
? What's the meal allowance when travelling?
? How much can I spend on food on a business trip?
? What is the daily food limit?
? How much can I expense for meals?
? Is there a limit on meal expenses?
? meal allowance?
? per diem for food when travelling?
? How much can I spend on dinner on a work trip?
? daily food budget on business travel
? What's the food allowance when I'm away for work?
? My colleague is travelling to Berlin next week; what's her daily meal budget?
? Can I expense breakfast, lunch and dinner on a trip, and up to what amount?
? food per diem
? How many dollars a day can I spend on food when I travel for work?
? how much can i claim for meals on a work trip
? Tell me the daily meal limit for business travel.
? Off to a trade fair for a few nights. How much can I eat on the company each day?
? Is there a per day cap on meals when I'm travelling?
? Explain the meal expenses rule for trips.
? What's the most I can expense for lunch and dinner while away on business?
? Do I need receipts for meals on a business trip?
? My boss is travelling to a client site. How much can he spend daily on food?
? travel meal limit per day
? How much does {co} cover for food each day on the road?
? Can I claim my dinners when I'm away for work, and how much?
? What's the subsistence allowance for work trips?
? daily meal expense cap
~ Off to a conference for three days. How much can I spend on meals each day?
= When you travel for work, you can spend up to $40 per day on meals, with receipts.
= The meal limit on business trips is $40 per day, and you need to keep the receipts.
# expenses.hotel | $180 per night
? What's the hotel limit for business trips?
? How much can I spend on a hotel?
? Is there a cap on accommodation costs?
? What is the maximum nightly rate for hotels?
? How expensive a hotel can I book?
? hotel budget?
? accommodation limit per night
? How much can a hotel room cost on a work trip?
? The conference hotel is $220 a night, is that allowed?
? What's the most I can pay for a hotel room?
? I'm booking a hotel for a new hire's trip, what's the nightly cap?
? Is there a nightly hotel cap?
? Can I stay in a pricier hotel if I get approval?
? How many dollars a night can I spend on accommodation?
? how much can a hotel cost per night
? Tell me the nightly hotel budget for work trips.
? I found a hotel for $200 a night. Is that over the limit?
? What's the accommodation cap on business travel?
? Explain the hotel booking rules for trips.
? Who approves a hotel above the nightly limit?
? Can I book a more expensive hotel near the venue?
? My colleague's hotel costs $250 per night. Does she need approval?
? hotel price cap
? What's the maximum room rate I can book?
? How pricey can my hotel be on a work trip?
? Is $180 the hotel limit?
? What can I pay per night for a room when travelling?
~ Found a hotel for the client visit at $170 a night. Is that within the limit?
= Hotels on business trips can cost up to $180 per night; anything above needs approval first.
= You can book hotels up to $180 per night, and your manager must approve anything more expensive.
# expenses.flights | economy class
? What class can I fly on business trips?
? Can I book business class?
? What is the travel class policy for flights?
? Do we fly economy?
? What flights am I allowed to book?
? flight class?
? Can I fly business class on long-haul flights?
? premium economy allowed?
? Which cabin class should I book for work travel?
? I have a 12-hour flight to a client, can I upgrade?
? Is first class ever allowed?
? What seat class does {co} pay for?
? My manager is flying to Tokyo for work, can she book business?
? Which seat class do I book for work flights?
? can i fly business class for work
? Tell me the flight class policy.
? I'm flying to New York for a client meeting. Can I book business?
? Is economy required even on long flights?
? Explain the rules for booking flights.
? Can I pay for an upgrade to premium economy?
? Do managers fly business class?
? My colleague has a ten-hour flight. Which class can she book?
? work flight class
? Are long-haul trips in economy too?
? Who books work flights, and in what class?
? Is business class allowed for overnight flights?
? What cabin do we travel in on work trips?
~ It's a seven-hour flight to the client. Am I allowed to fly business class?
= Please book economy class for all work flights, including long-haul ones.
= All work flights are booked in economy class, whatever their length, through the travel desk.
# expenses.client | $60 per person
? How much can I spend on client dinners?
? What's the limit for entertaining clients?
? Is there a budget for client meals?
? How much can I expense when taking a customer out?
? What is the client entertainment allowance?
? client dinner limit?
? How much per head can I spend on a client lunch?
? I'm taking a customer out for drinks, what's the budget?
? entertainment budget per guest
? Do drinks count in the client meal limit?
? What can I spend per person when entertaining a customer?
? My colleague is hosting a client dinner; what's the per-person cap?
? Is there a cap per guest for business dinners with clients?
? How many dollars per person can I spend entertaining a client?
? how much can i spend on a client dinner
? Tell me the per-head limit for client meals.
? I'm hosting three customers for dinner. What's the budget?
? Are drinks included in the client entertainment limit?
? Explain the rules for client entertainment spending.
? What's the per-guest cap for a client lunch?
? How much can I spend per customer on drinks and food?
? My boss is taking a partner out for dinner. What's the per-person limit?
? client meal budget per person
? Is there a limit when I buy a client a meal?
? What can I expense per head when I take customers out?
? client entertainment allowance per person
? How pricey can a client dinner be per guest?
~ I'm taking two clients out to lunch. How much can we spend per person?
= Client meals and entertainment can cost up to $60 per person, including drinks.
= You can spend up to $60 per person when you take clients out for a meal, drinks included.
# expenses.deadline | within 45 days
? When do I need to submit expenses?
? What's the deadline for expense claims?
? How long do I have to file an expense?
? Is there a time limit for claiming expenses?
? How late can I submit a receipt?
? expense deadline?
? How many days do I have to claim an expense?
? I forgot to claim a taxi from two months ago, can I still submit it?
? By when must expense claims be filed?
? Can a six-week-old taxi fare still be claimed?
? expense claim time limit
? How soon after buying something do I need to submit the claim?
? My new hire paid for a training course; how long does she have to file the expense?
? How many days do I have to submit an expense claim?
? how long do i have to claim expenses
? Tell me the deadline for expense claims.
? I paid for a taxi six weeks ago. Can I still claim it?
? Is there a cut-off for filing receipts?
? Explain the time limit on expense claims.
? What's the latest I can claim a purchase?
? When do expenses need to be submitted by?
? Found an old receipt in my bag from 60 days back. Still claimable?
? expense submission deadline
? How soon must I file an expense after paying?
? Do expense claims expire after a while?
? What's the window for submitting expenses?
? Within how many days must expenses be claimed?
~ I just found a receipt from two months ago. Is it too late to submit the expense?
= Submit your expenses in Peopledesk within 45 days of the purchase, with a photo of each receipt.
= Expense claims must be filed within 45 days of paying, with a photo of each receipt.
# expenses.approval | your manager
? Who approves my expenses?
? Who signs off on expense claims?
? Does someone need to approve my expenses?
? How are expenses approved?
? Who checks my expense report?
? expense approval?
? Who has to okay my expense report?
? Does finance or my manager approve expenses?
? My claim is still pending, who needs to approve it?
? Who gives the go-ahead on my expenses?
? Who reviews and approves expense reports in Peopledesk?
? Do my expenses need sign-off before they're paid?
? Who authorises my colleague's travel expenses?
? Who needs to approve my expense claim?
? who approves expenses
? Tell me who signs off expense reports.
? I submitted a claim in Peopledesk. Who approves it?
? Does my line manager approve my expenses?
? Explain how expense claims get approved.
? Who okays a travel expense?
? Is it finance or my boss who approves claims?
? My colleague's expense is waiting for approval. Who should approve it?
? expense sign-off
? Who gives approval for expense reports?
? How long does expense approval usually take?
? Who checks my claim before finance pays it?
? Which person approves expense claims in Peopledesk?
~ Once I've sent in an expense claim, who approves it?
= Expenses are approved by your manager in Peopledesk, usually within a week.
= Expense claims are approved by your manager in Peopledesk before finance pays them.
# expenses.receipts | over $25
? Do I need receipts for expenses?
? When is a receipt required?
? Can I claim without a receipt?
? What proof do I need for an expense?
? Do small expenses need receipts?
? receipt rules?
? Misplaced the slip for a $12 taxi - is a short note enough?
? Do I need a receipt for a coffee?
? Above what amount is a receipt needed?
? receipt threshold for expenses
? What if I don't have a receipt?
? Is a receipt required for every expense or only bigger ones?
? My colleague bought a $10 train ticket without a receipt, is that a problem?
? Above how many dollars do I need a receipt?
? do i need a receipt for small expenses
? Tell me when receipts are required.
? No proof of purchase for a $30 purchase - what now?
? Is a note enough for a small purchase without a receipt?
? Explain the receipt rules for expenses.
? What's the receipt threshold?
? Do I need a receipt for a $20 lunch?
? My colleague lost a receipt for a $15 coffee. What does he need?
? receipt requirement
? Are receipts needed for every claim?
? What if I don't have a receipt for a small expense?
? From what amount are receipts mandatory?
? Can I claim a small expense with just a description?
~ I lost the receipt for a cab ride. Can I still claim the expense?
= You need a receipt for any expense over $25; smaller amounts just need a short note.
= Receipts are required for every expense over $25, and smaller ones need only a description.
# expenses.payout | next payroll
? When do I get reimbursed for expenses?
? How are expenses paid back?
? When will my expense money arrive?
? How long until I'm reimbursed?
? Are expenses paid with my salary?
? expense reimbursement timing?
? When is my expense claim paid out?
? My claim was approved yesterday, when will I see the money?
? How do I get my money back for expenses?
? Do expenses come with my salary or separately?
? When are approved expenses reimbursed?
? expense payout
? How long after approval are expenses paid?
? By when does the reimbursement land in my bank account?
? when do i get my expenses back
? Tell me when expenses are reimbursed.
? My expense was approved. When will the money arrive?
? Is my expense money added to my monthly pay?
? Explain how expenses are paid out.
? How soon after approval do I get my money?
? Do expenses come in the next payroll?
? My colleague's claim was approved last week. When will she be reimbursed?
? expense reimbursement date
? How are approved claims paid?
? When does finance pay approved expenses?
? Do I get reimbursed on payday?
? How long does it take to get money back for a claim?
~ My expense claim got approved. When will I be paid back?
= Approved expenses are paid back with your next payroll, together with your salary.
= Once approved, your expenses are reimbursed in the next payroll, on the same day as your salary.
"""

_BENEFITS = """
# benefits.health | first day
? When does health insurance start?
? Do we get health insurance?
? Is private health cover included?
? When am I covered by the health plan?
? What health benefits do we have?
? private healthcare included?
? Is there a waiting period for health insurance?
? Do I have to pay anything for the health insurance?
? When does my medical cover begin?
? Starting at {co} soon - am I insured medically from the beginning?
? Do we get private medical insurance?
? health cover start date
? Does {co} pay for health insurance?
? When does my health cover start?
? when does health insurance begin
? Is medical insurance free, and from what date am I covered?
? I start next week. Am I covered by health insurance from day one?
? Do I pay for the health insurance?
? Explain the health insurance benefit.
? Is health insurance free for employees?
? How soon after joining am I covered medically?
? My colleague just joined. Does she have health cover yet?
? health insurance start
? Does {co} pay the full health insurance cost?
? Is private medical cover part of the benefits?
? From what day is my health plan active?
? Do new starters get health insurance straight away?
~ I start on Monday. Will I have health insurance straight away?
= Private health insurance starts on your first day and is fully paid by {co}.
= You are covered by our private health insurance from your first day, at no cost to you.
# benefits.dependants | partner and children
? Does the health insurance cover my family?
? Can I add my partner to the health plan?
? Are my kids covered by the health insurance?
? Who else does the health insurance cover?
? Is family cover included?
? family health cover?
? Can my husband join my health insurance?
? Does my health plan cover my children?
? How do I add dependants to the medical insurance?
? Is there a charge for adding my family to the health cover?
? My partner isn't covered by her employer, can she be on my plan?
? dependants on health insurance
? Can my spouse and kids get private medical cover through me?
? Can I add my children to my health insurance?
? can my partner be on my health insurance
? Can my spouse and children join my medical plan without paying?
? I have two kids. Are they covered by the health plan?
? Is it free to add my partner to the health insurance?
? Explain how to add dependants to health cover.
? Does the health plan cover my wife?
? Where do I add my partner to the health insurance?
? My colleague wants to add her husband to her health plan. Can she?
? family health insurance
? Does adding children cost extra?
? Can my family be on the private health insurance?
? Who can I add to my health plan?
? Are dependants covered by {co}'s health insurance?
~ My husband has no medical cover through his job. Could he join my health insurance?
= The health insurance can cover your partner and children too, at no extra cost.
= You can add your partner and children to the health insurance for free in Peopledesk.
# benefits.pension | up to 5%
? What is the pension match?
? Does {co} contribute to my pension?
? How much does the company put into my pension?
? Is there a retirement plan?
? What are the pension contributions?
? pension match?
? Is there employer matching on retirement savings?
? How much does {co} add to my pension?
? retirement contributions
? What percentage of salary does the company pay into pensions?
? I'm putting 3% into my pension, will the company match it?
? When does the pension match start?
? Is there a cap on the pension match?
? How much does {co} match in the pension?
? how much is the pension match
? How much extra does my employer put towards my retirement?
? I pay 5% into my pension. How much does the company add?
? What's the maximum pension match?
? Explain the pension scheme.
? Does the company match pension contributions?
? When does the company start matching my pension?
? My colleague asked what percent the pension match is.
? pension match percent
? Is the pension match up to 5% of salary?
? How much does the employer contribute to retirement savings?
? Do I get a company contribution to my pension?
? Is the pension contribution worth it? How much is matched?
~ If I save for retirement through work, will the company add anything?
= {co} matches your pension contributions up to 5% of your salary, from your first month.
= The company matches what you put into your pension, up to 5% of your salary.
# benefits.learning | $1,200 per year
? Is there a learning budget?
? How much can I spend on training?
? Can the company pay for a course?
? What is the education allowance?
? Do we get money for books and courses?
? learning budget amount?
? training budget per year
? Can I expense a conference ticket?
? I want to do an online course, will {co} pay for it?
? How much is the yearly development budget?
? Can I buy books for professional development?
? My new hire wants to attend a conference, is there a budget?
? professional development money?
? How many dollars a year can I spend on learning?
? how much is the learning budget
? What's the annual allowance for courses, books and conferences?
? I want to go to a conference. Can the learning budget pay for it?
? Can I spend my learning budget on books?
? Explain the learning budget.
? What's the yearly education budget?
? Does {co} pay for online courses?
? My colleague wants to take a course. Is there money for that?
? learning budget per year
? What can I use the learning budget for?
? How much can I spend on courses each year?
? Is there money for professional development?
? Will {co} pay for a certification exam from my development money?
~ There's an online design course I'd love to take. Will the learning budget cover it?
= Every employee has a learning budget of $1,200 per year for courses, books and conferences.
= You can spend up to $1,200 per year from your learning budget on courses, books and conferences.
# benefits.wellbeing | $50 a month
? Is there a wellbeing allowance?
? Do we get a gym membership?
? Will the company pay for my gym?
? What wellbeing benefits are there?
? Can I claim for yoga classes?
? wellbeing allowance?
? gym allowance
? Can I get money back for my sports club membership?
? How much do we get towards fitness each month?
? Does {co} pay for pilates or swimming?
? I joined a climbing gym, can I claim it?
? monthly wellness budget
? Is there a fitness benefit?
? How many dollars a month is the wellbeing allowance?
? how much is the wellbeing allowance
? How much a month can I claim for fitness classes or a gym?
? I go to a yoga class every week. Can I claim it?
? Does the company pay towards a gym?
? Explain the wellbeing benefit.
? What's the monthly fitness allowance?
? Can I use the wellbeing allowance for swimming?
? My colleague plays in a football club. Can she claim the fees?
? wellbeing allowance per month
? Is there money for sports classes?
? How much does {co} pay towards fitness?
? Can I claim my gym membership?
? Is the gym money paid monthly, and how much is it?
~ I've joined a climbing gym. Is there a wellbeing perk that helps with that?
= You get a wellbeing allowance of $50 a month for gyms, sports clubs or classes.
= The wellbeing allowance pays up to $50 a month towards gym memberships, classes or sports clubs.
# benefits.discount | 40%
? Do employees get a discount?
? Is there a staff discount on {co} products?
? How much off do we get on our own products?
? Can I buy {co} gadgets cheaper?
? What is the employee discount?
? staff discount %?
? employee discount on products
? How much off {co} products do staff get?
? Can I get {co} products cheaper as an employee?
? How many discounted items can I buy a year?
? What percent off do employees get?
? Is there a limit on the employee discount?
? I want to buy my mum a {co} gadget, do I get money off?
? What percentage off do staff get on {co} products?
? how much is the staff discount
? Are {co} gadgets cheaper for people who work here?
? I want to buy a {co} gadget for my sister. Do I get a discount?
? How many items a year can I buy with the discount?
? Explain the staff discount.
? Is there a yearly limit on discounted products?
? Do employees get 40% off?
? My colleague asked how much off staff get on our products.
? staff discount percent
? Can I buy {co} products at a discount?
? What's the employee discount on {co} gadgets?
? How many discounted items per year?
? Do I pay the full price for {co} products as a staff member?
~ I'd like to give my sister a Brewlet. Do I get a staff discount?
= Employees get 40% off all {co} products, for up to ten items a year.
= As an employee, you get 40% off every {co} product, up to ten items a year.
# benefits.referral | $2,000
? Is there a referral bonus?
? Do I get anything for referring a friend?
? How much is the referral reward?
? What happens if someone I recommend gets hired?
? Does {co} pay for referrals?
? referral bonus amount?
? How much do I get for referring someone?
? My friend applied after I recommended her, do I get a bonus?
? When is the referral bonus paid?
? employee referral reward
? Is there a reward for recommending candidates?
? I referred a developer who just started, when will I get the bonus?
? Do I get paid if my referral gets hired?
? How many dollars is the referral bonus?
? how much is the referral bonus
? What's the finder's fee for referring a new colleague?
? My friend joined after I referred her. When do I get the bonus?
? Is the referral bonus paid after probation?
? Explain the referral programme.
? What do I get if someone I refer is hired?
? When is a referral reward paid out?
? My colleague referred a designer. How much will he get?
? referral reward amount
? Do I get money for recommending someone?
? How much does {co} pay for a successful referral?
? Is there a bonus for bringing in new hires?
? Recommending a friend for a job here, is it worth it, and how much?
~ My old coworker is applying here. If she gets hired, do I get a referral bonus?
= You get a referral bonus of $2,000 when someone you refer is hired and passes probation.
= The referral bonus is $2,000, paid once the person you referred completes probation.
# benefits.life | 4 times your salary
? Do we have life insurance?
? How much life cover does {co} provide?
? Is life insurance part of the benefits?
? What is the death in service benefit?
? How much is the life insurance worth?
? life insurance benefit?
? life cover amount
? What would my family receive if I died while employed here?
? Is there death in service cover?
? How many times my salary is the life insurance?
? How do I choose beneficiaries for life insurance?
? Does {co} provide life assurance?
? My partner asked whether I have life cover through work.
? How much is the life cover through work?
? how much is life insurance
? What sum does the death in service cover pay to my family?
? My partner asked what my family gets if I die. How much is it?
? Is life insurance included in the benefits?
? Explain the death in service benefit.
? How many times my salary does life insurance pay?
? Where do I name beneficiaries for life insurance?
? My colleague asked about life cover at {co}.
? life insurance amount
? Does {co} give life cover?
? What is the payout of the life insurance?
? To whom is the life insurance paid out if I die?
? What does death in service pay?
~ Does my family get any life insurance money if something happens to me?
= {co} provides life insurance worth 4 times your salary, paid to the people you name in
+ Peopledesk.
= Our life insurance pays out 4 times your salary to the beneficiaries you choose in Peopledesk.
"""

_REMOTE = """
# remote.days | 3 days a week
? How many days can I work from home?
? What's the remote work policy?
? Can I work remotely?
? How often can I work from home?
? Is hybrid working allowed?
? WFH policy?
? How many remote days per week?
? Can I work from home every day?
? Could I be remote four days out of five?
? hybrid policy
? What's the maximum number of home working days each week?
? My new hire lives far away, how often can she work remotely?
? work from home days?
? How many days a week can I work from home?
? how many days can i wfh
? What's the rule on working remotely versus in the office each week?
? I'd like to work remotely more often. How many days a week is allowed?
? Can I work from home three days a week?
? Explain the remote work policy.
? What's the limit on home working days?
? Is remote work allowed at {co}?
? Could my teammate do four home days out of five?
? remote days per week
? How often can I work remotely?
? Am I allowed to work from my flat every day of the week?
? How many days can I spend at home each week?
? What's the home working allowance per week?
~ Would it be OK if I worked from home most of the week?
= You can work from home up to 3 days a week, as agreed with your team.
= Our hybrid policy lets you work remotely up to 3 days a week, as agreed with your team.
# remote.office_days | Tuesday and Thursday
? Which days do I need to be in the office?
? Are there set office days?
? When is everyone in the office?
? What are the team office days?
? Do I have to come in on certain days?
? office days?
? Which days is the team in?
? What days do I have to come into the office?
? Is there a mandatory in-office day?
? Can I work from home on a Tuesday?
? What days are anchor days?
? My colleague wants to meet in person, which days is everyone at the office?
? Are Mondays office days?
? Which days do I have to be in the office?
? which days are office days
? On which days is attendance at the office expected?
? Which weekdays can I catch the whole team face to face?
? Are Tuesdays and Thursdays office days?
? Explain the office day policy.
? Which days must everyone come in?
? Can I work from home on Thursday?
? My colleague asked which days are in the office.
? team office days
? Do I have to commute in on Mondays and Fridays?
? What days does everyone come to the office?
? Do I need to come in on Tuesday?
? Which weekdays are in-office days?
~ If I want to see the whole team in person, which days should I come into the office?
= Everyone comes into the office on Tuesday and Thursday, and the other days are flexible.
= Tuesday and Thursday are our shared office days; you choose where to work on the rest.
# remote.equipment | $600
? Is there a home office allowance?
? Can I expense a desk for working from home?
? Does the company pay for home office equipment?
? How much can I spend on my home setup?
? Will {co} buy me a monitor for home?
? home office allowance?
? WFH equipment budget
? Can I get a chair for home paid for?
? How much is the home office budget?
? I need a second screen at home, can I expense it?
? Is there a one-off allowance for my home workspace?
? My new hire works remotely, will the company pay for her desk?
? Does {co} reimburse home office furniture?
? How many dollars is the home office allowance?
? how much is the home office allowance
? What's the one-time payment for kitting out a home workspace?
? I need a desk for working from home. Can I expense it?
? Can I buy a monitor for home with the allowance?
? Explain the home office equipment allowance.
? Is the home office allowance one-off?
? Does {co} pay for a chair at home?
? My colleague needs a desk at home. Is there a budget?
? home office budget
? How much can I spend on my home office?
? What's the one-off budget for home equipment?
? Can I claim office furniture for working from home?
? Is there money for a standing desk or ergonomic chair at home?
~ My chair at home is killing my back. Is there an allowance for a better home office?
= You get a one-off home office allowance of $600 for things like a desk, chair or monitor.
= There is a one-off equipment allowance of $600 to set up your home office with a desk, chair or
+ monitor.
# remote.internet | $30 a month
? Do we get an internet allowance?
? Does the company pay for my home internet?
? Can I claim my broadband?
? Is there help with internet costs?
? How much is the internet allowance?
? home internet stipend?
? broadband allowance
? Will {co} cover part of my Wi-Fi bill?
? How much does {co} pay towards home internet?
? Is my home broadband reimbursed?
? Do remote workers get money for internet?
? Working from home pushed up my broadband costs. Any support?
? How is the internet allowance paid?
? How many dollars a month is the internet allowance?
? how much is the internet allowance
? How many dollars a month does {co} put towards my Wi-Fi?
? My home internet is expensive. Does the company help?
? Is the internet allowance paid with my salary?
? Explain the internet allowance.
? Does {co} pay for home Wi-Fi?
? How much do I get for home internet?
? My colleague asked if the company pays for broadband.
? internet allowance per month
? Can I get money for my internet bill?
? Do remote staff get a monthly top-up for their broadband bill?
? How is the broadband allowance paid?
? Does my salary include an internet allowance?
~ My Wi-Fi bill went up when I started working from home. Is there an internet allowance?
= {co} pays $30 a month towards your home internet, added to your salary.
= You get an internet allowance of $30 a month, paid together with your salary.
# remote.abroad | 4 weeks a year
? Can I work from abroad?
? How long can I work from another country?
? Is working remotely from overseas allowed?
? Can I work while visiting family abroad?
? What's the policy on working from another country?
? work abroad policy?
? Can I work from Spain for a month?
? How many weeks can I work outside the country?
? I'm visiting my parents overseas, can I work from there?
? What's the cap on remote work from a foreign country?
? Do I need approval to work from another country?
? workation rules?
? My colleague wants to work from her home country for a few weeks, is that okay?
? How many weeks a year can I work from another country?
? can i work abroad
? Is a workation allowed, and for how many weeks each year?
? I want to work from Italy for two weeks. Is that allowed?
? Does working abroad need my manager's approval?
? Explain the work abroad policy.
? What's the limit on working from overseas?
? Can I work from another country for a month?
? My colleague wants to work from abroad. How long can she?
? work from abroad limit
? How long can I work outside my home country?
? Is working from overseas allowed at {co}?
? Who approves working from another country?
? Can I log on from my family's place in Portugal for a few weeks?
~ I want to spend a month at my parents' place in Spain. Is there a limit on working abroad?
= You can work from another country for up to 4 weeks a year, with your manager's approval.
= Working abroad is allowed for up to 4 weeks a year once your manager has approved it.
"""

_ONBOARDING = """
# onboarding.first_day | 9:30 am
? What time should I arrive on my first day?
? When does my first day start?
? Where do I go on my first day?
? What happens on day one?
? What time do new starters come in?
? first day start time?
? What time do I start on day one?
? Where should I go when I arrive on my first morning?
? My new hire starts Monday, what time should she arrive?
? Do I go to reception on my first day?
? first day arrival time
? What time should new starters show up?
? I start tomorrow, when should I be there?
? What's the arrival time for my very first morning at {co}?
? what time is my first day
? Walk me through day one: when and where do I show up?
? I start on Monday. What time and where should I arrive?
? Do I go to reception on day one?
? Explain what happens on the first day.
? When do I pick up my laptop on my first day?
? What time should a new starter arrive?
? My new colleague starts tomorrow. What time should he arrive?
? first day time
? Where do new starters go on day one?
? What time does my first morning start?
? Is 9:30 am the start time on day one?
? Who hands over my laptop when I arrive on day one?
~ Tomorrow is my first day. What time should I show up?
= On your first day, please arrive at 9:30 am at reception, where IT will hand you your laptop.
= New starters arrive at 9:30 am on their first day and collect their laptop from IT at reception.
# onboarding.laptop | MacBook Air or a ThinkPad
? What laptop will I get?
? Can I choose my work computer?
? Do I get a Mac or a PC?
? Which laptops does {co} provide?
? What computer do new employees get?
? laptop choice?
? Can I get a MacBook?
? Is a ThinkPad an option for my work laptop?
? Which computers can new starters pick from?
? My new hire prefers Windows, what laptop can she have?
? Do I get to pick my own laptop?
? work laptop options
? What kind of laptop does IT give new hires?
? Which machine does IT give me to work on?
? what laptop do new starters get
? Tell me about the work laptop.
? I prefer Mac. Can I get a MacBook?
? Can I choose a ThinkPad?
? Explain the laptop options.
? Do I choose my laptop?
? What laptops can I pick from?
? My new colleague uses Windows. Which laptop can he have?
? laptop options
? Is my laptop set up before I start?
? Is a Windows notebook possible instead of a Mac?
? What hardware do starters receive for work?
? Which laptops can new employees choose?
~ I'm used to Windows. Will I be stuck with a Mac?
= You can choose a MacBook Air or a ThinkPad, and IT sets it up before your first day.
= New employees pick either a MacBook Air or a ThinkPad, ready and set up on their first day.
# onboarding.buddy | first 6 weeks
? Will I have a buddy when I start?
? What is the onboarding buddy?
? Who helps me settle in?
? Do new starters get a mentor?
? How long does the buddy programme last?
? onboarding buddy?
? Does everyone get a buddy when they join?
? How long will my buddy help me?
? Is my buddy from my own team?
? buddy scheme
? My new hire is starting next week, will she get a buddy?
? Is there a buddy system for new joiners?
? What does an onboarding buddy do?
? Does someone show new joiners the ropes for the first weeks?
? do i get a buddy
? Tell me about the buddy programme.
? I start next week. Who will help me settle in?
? How long does the buddy help last?
? Explain the onboarding buddy.
? Is my buddy from another team?
? Do new joiners get a buddy?
? My new colleague asked if she gets a buddy.
? buddy programme length
? How many weeks is the buddy programme?
? Which team does my onboarding buddy come from?
? What does a buddy help with?
? Is somebody assigned to answer a newcomer's everyday questions?
~ I'm nervous about being new. Is there a buddy to show me the ropes?
= Every new starter gets a buddy from another team who helps them settle in during their first 6
+ weeks.
= You are paired with a buddy from another team for your first 6 weeks to answer everyday
+ questions.
# onboarding.first_week | security training
? What happens in my first week?
? What should I do during my first week?
? What's the onboarding plan for week one?
? What do new employees do first?
? What does the first week look like?
? first week plan?
? What do I need to get done in my first week?
? Is there training I must complete in week one?
? What's on the agenda for my first week?
? I start next week, what does onboarding week involve?
? first week schedule
? Do I need to do security training when I start?
? My new hire asked what her first week will cover.
? What tasks should I finish during my first five days?
? what happens in the first week
? Describe the induction week for me.
? I start next week. What will I do?
? Do I do security training in my first week?
? Explain the first week of onboarding.
? What's the plan for my first week?
? Who do I meet in my first week?
? My new colleague asked what the first week involves.
? first week onboarding
? What training is in the first week?
? Do I set up my accounts in the first week?
? What does onboarding week cover?
? Which mandatory course do starters take in week one?
~ Could you walk me through what my first week at {co} will involve?
= In your first week you meet your manager and buddy, set up your accounts and complete the
+ security training.
= Your first week covers meeting your team, setting up your accounts and finishing the security
+ training.
# onboarding.probation | 3 months
? How long is probation?
? Is there a probation period?
? When does my probation end?
? How long is the trial period for new staff?
? Do new starters have a probation?
? probation length?
? How many months is probation?
? When do I pass probation?
? Is there a trial period when I start?
? My new hire has been here two months, is she still on probation?
? probation period
? What happens at the end of my probation?
? How long before I'm no longer on probation?
? How long is the probation period?
? how long is probation
? Explain the probationary period for new joiners.
? I've been here two months. Am I on probation?
? When does probation end?
? Explain the probation period.
? How many months is the trial period?
? Is there a review at the end of probation?
? My new colleague asked how long probation is.
? length of the trial period for new hires
? What happens after probation?
? Is probation three months?
? How long are new employees on probation?
? By when is my probationary period over?
~ When will I be a permanent member of staff rather than on trial?
= New employees have a probation period of 3 months, ending with a review with their manager.
= Probation lasts 3 months and finishes with a short review meeting with your manager.
# onboarding.people_team | #ask-people
? How do I contact HR?
? Who do I ask about HR questions?
? Where can I reach the People team?
? How do I get help from HR?
? Who should I talk to about my contract?
? contact HR?
? HR contact
? Where do I send questions for the People team?
? Is there a Slack channel for HR?
? How quickly does HR answer?
? My colleague needs help with an HR issue, where should she go?
? Where can I get HR advice?
? What's the best way to message HR?
? How do I reach the People team?
? how do i contact hr
? Tell me how to contact HR.
? My payslip looks wrong and I need HR. Where do I reach them?
? Which Slack channel is HR?
? Explain how to get help from the People team.
? How quickly does the People team reply?
? Where do I post HR questions?
? My colleague has an HR question. Where should he ask?
? slack channel for people team questions
? What's the HR Slack channel?
? Who handles questions about holidays, contracts or pay queries?
? How long will HR take to get back to me?
? How do I get in touch with the People team?
~ I have a question about my payslip. How do I reach HR?
= You can reach the People team in the #ask-people channel, and they reply within one working day.
= Post your question in the #ask-people channel, and someone from the People team will get back
+ to you.
"""


def benefit_facts() -> list[Fact]:
    return [
        *parse_facts(_EXPENSES, domain="hr", topic="expenses"),
        *parse_facts(_BENEFITS, domain="hr", topic="benefits"),
        *parse_facts(_REMOTE, domain="hr", topic="remote"),
        *parse_facts(_ONBOARDING, domain="hr", topic="onboarding"),
    ]
