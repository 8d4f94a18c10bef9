"""Customer support facts: accounts, billing, contact and the company itself
(format: company_world)."""

from __future__ import annotations

from gptship.train.company_world import Fact, parse_facts

_ACCOUNTS = """
# account.signup | tap Sign up
? How do I create a {co} account?
? How can I sign up?
? How do I register for an account?
? What do I need to open an account with you?
? Where do I make a new account?
? How do I get a {co} account?
~ I'm new here. What's the process for getting an account set up?
~ My dad wants to create an account with {co}. What does he have to do?
= To create an account, open the {co} app or website, tap Sign up and enter your email address
+ and a password.
= Open the {co} app or our website, tap Sign up, then enter your email address and choose a
+ password.
# account.min_age | at least 16
? How old do I need to be to have an account?
? Is there a minimum age for a {co} account?
? Can my 14-year-old open an account?
? What is the age limit for signing up?
? Do you have an age requirement for accounts?
~ Are teenagers allowed to sign up, or do you need to be a certain age?
@ the minimum age for an account
= You need to be at least 16 years old to open a {co} account.
= {co} accounts are for people who are at least 16 years old; younger children can use a parent's
+ account.
# account.password | Forgot password
? How do I reset my password?
? I forgot my password. What do I do?
? How can I change my password if I can't log in?
? What are the steps to reset a password?
? I can't remember my password.
? How do I recover my account password?
~ Locked out because my password slipped my mind. How do I get back in?
~ My wife can't sign in because she lost her password. What should she do?
= Tap Forgot password on the sign-in screen, enter your email address, and follow the reset link
+ we send you.
= On the sign-in screen, tap Forgot password and enter your email; we will send you a link to
+ choose a new password.
# account.reset_link | 24 hours
? How long is the password reset link valid?
? When does the reset email link expire?
? How long do I have to use the password reset link?
? Does the reset link expire?
? For how long does the reset link work?
~ I only just saw the reset email from yesterday. Will the link still work?
@ how long the reset link lasts
= The password reset link is valid for 24 hours; after that, tap Forgot password again to get a
+ new one.
= Each password reset link works for 24 hours, so request a new one if yours has expired.
# account.two_factor | Settings, then Security
? How do I turn on two-factor authentication?
? How can I enable 2FA on my account?
? Where do I set up two-step verification?
? Can I add two-factor login to my {co} account?
? How do I make my account more secure?
~ Where can I switch on two-factor login protection for my account?
@ the two-factor authentication settings
= You can turn on two-factor authentication in the {co} app under Settings, then Security.
= Go to Settings, then Security in the {co} app and switch on two-factor authentication.
# account.two_factor_methods | authenticator app or a text message
? What two-factor methods do you support?
? Can I use an authenticator app for 2FA?
? Does two-factor authentication work by text message?
? Which options are there for two-step verification codes?
? How do I receive my two-factor codes?
~ For the second login step, do I have to use text messages, or are there other two-factor options?
= For two-factor authentication you can use an authenticator app or a text message with a
+ six-digit code.
= Your two-factor codes can come from an authenticator app or a text message, whichever you
+ choose during setup.
# account.backup_codes | 10 backup codes
? I lost the phone I use for two-factor. How do I log in?
? What if I can't get my 2FA code?
? How do I sign in without my authenticator app?
? What are backup codes for?
? My two-factor device is broken. What now?
~ My authenticator app got wiped when I reset my phone. How do I sign in now?
= When you set up two-factor authentication you get 10 backup codes; each one lets you sign in
+ once without your phone.
= Use one of the 10 backup codes you saved when you turned on two-factor authentication, then set
+ up your new phone.
# account.close | Close account
? How do I close my account?
? How can I delete my {co} account?
? I want to cancel my account. How?
? What are the steps to remove my account?
? Can I delete my profile?
~ I've decided to stop using {co}. How do I delete my account for good?
= To close your account, go to Settings, then Account, and tap Close account at the bottom of the
+ page.
= Go to Settings, then Account in the app and choose Close account; we will ask you to confirm by
+ email.
# account.deletion | 14 days
? How long until my data is deleted after closing my account?
? When is my personal data removed?
? What happens to my data when I close my account?
? Do you keep my information after I delete my account?
? How quickly do you erase my details?
~ Once my account is closed, how soon is my personal data wiped?
= After you close your account, we delete your personal data within 14 days, apart from invoices
+ we must keep by law.
= Your personal data is deleted within 14 days of closing your account; we only keep invoices the
+ law requires.
# account.email | Settings, then Profile
? How do I change the email on my account?
? Can I update my email address?
? Where do I change my login email?
? How can I switch my account to a new email?
? I have a new email address. How do I update it?
~ I'm moving away from my old inbox. How do I switch my account to a different email address?
= You can change your email address under Settings, then Profile; we send a confirmation link to
+ the new address.
= Go to Settings, then Profile and edit your email address, then confirm it with the link we send
+ you.
"""

