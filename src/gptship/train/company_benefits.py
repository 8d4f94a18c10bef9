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
~ Off to a conference for three days. How much can I spend on meals each day?
= When you travel for work, you can spend up to $40 per day on meals, with receipts.
= The meal limit on business trips is $40 per day, and you need to keep the receipts.
# expenses.hotel | $180 per night
? What's the hotel limit for business trips?
? How much can I spend on a hotel?
? Is there a cap on accommodation costs?
? What is the maximum nightly rate for hotels?
? How expensive a hotel can I book?
~ Found a hotel for the client visit at $170 a night. Is that within the limit?
= Hotels on business trips can cost up to $180 per night; anything above needs approval first.
= You can book hotels up to $180 per night, and your manager must approve anything more expensive.
# expenses.flights | economy class
? What class can I fly on business trips?
? Can I book business class?
? What is the travel class policy for flights?
? Do we fly economy?
? What flights am I allowed to book?
~ It's a seven-hour flight to the client. Am I allowed to fly business class?
= Please book economy class for all work flights, including long-haul ones.
= All work flights are booked in economy class, whatever their length, through the travel desk.
# expenses.client | $60 per person
? How much can I spend on client dinners?
? What's the limit for entertaining clients?
? Is there a budget for client meals?
? How much can I expense when taking a customer out?
? What is the client entertainment allowance?
~ I'm taking two clients out to lunch. How much can we spend per person?
= Client meals and entertainment can cost up to $60 per person, including drinks.
= You can spend up to $60 per person when you take clients out for a meal, drinks included.
# expenses.deadline | within 45 days
? When do I need to submit expenses?
? What's the deadline for expense claims?
? How long do I have to file an expense?
? Is there a time limit for claiming expenses?
? How late can I submit a receipt?
~ I just found a receipt from two months ago. Is it too late to submit the expense?
= Submit your expenses in Peopledesk within 45 days of the purchase, with a photo of each receipt.
= Expense claims must be filed within 45 days of paying, with a photo of each receipt.
# expenses.approval | your manager
? Who approves my expenses?
? Who signs off on expense claims?
? Does someone need to approve my expenses?
? How are expenses approved?
? Who checks my expense report?
~ Once I've sent in an expense claim, who approves it?
= Expenses are approved by your manager in Peopledesk, usually within a week.
= Expense claims are approved by your manager in Peopledesk before finance pays them.
# expenses.receipts | over $25
? Do I need receipts for expenses?
? When is a receipt required?
? Can I claim without a receipt?
? What proof do I need for an expense?
? Do small expenses need receipts?
~ I lost the receipt for a cab ride. Can I still claim the expense?
= You need a receipt for any expense over $25; smaller amounts just need a short note.
= Receipts are required for every expense over $25, and smaller ones need only a description.
# expenses.payout | next payroll
? When do I get reimbursed for expenses?
? How are expenses paid back?
? When will my expense money arrive?
? How long until I'm reimbursed?
? Are expenses paid with my salary?
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
~ I start on Monday. Will I have health insurance straight away?
= Private health insurance starts on your first day and is fully paid by {co}.
= You are covered by our private health insurance from your first day, at no cost to you.
# benefits.dependants | partner and children
? Does the health insurance cover my family?
? Can I add my partner to the health plan?
? Are my kids covered by the health insurance?
? Who else does the health insurance cover?
? Is family cover included?
~ My husband has no medical cover through his job. Could he join my health insurance?
= The health insurance can cover your partner and children too, at no extra cost.
= You can add your partner and children to the health insurance for free in Peopledesk.
# benefits.pension | up to 5%
? What is the pension match?
? Does {co} contribute to my pension?
? How much does the company put into my pension?
? Is there a retirement plan?
? What are the pension contributions?
~ If I save for retirement through work, will the company add anything?
= {co} matches your pension contributions up to 5% of your salary, from your first month.
= The company matches what you put into your pension, up to 5% of your salary.
# benefits.learning | $1,200 per year
? Is there a learning budget?
? How much can I spend on training?
? Can the company pay for a course?
? What is the education allowance?
? Do we get money for books and courses?
~ There's an online design course I'd love to take. Will the learning budget cover it?
= Every employee has a learning budget of $1,200 per year for courses, books and conferences.
= You can spend up to $1,200 per year from your learning budget on courses, books and conferences.
# benefits.wellbeing | $50 a month
? Is there a wellbeing allowance?
? Do we get a gym membership?
? Will the company pay for my gym?
? What wellbeing benefits are there?
? Can I claim for yoga classes?
~ I've joined a climbing gym. Is there a wellbeing perk that helps with that?
= You get a wellbeing allowance of $50 a month for gyms, sports clubs or classes.
= The wellbeing allowance pays up to $50 a month towards gym memberships, classes or sports clubs.
# benefits.discount | 40%
? Do employees get a discount?
? Is there a staff discount on {co} products?
? How much off do we get on our own products?
? Can I buy {co} gadgets cheaper?
? What is the employee discount?
~ I'd like to give my sister a Brewlet. Do I get a staff discount?
= Employees get 40% off all {co} products, for up to ten items a year.
= As an employee, you get 40% off every {co} product, up to ten items a year.
# benefits.referral | $2,000
? Is there a referral bonus?
? Do I get anything for referring a friend?
? How much is the referral reward?
? What happens if someone I recommend gets hired?
? Does {co} pay for referrals?
~ My old coworker is applying here. If she gets hired, do I get a referral bonus?
= You get a referral bonus of $2,000 when someone you refer is hired and passes probation.
= The referral bonus is $2,000, paid once the person you referred completes probation.
# benefits.life | 4 times your salary
? Do we have life insurance?
? How much life cover does {co} provide?
? Is life insurance part of the benefits?
? What is the death in service benefit?
? How much is the life insurance worth?
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
~ Would it be OK if I worked from home most of the week?
= You can work from home up to 3 days a week, as agreed with your team.
= Our hybrid policy lets you work remotely up to 3 days a week, as agreed with your team.
# remote.office_days | Tuesday and Thursday
? Which days do I need to be in the office?
? Are there set office days?
? When is everyone in the office?
? What are the team office days?
? Do I have to come in on certain days?
~ If I want to see the whole team in person, which days should I come into the office?
= Everyone comes into the office on Tuesday and Thursday, and the other days are flexible.
= Tuesday and Thursday are our shared office days; you choose where to work on the rest.
# remote.equipment | $600
? Is there a home office allowance?
? Can I expense a desk for working from home?
? Does the company pay for home office equipment?
? How much can I spend on my home setup?
? Will {co} buy me a monitor for home?
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
~ My Wi-Fi bill went up when I started working from home. Is there an internet allowance?
= {co} pays $30 a month towards your home internet, added to your salary.
= You get an internet allowance of $30 a month, paid together with your salary.
# remote.abroad | 4 weeks a year
? Can I work from abroad?
? How long can I work from another country?
? Is working remotely from overseas allowed?
? Can I work while visiting family abroad?
? What's the policy on working from another country?
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
~ Tomorrow is my first day. What time should I show up?
= On your first day, please arrive at 9:30 am at reception, where IT will hand you your laptop.
= New starters arrive at 9:30 am on their first day and collect their laptop from IT at reception.
# onboarding.laptop | MacBook Air or a ThinkPad
? What laptop will I get?
? Can I choose my work computer?
? Do I get a Mac or a PC?
? Which laptops does {co} provide?
? What computer do new employees get?
~ I'm used to Windows. Will I be stuck with a Mac?
= You can choose a MacBook Air or a ThinkPad, and IT sets it up before your first day.
= New employees pick either a MacBook Air or a ThinkPad, ready and set up on their first day.
# onboarding.buddy | first 6 weeks
? Will I have a buddy when I start?
? What is the onboarding buddy?
? Who helps me settle in?
? Do new starters get a mentor?
? How long does the buddy programme last?
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
~ When will I be a permanent member of staff rather than on trial?
= New employees have a probation period of 3 months, ending with a review with their manager.
= Probation lasts 3 months and finishes with a short review meeting with your manager.
# onboarding.people_team | #ask-people
? How do I contact HR?
? Who do I ask about HR questions?
? Where can I reach the People team?
? How do I get help from HR?
? Who should I talk to about my contract?
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
