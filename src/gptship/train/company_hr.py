"""The employee handbook, part one: leave, working hours, reviews and pay
(format: company_world)."""

from __future__ import annotations

from gptship.train.company_world import Fact, parse_facts

_LEAVE = """
# leave.annual | 25 days
? How many days of annual leave do I get?
? What is the holiday allowance?
? How much paid vacation do employees get?
? How many holidays do we get per year?
? What's our annual leave entitlement?
? How many vacation days do I have?
~ I'm starting next month. How many days of holiday will I have each year?
~ My new teammate asked how many leave days she gets. What should I tell her?
@ the annual leave allowance
= Every employee gets 25 days of paid annual leave per year, plus public holidays.
= You get 25 days of paid annual leave each year, on top of public holidays.
# leave.carry_over | 8 days
? Can I carry over unused holiday?
? What happens to leave I don't use?
? How many leave days can I roll over to next year?
? Do unused vacation days expire?
? Can I save holiday for next year?
~ I still have lots of holiday left in December. Can I carry it over or will I lose it?
= You can carry over up to 8 days of unused annual leave into the next year; any extra days
+ expire on 31 December.
= Up to 8 days of unused annual leave roll over to the next year, and the rest expire on 31
+ December.
# leave.booking | Peopledesk
? How do I book time off?
? Where do I request annual leave?
? How do I apply for a holiday?
? What system do I use to request leave?
? How do I ask for vacation days?
~ I want to take a week off in August. Where do I request the leave?
= You request annual leave in Peopledesk, and your manager approves it there.
= Book time off in Peopledesk; your manager gets a notification and approves the request.
# leave.notice | 2 weeks
? How far in advance should I request leave?
? How much notice do I need to give for holidays?
? How early do I have to book time off?
? What is the notice period for annual leave?
? Can I book a holiday at short notice?
~ Is it OK to request leave on Monday for Friday, or do I need more notice?
= Please request annual leave at least 2 weeks before it starts; shorter notice is up to your
+ manager.
= Leave requests should go in at least 2 weeks ahead, although managers can approve shorter notice.
# leave.sick_days | 10 paid sick days
? How many sick days do I get?
? What is the sick leave policy?
? Is sick leave paid?
? How much sick leave am I allowed?
? How many paid sick days are there per year?
~ I've caught the flu. Will I still be paid while I'm off sick?
= You get 10 paid sick days per year, and longer illness is handled case by case with the People
+ team.
= Employees have 10 paid sick days each year; talk to the People team if you need more.
# leave.sick_note | 3 consecutive days
? When do I need a doctor's note?
? Do I need a medical certificate for sick leave?
? How long can I be off sick without a note?
? When is a sick note required?
? Do I have to show proof that I'm ill?
~ I've been off sick since Monday. When does HR need a note from my doctor?
= You only need a doctor's note if you are off sick for more than 3 consecutive days.
= A doctor's note is needed once your sick leave lasts more than 3 consecutive days.
# leave.sick_report | before 10 am
? How do I report that I'm sick?
? Who do I tell when I'm ill?
? What should I do if I'm too sick to work?
? How do I call in sick?
? What's the process for reporting a sick day?
~ Woke up feeling awful. How do I let my manager know I'm sick?
= Tell your manager before 10 am on your first sick day, then log the absence in Peopledesk.
= Message your manager before 10 am on the day you are ill and record the sick day in Peopledesk.
# leave.parental_primary | 20 weeks
? How much parental leave do we get?
? What is the maternity leave policy?
? How long is paid parental leave?
? How much time off do I get when I have a baby?
? Is parental leave fully paid?
~ My partner and I are expecting our first child. As the main carer, how much leave can I take?
= The primary carer gets 20 weeks of fully paid parental leave, which can start up to two weeks
+ before the birth.
= Primary carers receive 20 weeks of parental leave on full pay, starting up to two weeks before
+ the birth.
# leave.parental_secondary | 8 weeks
? How much paternity leave do I get?
? What leave does the secondary carer get?
? How long is partner leave?
? How much leave does the other parent get?
? Do fathers get paid leave?
~ My wife is having a baby soon. As the other parent, how long is my leave?
= The secondary carer gets 8 weeks of fully paid parental leave, to take within the first year.
= Secondary carers receive 8 weeks of parental leave on full pay, which can be taken in blocks
+ during the first year.
# leave.parental_eligibility | 6 months
? When am I eligible for parental leave?
? Do I qualify for parental leave as a new starter?
? How long do I need to work here before parental leave?
? Is there a waiting period for parental leave?
? Who is eligible for parental leave?
~ I joined two months ago. Am I eligible for parental leave yet?
= Fully paid parental leave is available once you have worked at {co} for 6 months; before that,
+ statutory leave applies.
= You qualify for fully paid parental leave after 6 months at {co}, and statutory leave applies
+ before then.
# leave.public_holidays | day off in lieu
? Do we get public holidays off?
? What if I have to work on a public holiday?
? How are bank holidays handled?
? Do I get paid extra for working a public holiday?
? Are public holidays part of my leave?
~ My team needs me to work on the national public holiday. Do I get anything back for it?
= You get your local public holidays off, and if you have to work on one, you get a day off in
+ lieu.
= Public holidays follow your local calendar, and working on one earns you a day off in lieu.
# leave.shutdown | between Christmas and New Year
? Is the office closed over Christmas?
? Do we have a winter shutdown?
? Does {co} close at the end of the year?
? Do I need to book leave for the holidays in December?
? When is the company closed?
~ Will I have to use my own leave days to be off in late December?
= {co} closes between Christmas and New Year, and those days do not come out of your annual leave.
= The whole company shuts down between Christmas and New Year without using any of your leave.
# leave.bereavement | 5 days
? How much bereavement leave do we get?
? What leave is there if a family member dies?
? Is there compassionate leave?
? How much time can I take off for a funeral?
? What is the bereavement policy?
~ I've just lost my grandmother. How much bereavement leave can I take?
= You can take up to 5 days of paid bereavement leave, and your manager can agree more if needed.
= I am sorry for your loss. You can take up to 5 days of paid bereavement leave for a close
+ family member.
# leave.volunteering | 2 volunteering days
? Do we get volunteering days?
? Can I take time off to volunteer?
? Is there paid leave for charity work?
? How many days can I spend volunteering?
? What is the volunteering policy?
~ A local food bank needs helpers. Can I volunteer on work time?
= Everyone gets 2 volunteering days each year to help a charity or community group of their choice.
= You have 2 volunteering days per year, booked in Peopledesk like other leave.
"""