_BILLING = """
# billing.methods | Visa, Mastercard, PayPal and Apple Pay
? What payment methods do you accept?
? How can I pay for my order?
? Do you take PayPal?
? Can I pay with a credit card?
? Which cards do you accept?
? What are my options for paying?
~ Is it possible to check out with Apple Pay, or only cards?
~ My brother doesn't have a credit card. How else could he pay?
@ the accepted payment methods
= We accept Visa, Mastercard, PayPal and Apple Pay for all orders and {co} Plus subscriptions.
= You can pay with Visa, Mastercard, PayPal and Apple Pay at checkout and for {co} Plus.
# billing.plus_monthly | $5 a month
? How much is {co} Plus?
? What does {co} Plus cost per month?
? What's the monthly price of Plus?
? How much do I pay for Plus each month?
? Is {co} Plus expensive?
~ Thinking about subscribing to Plus. What would I be charged monthly?
@ the monthly price of {co} Plus
= {co} Plus costs $5 a month, or $48 a year if you pay annually.
= The monthly price of {co} Plus is $5 a month, and you can cancel at any time.
# billing.plus_annual | $48 a year
? How much is the annual {co} Plus plan?
? What does Plus cost per year?
? Is there a yearly price for {co} Plus?
? How much is Plus if I pay for a whole year?
? What's the annual plan price?
~ Would it be cheaper to pay for Plus once a year? How much is that?
@ the yearly price of {co} Plus
= The annual {co} Plus plan costs $48 a year, which works out cheaper than paying monthly.
= If you pay yearly, {co} Plus is $48 a year instead of $5 a month.
# billing.plus_perks | free express shipping and a 3-year warranty
? What do I get with {co} Plus?
? What are the benefits of Plus?
? Why should I sign up for {co} Plus?
? What does the Plus subscription include?
? What perks come with Plus?
~ Is Plus actually worth it? What benefits would I get?
= {co} Plus gives you free express shipping and a 3-year warranty on every product you buy as a
+ member.
= With Plus you get free express shipping and a 3-year warranty on everything you order.
# billing.day | 1st of each month
? When will I be billed for Plus?
? What day do you charge my card for the subscription?
? When does the monthly payment come out?
? On which date is Plus billed?
? When do you take the monthly fee?
~ Which day of the month should I expect the Plus charge on my statement?
= Monthly {co} Plus subscriptions are billed on the 1st of each month, and the invoice is emailed
+ the same day.
= We charge Plus on the 1st of each month and email your invoice on the same day.
# billing.refund_time | 5 business days
? How long does a refund take?
? When will I get my money back?
? How soon do refunds reach my card?
? How long until a refund shows up on my statement?
? When will my refund arrive?
~ You said my refund was approved. When will the money actually land in my account?
= Once a refund is issued, it reaches your original payment method within 5 business days.
= Refunds go back to the card or account you paid with and arrive within 5 business days.
# billing.invoice | Download invoice
? Where can I find my invoice?
? How do I get a receipt for my order?
? Can I download an invoice?
? I need a VAT invoice for my purchase.
? Where are my receipts?
~ My accountant needs an invoice for what I paid. Where do I download it?
= Open the Orders page in your account, pick the order and tap Download invoice to get a PDF copy.
= You can get any invoice from the Orders page: choose the order and tap Download invoice.
# billing.failed | after 3 days
? What happens if my payment fails?
? My card was declined for Plus. What now?
? Do you retry a failed payment?
? What if my subscription payment doesn't go through?
? My Plus payment bounced. Will I lose my membership?
~ My card expired and the Plus payment failed. Is my subscription cancelled straight away?
= If a payment fails, we email you and try the card again after 3 days; Plus stays active while
+ you update your card.
= We retry a failed payment after 3 days and send you an email, so you have time to update your
+ card.
# billing.cancel_plus | end of your billing period
? How do I cancel {co} Plus?
? Can I stop my Plus subscription?
? What happens when I cancel Plus?
? Will I get a refund if I cancel Plus?
? How do I unsubscribe from Plus?
~ If I cancel my Plus subscription today, do I lose the benefits right away?
= You can cancel Plus at any time under Settings, then Subscription, and it stays active until
+ the end of your billing period.
= Cancel Plus under Settings, then Subscription; your benefits last until the end of your billing
+ period.
# billing.gift_cards | never expire
? Do {co} gift cards expire?
? How long is a gift card valid?
? Is there an expiry date on gift cards?
? Can I still use an old gift card?
? When do gift cards run out?
~ I found a {co} gift card from three years ago in a drawer. Is it still any good?
= {co} gift cards never expire, and you can use them on any product in our shop.
= Our gift cards never expire, so you can spend the balance on any product whenever you like.
"""

