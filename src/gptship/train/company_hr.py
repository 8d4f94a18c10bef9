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
? How many days of PTO do I get a year?
? annual leave allowance?
? holiday entitlement per year
? I'm a new hire, how much vacation time comes with the job?
? My colleague asked how many days off we get each year, do you know?
? What's the yearly PTO allowance at {co}?
? I was wondering how many paid days off full-time staff get annually
? Do we get more than 20 days of paid holiday a year?
? How much time off is in my contract each year?
? how many days off a year do i get
? Tell me how many holiday days full-time staff are given.
? I need to know my total vacation days for the year.
? Is the PTO allowance at {co} generous? How many days is it?
? My boss asked me to check our yearly leave entitlement. What is it?
? What's the number of annual leave days in a calendar year?
? Explain how much paid time off I'm entitled to per year.
? number of vacation days per year at {co}
? Could you remind me how many annual leave days everyone receives?
? My dad wants to know how much holiday a job at {co} comes with.
? how much pto do full time employees get
? Does annual leave include bank holidays, or are those extra days on top?
? Just signed with {co}. What's my yearly holiday count?
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
? How many holiday days can I take into next year?
? unused PTO rollover limit?
? I still have 10 days of leave left in November. Will I lose them?
? Do leftover vacation days disappear at the end of the year?
? Is there a cap on carrying leave forward?
? My teammate hasn't used all her holiday this year; can she keep some for January?
? What's the rule on rolling over annual leave?
? holiday carry forward
? Can I transfer leftover PTO into January?
? What's the maximum number of days that roll forward?
? how many unused days carry into the new year
? Will my unused annual leave be lost on 31 December?
? I have 12 days of PTO left. How many can I keep for next year?
? Tell me the rule for moving unused vacation days to the following year.
? Is it possible to bank holiday days for next year?
? By what date do extra leftover leave days expire?
? my line manager says i will lose some days off, how many can roll over
? Explain what happens to untaken PTO at year end.
? Can my colleague keep her spare vacation days for the new year?
? Is there a limit on rolled over days off?
? Am I allowed to bring holiday days forward into the next calendar year?
? leftover days off at year end, what's the limit?
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
? Where do I put in a holiday request?
? time off request tool?
? booking PTO - which system?
? I want to take next Friday off, how do I request it?
? How does my new hire submit a vacation request?
? Which app do we use for booking holidays?
? Is there a form for days off, or do I just email my manager?
? Who approves my holiday request, and where?
? Where do I go to log a vacation request?
? Walk me through booking a day off.
? What do I click to request PTO?
? Which tool do I use to submit annual leave?
? how do i put in for time off
? I need to book two weeks of holiday in August. What's the process?
? Do I request holidays by emailing HR or through a system?
? What are the steps to get a vacation approved?
? Tell me where to apply for days off.
? My colleague doesn't know how to request leave. Where should she do it?
? Is Peopledesk where I log my holiday?
? Can I book days off in the HR app?
? Explain the procedure for requesting PTO.
? where do i submit a holiday booking
~ I want to take a week off in August. Where do I request the leave?
= You request annual leave in Peopledesk, and your manager approves it there.
= Book time off in Peopledesk; your manager gets a notification and approves the request.
# leave.notice | 2 weeks
? How far in advance should I request leave?
? How much notice do I need to give for holidays?
? How early do I have to book time off?
? What is the notice period for annual leave?
? Can I book a holiday at short notice?
? How much notice for a leave request?
? How far ahead do I need to put in for vacation?
? Can I request a day off for tomorrow?
? holiday request notice period
? I'm planning a week off next month, how soon should I ask?
? What's the minimum lead time for booking PTO?
? Is a week's notice enough for a holiday request?
? How many weeks before my holiday do I need to request it?
? How soon before a trip must I submit my holiday request?
? What's the required lead time for annual leave?
? how much advance notice for pto
? I want a day off next Wednesday. Is that too short notice?
? Tell me how far ahead a vacation has to be booked.
? By when should I request time off for a trip in three weeks?
? What advance warning does my manager need for a holiday?
? Is it okay to ask for time off only a few days before?
? How many days ahead must leave be requested?
? What's the notice rule when I want vacation days?
? Can a last-minute holiday request still be approved?
? My boss asked how much warning we should give before taking leave.
? Explain the rules on advance notice for days off.
? leave request lead time
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
? sick leave allowance?
? Do I still get paid when I'm off ill?
? What's the yearly limit on paid sick leave?
? How many days can I be off sick and still be paid?
? My coworker has been ill a lot this year, how many sick days do we get in total?
? sick pay entitlement
? Is there a cap on paid sickness absence?
? What happens if I run out of paid sick days?
? How many days of paid sickness leave are there in a year?
? how many paid sick days per year
? I've been off ill six times this year. How many paid sick days do I have in total?
? Tell me how much paid sick time employees get annually.
? What's the annual allowance of paid sick leave?
? Do sick days come out of my holiday allowance, and how many are paid?
? Am I paid if I'm off ill for a day?
? Explain the paid sick leave entitlement.
? My colleague has a long illness. What happens after the paid sick days run out?
? number of paid sick days at {co}
? Is there a yearly maximum for sick pay days?
? How much sick time is paid in full each year?
? What's the limit on paid days off due to illness?
? Can I take paid time off when I'm unwell, and how many days?
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
? doctor's note needed?
? fit note rules
? Off with a cold for two days - does a GP need to sign anything?
? After how many days off sick do I need medical proof?
? Does a one-day illness need a doctor's certificate?
? My colleague is off for a week with flu, does she have to send a medical note?
? Is a GP letter required for a short sickness?
? When does HR want a medical certificate?
? When must I get a GP to confirm my illness?
? how many days sick before i need a doctors note
? Tell me when a medical certificate is required.
? I've been off sick three days in a row. Do I need a note yet?
? Is a fit note needed for a two-day illness?
? Explain the rule on medical evidence for sick leave.
? When do I have to get a doctor to sign me off?
? After how many consecutive sick days is a certificate required?
? My dad asked whether a sick note is needed for a four-day absence.
? Does a short sickness absence require any proof?
? medical certificate rule for sick leave
? What's the threshold for needing a doctor's note?
? Do I need a GP note if I was ill Monday to Thursday?
? Is a note from the doctor required for every sick day?
~ I've been off sick since Monday. When does HR need a note from my doctor?
= You only need a doctor's note if you are off sick for more than 3 consecutive days.
= A doctor's note is needed once your sick leave lasts more than 3 consecutive days.
# leave.sick_report | before 10 am
? How do I report that I'm sick?
? Who do I tell when I'm ill?
? What should I do if I'm too sick to work?
? How do I call in sick?
? What's the process for reporting a sick day?
? calling in sick process
? I woke up with a fever, who do I let know and by when?
? What's the deadline for telling my manager I'm ill?
? By what time do I have to report a sick day?
? How should my colleague let us know she's off sick today?
? Who needs to know when I'm off ill, and how?
? sick day reporting
? What do I do on a morning when I'm too ill to come in?
? Who do I contact first when I'm unwell and can't work?
? ill today, who gets told and where do i log it
? Tell me the steps for reporting a sick day.
? I'm feeling unwell this morning. What should I do?
? By when must my line manager hear that I'm ill?
? Where do I log a sick day after telling my manager?
? Explain the procedure for calling in sick.
? What time is the cut-off for reporting an illness?
? My colleague has a migraine today. How does she let the team know?
? Do I need to record my sick day in Peopledesk?
? Should I tell my team lead or HR when I'm off sick?
? how to report illness
? Walk me through what to do on the first day of being ill.
? What are the first steps when I'm too unwell to come in?
~ Woke up feeling awful. How do I let my manager know I'm sick?
= Tell your manager before 10 am on your first sick day, then log the absence in Peopledesk.
= Message your manager before 10 am on the day you are ill and record the sick day in Peopledesk.
# leave.parental_primary | 20 weeks
? How much parental leave do we get?
? What is the maternity leave policy?
? How long is paid parental leave?
? How much time off do I get when I have a baby?
? Is parental leave fully paid?
? maternity leave length?
? I'm pregnant, how long can I take off?
? How many weeks of leave does the primary carer get?
? How long is maternity leave at {co}?
? My wife works here and is due in May, how much leave will she get?
? How early before the due date can my maternity leave start?
? primary caregiver leave
? How much leave do I get as the main carer for a new baby?
? How many weeks of maternity leave are there?
? how long is maternity leave
? Tell me about paid leave for the birth mother.
? We're adopting and I'll stay home with the child. What leave do I get as main carer?
? Is maternity pay full salary, and for how long?
? What's the length of leave for a primary carer?
? Explain the maternity leave entitlement.
? When can maternity leave begin before the birth?
? How many weeks off on full pay for the main caregiver?
? My colleague is expecting her first child. How long can she be off?
? Can I start maternity leave before my due date?
? maternity leave weeks at {co}
? I'm having a baby in the autumn. How long am I paid to stay at home?
? What's the primary carer leave length?
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
? paternity leave length?
? My partner is having a baby, how much time off do I get?
? How many weeks of leave do new dads get?
? Can the non-birth parent take paid leave?
? secondary caregiver leave
? Can I split my paternity leave into blocks?
? Is paternity leave on full pay?
? By when must I use my partner leave?
? How many weeks of paid leave for a new father?
? how long is paternity leave
? Tell me about leave for the partner of someone giving birth.
? My wife is due next month. How much paternity leave will I get?
? Is partner leave fully paid?
? What's the length of leave for a secondary carer?
? Explain the paternity leave entitlement.
? Can I take partner leave in chunks during the first year?
? How long does a non-birth parent get off?
? My colleague's wife just had a baby. How long can he take off?
? Within what time must paternity leave be used?
? paternity leave weeks at {co}
? I'm becoming a dad. How much paid leave do I get?
? How many weeks does the second parent get on full pay?
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
? parental leave eligibility
? How long do I have to be employed to get fully paid parental leave?
? Can new employees take paid parental leave right away?
? My new hire is expecting a baby, is she covered by the parental leave policy yet?
? Is there a minimum length of service for parental leave?
? What parental leave applies before I've been here six months?
? When do I qualify for {co}'s enhanced parental pay?
? Does full parental pay depend on how long I've worked here?
? How long until I qualify for fully paid parental leave?
? how many months before parental leave eligibility
? Tell me the service requirement for paid parental leave.
? I joined three months ago and I'm expecting. Do I get full parental pay?
? What applies if I have a baby before six months of service?
? Explain who qualifies for enhanced parental leave.
? Am I eligible for full parental pay as a new joiner?
? Is statutory leave all I get if I'm new?
? My colleague started in January. When does she become eligible for parental leave?
? What's the qualifying period for parental leave at {co}?
? parental leave waiting period
? How long must I be employed to get enhanced maternity pay?
? Do I need to have worked here a certain time to get paid parental leave?
? When does full parental pay eligibility start?
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
? bank holiday off?
? Are national holidays days off for us?
? I'm on call over a bank holiday, do I get that day back?
? What do I get for working on a public holiday?
? Which public holidays do we follow, local or head office ones?
? My colleague has to work the bank holiday Monday, does she get compensated?
? Do I get a day back if I work on a public holiday?
? public holidays policy
? Do we get bank holidays off on top of annual leave?
? how do public holidays work
? Tell me the policy for working on a national holiday.
? I have to work on a bank holiday. What do I get?
? Is there time off in lieu for working a public holiday?
? Which calendar do our public holidays follow?
? Explain what happens if I'm scheduled on a public holiday.
? Do public holidays follow my country's calendar?
? My colleague in another country has different bank holidays. Which does she follow?
? Do I get a replacement day for working on a bank holiday?
? public holiday rules at {co}
? Are bank holidays paid days off?
? Is there compensation for working Christmas Day or other public holidays?
? Can I take another day off if I work a national holiday?
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
? Christmas closure dates?
? Are we closed over the festive period?
? Is the Christmas-to-New-Year week taken from my holiday allowance?
? Does the company shut down at the end of December?
? My new hire wants to know if we work the week after Christmas.
? end of year office closure
? Does everyone get the Christmas week off?
? Will the Christmas break come out of my annual leave?
? Is {co} closed during the festive break?
? is the office shut between christmas and new year
? Tell me about the end-of-year shutdown.
? Do I need to use holiday days for the week after Christmas?
? Does the Christmas closure use up my annual leave?
? Explain the company closure at the end of December.
? Does {co} shut its offices over the holidays?
? My colleague asked whether the office closes at the end of the year.
? Do we work between Christmas and New Year?
? winter closure dates
? Is the whole company off for the festive week?
? Are the days between Christmas and New Year free?
? I'm planning my December. Does the company close for the holidays?
? When does {co} close for winter?
~ Will I have to use my own leave days to be off in late December?
= {co} closes between Christmas and New Year, and those days do not come out of your annual leave.
= The whole company shuts down between Christmas and New Year without using any of your leave.
# leave.bereavement | 5 days
? How much bereavement leave do we get?
? What leave is there if a family member dies?
? Is there compassionate leave?
? How much time can I take off for a funeral?
? What is the bereavement policy?
? bereavement days allowed?
? My grandmother passed away, how many days can I take off?
? How long is compassionate leave?
? Is there paid leave when someone close to me dies?
? My colleague's father died, how much time off can he have?
? How many days off for a death in the family?
? Can I get time off to grieve and arrange a funeral?
? funeral leave policy
? How many days off do I get if a relative dies?
? how much compassionate leave do we get
? Tell me the bereavement leave allowance.
? My uncle passed away. How much time can I take?
? Is bereavement leave paid, and for how many days?
? Explain the policy when a close family member dies.
? Can I get extra days if I need more time after a death?
? How many days can I take off after losing a parent?
? My colleague's mother died. How much leave can she take?
? paid bereavement days
? Can my manager give more bereavement leave if needed?
? What time off do we get for a family funeral?
? Someone in my family has died. What leave am I entitled to?
? How long can I be off after a death in my family?
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
? volunteer days?
? How many charity days do we get a year?
? I help at a food bank, can I do that on work time?
? Does {co} give paid time off for community work?
? How do I book a volunteering day?
? My team wants to spend a day at a beach clean-up, is that paid?
? Is volunteering leave paid?
? volunteer leave allowance
? How many volunteering days do employees get each year?
? how many days for charity work
? Tell me about paid time off for volunteering.
? I'd like to help at a local shelter. Can I do it on paid time?
? Can I spend a work day volunteering for a charity?
? Explain the volunteering leave policy.
? Do we get time off to help in the community?
? How do I request a day off to volunteer?
? My colleague wants to volunteer at a school. Does {co} give paid days for it?
? volunteering allowance per year
? Can I choose which charity I volunteer for?
? Is there paid leave for community service?
? Where do I book a day of charity work?
? How many paid days a year can I give to a good cause?
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
? weekly hours?
? How many hours per week is a full-time contract?
? What are my contracted hours?
? I'm starting full time next month, how many hours will I work each week?
? Is a full-time week 40 hours?
? How many hours do full-timers work a week?
? working week length
? What's the normal weekly working time?
? How many hours is a full-time week?
? how many hours do i work per week
? Tell me the standard weekly hours for full-time staff.
? I'm joining full time. How many hours a week is that?
? What's the full-time weekly hour count at {co}?
? Explain how many hours are in a full working week.
? How many days is the working week spread over?
? Do full-time staff work 40 hours a week?
? My colleague asked how many hours full-time means here.
? full-time hours per week
? How many hours are in my weekly contract?
? Is the working week 37.5 hours?
? What are full-time hours at {co}?
? How long do full-timers work each week?
~ Just to check my contract: what's a normal working week in hours?
= A full-time week at {co} is 37.5 hours, usually spread over five days.
= Full-time employees work 37.5 hours a week, normally Monday to Friday.
# hours.core | 10 am to 4 pm
? What are the core hours?
? When do I need to be available?
? Can I start work late?
? Do we have flexible hours?
? What hours must I be online?
? core hours?
? flexitime rules
? Can I start at 7 and finish early?
? What hours do I have to be working each day?
? During which hours must I be reachable?
? Is there a time range when everyone has to be working?
? My new hire prefers to work late evenings, is that okay?
? Can I choose when my working day starts and ends?
? What time do I have to be online each day?
? what are core hours at {co}
? Tell me which hours I must be available.
? I want to start at 7 am. Is that allowed, and when do I need to be around?
? Can I plan my working day flexibly?
? Explain the core hours rule.
? Between what times must everyone be reachable?
? Do I have to be working at 10 am?
? My colleague likes to finish at 3 pm. Is that allowed?
? core working hours
? What hours of the day must I be available for meetings?
? Is there flexible start and finish time?
? Can I work early mornings and leave at 2?
? What times are fixed in the working day?
~ I'd like to do the school run in the morning. Is my start time flexible?
= Our core hours are 10 am to 4 pm; outside those, you can plan your day flexibly.
= You need to be available from 10 am to 4 pm, and the rest of your hours are flexible.
# hours.overtime | time off in lieu
? Do we get paid overtime?
? What happens if I work extra hours?
? Is overtime compensated?
? How is overtime handled?
? Do I get anything for working late?
? overtime policy?
? I worked 5 extra hours this week, do I get them back?
? Is overtime paid in cash or time off?
? What do I get for staying late to hit a deadline?
? Do extra hours turn into time off?
? TOIL?
? How long do I have to use overtime hours?
? My colleague worked all weekend for a launch, how is that compensated?
? What do I get back for extra hours worked?
? how does overtime work here
? Tell me how overtime is compensated.
? I worked late three evenings this week. Do I get anything back?
? Is extra time paid as money or as time off?
? Explain the time off in lieu policy.
? How soon must I take my time off in lieu?
? Do I get paid for overtime hours?
? My colleague worked on Saturday for a release. How is she compensated?
? overtime compensation
? By when do I need to use my toil hours?
? Can I take time back after a long week?
? What's the deadline for taking time off in lieu?
? Who agrees my time off in lieu?
~ I stayed late three nights this week for a launch. Do I get those extra hours back?
= Extra hours are given back as time off in lieu, to be taken within four weeks.
= Overtime is paid back as time off in lieu, agreed with your manager and taken within four weeks.
# hours.lunch | 1 hour
? How long is the lunch break?
? Do we get a lunch break?
? How much time do I get for lunch?
? Is lunch paid?
? How long can I take for lunch?
? lunch break length?
? Are we allowed an hour for lunch?
? Does my lunch break count towards working hours?
? How long can we break for lunch each day?
? I usually eat at my desk, how long is the official break?
? Is lunch included in the 37.5 hours?
? Can I take a longer lunch than 30 minutes?
? midday break
? How long is our lunch break each day?
? how long is lunch
? Tell me how much time we get for lunch.
? Is the lunch hour paid?
? Does lunch count toward my 37.5 hours?
? Explain the lunch break policy.
? Can I take an hour for lunch?
? How many minutes is the midday break?
? My colleague skips lunch. How long is the break meant to be?
? lunch break duration
? Is the lunch break included in my working hours?
? How much time off do we get at midday?
? Do we get a full hour to eat?
? What is the length of a lunch break at {co}?
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
? performance review dates?
? When is appraisal season?
? How many performance reviews a year?
? Do I need to write a self-assessment before my review?
? My new hire asked when her first performance review will be.
? Which months are reviews held in?
? How does performance evaluation work here?
? appraisal timing
? In which months are performance reviews held?
? how often are performance reviews
? Tell me when appraisals happen.
? I joined in January. When will my first performance review be?
? Are reviews once or twice a year?
? Explain the performance review process.
? Do I write a self-assessment before each review?
? What months is appraisal season?
? My colleague asked how often performance is evaluated.
? performance review schedule
? Is there a review in March?
? How many times a year do we have appraisals?
? When is the next round of performance reviews?
? What's the performance review timeline at {co}?
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
? 1:1 frequency?
? How often do I catch up with my manager?
? How regularly do we have one-on-ones?
? Are there regular meetings with my line manager?
? Who sets the agenda for my 1:1s?
? My manager hasn't booked a catch-up with me yet, how often should we meet?
? How many check-ins a month with my boss?
? one-on-one cadence
? What's the cadence for catch-ups with my line manager?
? how often do i meet my boss
? Tell me how often one-to-ones happen.
? I haven't had a catch-up with my line manager in a while. How often should we meet?
? Are one-to-ones weekly or fortnightly?
? Explain the one-to-one process.
? What do we talk about in a one-to-one?
? How regularly should I meet my team lead?
? My colleague has a 1:1 every two weeks. Is that normal?
? one-to-one frequency
? How often are check-ins with my boss?
? Who sets the agenda for one-to-ones?
? Do I have a fortnightly meeting with my manager?
? How many times a month do I meet my line manager?
~ How regularly will I have one-to-ones with my manager?
= You have a one-to-one with your manager every two weeks to talk about your work and growth.
= One-to-ones with your manager happen every two weeks, and you set the agenda together.
# reviews.salary | in April
? When are salaries reviewed?
? When do pay rises happen?
? How often is pay reviewed?
? When is the salary review?
? When can I expect a raise?
? pay rise timing?
? When does my raise take effect?
? How often do we get a salary increase?
? When will my new salary start?
? Is there an annual pay review?
? My colleague was promised a raise, when would it take effect?
? When does the yearly pay review happen?
? salary review month
? When is my salary reviewed?
? when do raises happen
? Tell me when pay is reviewed.
? I got a raise. When will it take effect?
? How often is salary reviewed at {co}?
? Explain the salary review process.
? In what month do pay changes take effect?
? Is the salary review once a year?
? My colleague asked when salary increases start.
? salary review timing
? Do pay rises start in April?
? When do salary changes kick in?
? How often can I get a pay increase?
? What month are salaries adjusted?
~ Is there a particular month when salaries go up?
= Salaries are reviewed once a year, and any changes take effect in April.
= Pay is reviewed once a year, with any changes taking effect in April.
# pay.payday | 25th of each month
? When is payday?
? When do we get paid?
? What day is salary paid?
? When does my salary arrive?
? On which date are we paid?
? payday date?
? What date does salary hit my account?
? When is pay day this month?
? What if payday lands on a weekend?
? I just started, when will I get my first paycheque?
? How often are we paid?
? When do wages go out?
? salary date
? On what day of the month are we paid?
? when is pay day
? Tell me when salaries are paid.
? I'm new. When will my first salary arrive?
? What happens if payday falls on a Saturday?
? Explain when we get paid each month.
? Is salary paid on the 25th?
? What date do wages arrive in my account?
? My colleague asked when payday is this month.
? salary payment date
? Are we paid monthly?
? When does my paycheque come in?
? What day do I get my pay?
? Is payday moved if it falls on a weekend?
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