_HOURS = """
# hours.weekly | 37.5 hours
? How many hours a week do I work?
? What are the standard working hours?
? How long is the working week?
? What is a full-time week at {co}?
? How many hours is full time?
~ Just to check my contract: what's a normal working week in hours?
= A full-time week at {co} is 37.5 hours, usually spread over five days.
= Full-time employees work 37.5 hours a week, normally Monday to Friday.
# hours.core | 10 am to 4 pm
? What are the core hours?
? When do I need to be available?
? Can I start work late?
? Do we have flexible hours?
? What hours must I be online?
~ I'd like to do the school run in the morning. Is my start time flexible?
= Our core hours are 10 am to 4 pm; outside those, you can plan your day flexibly.
= You need to be available from 10 am to 4 pm, and the rest of your hours are flexible.
# hours.overtime | time off in lieu
? Do we get paid overtime?
? What happens if I work extra hours?
? Is overtime compensated?
? How is overtime handled?
? Do I get anything for working late?
~ I stayed late three nights this week for a launch. Do I get those extra hours back?
= Extra hours are given back as time off in lieu, to be taken within four weeks.
= Overtime is paid back as time off in lieu, agreed with your manager and taken within four weeks.
# hours.lunch | 1 hour
? How long is the lunch break?
? Do we get a lunch break?
? How much time do I get for lunch?
? Is lunch paid?
? How long can I take for lunch?
~ Can I pop out for a proper lunch in the middle of the day, and for how long?
= You get a lunch break of 1 hour each day, which is not counted in your 37.5 hours.
= Everyone takes a 1 hour lunch break, on top of the 37.5 working hours.
"""

_REVIEWS = """
# reviews.cycle | March and September
? When are performance reviews?
? How often do we have performance reviews?
? What is the review cycle?
? When is my next review?
? How does the appraisal process work?
~ When does my manager do my performance review each year?
= Performance reviews happen twice a year, in March and September, with a self-assessment
+ beforehand.
= We run performance reviews twice a year, in March and September, and you write a
+ short self-assessment first.
# reviews.one_to_one | every two weeks
? How often do I meet my manager?
? How often are one-to-ones?
? Do we have regular check-ins?
? How frequent are 1:1 meetings?
? When do I meet with my manager?
~ How regularly will I have one-to-ones with my manager?
= You have a one-to-one with your manager every two weeks to talk about your work and growth.
= One-to-ones with your manager happen every two weeks, and you set the agenda together.
# reviews.salary | in April
? When are salaries reviewed?
? When do pay rises happen?
? How often is pay reviewed?
? When is the salary review?
? When can I expect a raise?
~ Is there a particular month when salaries go up?
= Salaries are reviewed once a year, and any changes take effect in April.
= Pay is reviewed once a year, with any changes taking effect in April.
# pay.payday | 25th of each month
? When is payday?
? When do we get paid?
? What day is salary paid?
? When does my salary arrive?
? On which date are we paid?
~ Money's tight this month. What date does my salary come in?
= Salaries are paid on the 25th of each month, or the working day before if it falls on a weekend.
= Payday is the 25th of each month, moved to the previous working day when needed.
"""


def hr_facts() -> list[Fact]:
    return [
        *parse_facts(_LEAVE, domain="hr", topic="leave"),
        *parse_facts(_HOURS, domain="hr", topic="hours"),
        *parse_facts(_REVIEWS, domain="hr", topic="reviews"),
    ]