_CONTACT = """
# contact.hours | 8 am to 8 pm Eastern Time
? What are your customer service hours?
? When is support open?
? What time can I reach you?
? When can I talk to someone?
? What are your opening hours?
~ If I call at seven in the evening, is support still open?
@ the support opening hours
= Our support team is available from 8 am to 8 pm Eastern Time, Monday to Saturday.
= You can reach us from 8 am to 8 pm Eastern Time, Monday to Saturday, by chat or phone.
# contact.days | Monday to Saturday
? Which days is customer support open?
? Are you open on weekends?
? Can I contact support on Sunday?
? What days can I reach you?
? Is support open on Saturdays?
~ Is anyone from customer support around on a Sunday?
= Support is open Monday to Saturday and closed on Sundays and public holidays.
= We answer chats and calls Monday to Saturday; on Sundays you can leave a message through the
+ contact form.
# contact.channels | live chat, phone and the contact form
? How can I contact you?
? What's the best way to reach customer support?
? Do you have live chat?
? How do I get in touch with {co}?
? What support channels do you have?
~ Is there any way to reach a real person in customer support?
= You can reach us by live chat, phone and the contact form, all linked from the Help page in our
+ app and website.
= We offer live chat, phone and the contact form; the Help page in the app links to all three.
# contact.phone | 1-800-555-0142
? What is your phone number?
? How do I call customer support?
? Can I phone you?
? What number do I call for help?
? Do you have a support hotline?
~ I'd rather speak to someone than type. What number should I dial?
= You can call our support team on 1-800-555-0142 from 8 am to 8 pm Eastern Time, Monday to
+ Saturday.
= Our support line is 1-800-555-0142, and it is open Monday to Saturday.
# contact.form_reply | 1 business day
? How long does it take to get a reply to the contact form?
? When will you answer my message?
? How quickly do you respond to emails?
? I sent a message through the form. When will I hear back?
? What's your response time?
~ I filled in your contact form this morning. When should I expect a reply?
= We reply to messages from the contact form within 1 business day.
= Every message sent through the contact form gets a reply within 1 business day, usually much
+ sooner.
"""

_COMPANY = """
# company.founded | 2016
? When was {co} founded?
? How old is {co}?
? What year did {co} start?
? How long has {co} been around?
? When did {co} begin?
~ Is {co} a new company, or how long have you been around?
= {co} was founded in 2016 in the harbour town of Pellworth.
= We started {co} in 2016 in Pellworth, and we have been making gadgets ever since.
# company.hq | Pellworth
? Where is {co} based?
? Where are your headquarters?
? Where is {co} located?
? Which town is {co} from?
? Where is your head office?
~ Out of curiosity, where are you folks based?
= {co} is based in Pellworth, a harbour town where we design and test all of our products.
= Our headquarters are in Pellworth, where our design team and first workshop are.
# company.what | home and desk
? What does {co} make?
? What kind of company is {co}?
? What is {co} known for?
? What is {co}?
? What sort of products do you make?
~ Never heard of {co} before. What do you make?
= {co} designs small, well-made gadgets for the home and desk, from lamps and kettles to speakers
+ and chargers.
= We make small, well-made gadgets for the home and desk, like the Lumo Desk Lamp and the Pebble
+ Speaker.
# company.catalogue | eight products
? How many products do you sell?
? What products are in your range?
? Can you list your products?
? What's in the {co} catalogue?
? Which gadgets can I buy from you?
~ Give me a list of all the products you currently sell.
= We sell eight products: the Lumo lamp, Brewlet kettle, Pebble speaker, Fernlight sensor,
+ Driftclock,
+ Hopper charger, Nook purifier and Orbit light.
= Our range has eight products: the Lumo lamp, Brewlet kettle, Pebble speaker, Fernlight sensor,
+ Driftclock, Hopper charger, Nook purifier and Orbit light.
"""


def support_facts() -> list[Fact]:
    return [
        *parse_facts(_ACCOUNTS, domain="support", topic="accounts"),
        *parse_facts(_BILLING, domain="support", topic="billing"),
        *parse_facts(_CONTACT, domain="support", topic="contact"),
        *parse_facts(_COMPANY, domain="support", topic="company"),
    ]
