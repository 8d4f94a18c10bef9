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
? new {co} account - how do I make one?
? My mum wants to join {co}. How does she create an account?
? I'm new here. How do I get registered?
? Where's the sign-up button?
? Can you walk me through opening an account?
? I've never used {co} before. How do I set up a login?
? Can I register on the website instead of the app?
? What's the process for joining {co}?
? Steps to make an account on the app?
? walk me through registration
? I just bought a gadget from you and want a login. How do I start?
? Is there a registration page? Where is it?
? What do I click to create a profile?
? how to register
? Tell me how to set up a new {co} account.
? My grandad would like his own account. Where does he begin?
? I need to know how account creation works.
? Do I need an email address to join?
? sign up procedure please
? Explain how a new customer gets an account.
? Can you help me make a login for the {co} website?
? I'd like to become a {co} customer. Where do I enrol?
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
? minimum age to sign up?
? My daughter is 13. Is she allowed her own {co} account?
? How young is too young for an account?
? Are teenagers allowed to register?
? age requirement for {co} accounts
? I'm 15, am I old enough to sign up?
? Does my son have to be 18 to register?
? What age must you be to join {co}?
? Are under-16s allowed accounts?
? how old to register
? Can kids have their own {co} login?
? Is a 12-year-old permitted to sign up?
? My nephew turns 16 next month. Can he make an account now?
? Tell me the youngest age allowed for an account.
? Is there an age restriction on registering?
? What's the lowest age for creating a profile?
? Can children sign up by themselves?
? I'm a parent. At what age can my child get an account?
? age limit accounts
? Are there any rules about how old account holders must be?
? Explain your policy on young users and accounts.
? Is it possible for a teen to open an account without me?
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
? forgot password help
? I'm locked out because I can't recall my password. Help?
? My husband forgot his {co} password. How does he get back in?
? Where's the forgotten password option?
? password reset steps?
? I keep typing the wrong password and don't remember the right one. What now?
? How do I set a new password when I've forgotten the old one?
? What do I click if I forgot my password?
? how do i change a forgotten password
? Walk me through getting a new password.
? Password lost. Steps to get back into my account?
? I can't sign in because my password is wrong. How do I fix it?
? Is there a way to recover a forgotten login password?
? Explain the password recovery process.
? A friend has lost track of her {co} password. Which option does she use?
? Where do I go to make a new password?
? forgot my login password what now
? I need to know how to reset the password for my account.
? Can you send me a new password?
? My password isn't accepted and I can't recall it. What do I do?
? procedure for a lost password?
? The app keeps saying incorrect password and I've forgotten it. Help me reset it.
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
? reset link expiry?
? Is there a time limit on the password reset email?
? How many hours is the reset link good for?
? My reset link says expired. How long do they last?
? Does the forgot-password link stop working after a while?
? password reset link validity
? My colleague got a reset link yesterday morning. Can she still use it today?
? How many hours before the reset email stops working?
? Is the reset link good for a whole day?
? reset link time limit
? What's the validity period of a password reset link?
? Tell me when the password reset email expires.
? I only opened the password email two days after. Is it expired now?
? how long until the reset link runs out
? Does the password link expire after an hour?
? By when must I click the reset link?
? How soon do I need to use the reset email?
? Can I use a reset link from last week?
? The reset link didn't work this morning; I got it yesterday. Is it too old?
? What's the lifetime of the forgot-password link?
? My mum got a reset email on Monday. Can she still use it on Wednesday?
? how long does a password reset email stay valid
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
? where to enable 2FA?
? turn on two-step login
? I want an extra code when I sign in. Where do I switch that on?
? How do I activate two-factor on my {co} account?
? Which menu has the two-factor authentication option?
? My dad wants 2FA on his account. Where does he set it up?
? Where in the app can I protect my login with a second step?
? Where is the 2FA setting in the app?
? What do I click to switch on two-factor?
? Steps to enable two-step verification?
? how do i turn on 2fa
? Walk me through setting up two-factor authentication.
? Is it possible to add a login code to my account?
? I'd like a second layer of security on my login. Where do I begin?
? Which settings page has two-factor?
? Tell me where to activate 2-step login.
? My boss told us all to use 2FA. How do I set it up on {co}?
? two-factor setup where
? Can I protect my {co} account with a one-time code? Where?
? Explain how to enable two-step authentication.
? Is there a security section where I switch on 2FA?
? How can I secure my account with two-factor login?
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
? 2FA options?
? Can I get my login codes by SMS?
? Is an authenticator app the only choice for 2FA?
? Which ways can I receive a two-step verification code?
? I don't have an app for codes. Can you text them to me instead?
? Is Google Authenticator supported for two-factor?
? What kinds of second factor can I choose from?
? What ways are there to get 2FA codes?
? Do you support SMS for two-factor?
? Can I use Authy or a similar app for two-step login?
? Text or app for 2FA - which do you offer?
? two-factor code options
? Must I install an app for two-factor, or can codes come by text?
? Tell me which 2FA methods {co} supports.
? What are the choices for receiving a second-factor code?
? Can two-step codes be sent to my phone number?
? Is SMS two-factor available?
? My dad doesn't have a smartphone app. Can he still do 2FA?
? how do the two-factor codes get to me
? Which verification methods can I pick for 2FA?
? Are authenticator apps and texts both allowed for two-factor?
? What kind of 2FA do you offer?
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
? lost my 2FA phone
? How many backup codes do I get with two-factor?
? My phone was stolen and it had my authenticator on it. How can I get into my account?
? Can I log in if I no longer have my two-factor device?
? What are recovery codes and how many are there?
? My colleague dropped her phone in the sea and has no 2FA codes. How does she sign in?
? 2FA backup codes?
? I changed phones and my authenticator didn't transfer. How can I log in?
? What happens if I lose access to my 2FA app?
? How many recovery codes come with two-factor?
? Can I log in without a code from my phone?
? lost authenticator help
? My phone died and I can't get my two-step code. What now?
? Is there a backup way to sign in with 2FA on?
? Tell me how backup codes work.
? How do I get into my account with no access to my second factor?
? Number of backup codes for 2FA?
? My sister's phone with her 2FA is lost. Can she still sign in?
? Without my phone I can't get a login code. Is there another way in?
? What are the spare codes you give with two-factor?
? I no longer have the SIM for my text codes. How can I get in?
? two step verification phone gone, how to get in
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
? close my account
? How do I get rid of my {co} account for good?
? Where's the option to shut down my account?
? My mum no longer wants her {co} account. How does she close it?
? I don't use {co} anymore and want to delete my account. Where do I do that?
? Is there a button to deactivate my account?
? permanently delete account how?
? What are the steps to close my {co} account?
? delete account steps please
? Where do I click to close my profile?
? Walk me through closing my account.
? I'd like to end my {co} account. What's the procedure?
? Is it possible to delete my account myself?
? Tell me how to remove my {co} login for good.
? My partner wants to delete her {co} account. What does she do?
? Account deletion - where in the settings?
? Can I cancel my whole {co} account, not just Plus?
? I'm leaving {co}. How do I shut my account?
? Explain how to deactivate my profile.
? where is close account
? What page lets me delete my account?
? I no longer want to be a {co} customer. How do I remove my account?
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
? data deletion after closing account?
? If I delete my account, how long do you hold on to my personal info?
? I closed my account last week. Is my data gone yet?
? How many days before my personal details are wiped?
? Will you erase everything about me once I close my account?
? GDPR question: when is my data deleted after account closure?
? My sister closed her {co} account. When will her data be removed?
? Do you retain any records after an account is closed?
? How many days do you keep my data after I close my account?
? When will my personal information be erased?
? data retention after account closure?
? Do you delete my details straight away when I close my account?
? How soon is my info wiped once my account is gone?
? Tell me how long you store my data after I leave.
? I deleted my {co} account. By when will my data be gone?
? What's the timeframe for removing personal data?
? Is my data kept forever after closing?
? privacy question: how long until my records are erased
? My colleague closed her account. How long does {co} keep her data?
? After closure, when is everything about me deleted?
? How long is my personal data held after I quit {co}?
? Will my details stay on your servers after account closure?
? how long do you keep customer data after closing
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
? change account email
? I no longer use my old email. How do I put a new one on my account?
? Where do I edit the email linked to my {co} account?
? Can I change which email I sign in with?
? My wife's email changed. How does she update it on her account?
? update login email?
? Is it possible to replace the email address on my profile?
? Where do I go to change my email address?
? how do i update my email
? What do I click to edit my email?
? Steps to change the address I log in with?
? My email provider shut down. How do I put a new address on my {co} account?
? Tell me how to update the email on my profile.
? Is there a way to change my contact email?
? I made a typo in my email when signing up. How do I fix it?
? Which settings page lets me change my email?
? My boss wants me to use my work email for {co}. How do I switch?
? email change procedure
? Can I use a different email address for my account?
? Walk me through changing my registered email.
? I want my receipts sent to a new email. Where do I change it?
? How does my dad swap the email on his {co} login?
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
? payment options?
? Can I pay with Apple Pay?
? Do you accept Mastercard?
? Is Visa OK for paying for Plus?
? Can my mum pay by PayPal for her order?
? Which ways can I pay at checkout?
? I don't have a credit card. What else can I use to pay?
? How do I pay for things on {co}?
? Which payment types can I use?
? Do you take debit cards?
? Is Apple Pay accepted at checkout?
? Can I pay for Plus with PayPal?
? what cards do you take
? Tell me the ways I can pay you.
? Can I pay by Amex?
? Do you accept bank transfer or cash?
? I want to pay with my phone. Is that possible?
? My colleague only has a Visa card. Can he buy from you?
? payment methods accepted
? What can I use to pay for my order at checkout?
? Is it possible to pay with Mastercard for a subscription?
? Which forms of payment does {co} take?
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
? Plus price per month?
? How much does the monthly Plus membership cost?
? What would Plus cost me each month?
? What's the monthly fee for {co} Plus?
? My friend wants Plus on a monthly plan. How much is it?
? Plus subscription cost monthly
? If I pay month by month, what does Plus charge?
? How much does Plus cost a month?
? What's the price of Plus monthly?
? plus monthly cost
? How many dollars a month is {co} Plus?
? Is the Plus monthly plan cheap?
? Tell me the monthly charge for Plus.
? What's the monthly subscription fee for Plus?
? I'd pay monthly for Plus. What would that cost?
? How much will {co} charge me each month for Plus?
? Monthly Plus - how much?
? What is the cost of Plus per month?
? If I sign up for Plus today, what's the price per month?
? My sister asked how much Plus is a month. What should I tell her?
? Is the monthly Plus plan expensive? How much is it?
? What does one month of Plus cost?
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
? Plus yearly price?
? annual Plus cost
? How much for a full year of {co} Plus?
? What do I pay for Plus if I choose annual billing?
? Is paying yearly for Plus cheaper, and what's the price?
? My brother wants a year of Plus up front. How much?
? What's the 12-month Plus price?
? How much is Plus for a year?
? What does annual Plus cost?
? yearly Plus price in dollars?
? Tell me the price of a yearly Plus subscription.
? What is the annual fee for {co} Plus?
? I want to pay once a year for Plus. How much is that?
? Is there an annual discount on Plus? What does it cost?
? How much would twelve months of Plus cost if paid up front?
? What's the yearly charge for Plus?
? My mum wants to pay for Plus annually. What's the price?
? Plus annual plan cost?
? How many dollars per year is Plus?
? What do I pay for a year of {co} Plus membership?
? How expensive is the annual Plus plan?
? Cost of Plus on yearly billing?
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
? Plus benefits?
? Is Plus worth it? What do members get?
? What advantages come with being a Plus subscriber?
? What extras does a {co} Plus membership give me?
? What does a Plus member get that a normal customer doesn't?
? My dad is thinking of joining Plus. What's included for him?
? What's in it for me if I subscribe to Plus?
? What's included with Plus?
? plus perks
? What do members of {co} Plus receive?
? Tell me what Plus gives me.
? Does Plus come with free shipping?
? Do Plus members get a longer warranty?
? Why would I pay for Plus? What's the benefit?
? Explain the advantages of {co} Plus.
? What extra do I get for joining Plus?
? My boss is asking if Plus is worth it for our team. What does it include?
? What are the membership benefits of Plus?
? I'm on the fence about Plus. What would I get?
? Is Plus just shipping or is there more?
? List the Plus subscriber benefits.
? what does plus membership give you
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
? Plus billing date?
? On what date each month is Plus taken from my card?
? When will the next Plus payment leave my account?
? When does the Plus fee show up on my bank account each month?
? Do you bill Plus at the start or the end of the month?
? monthly Plus charge day
? I joined Plus mid-month. On what day will future payments be taken?
? What date is Plus charged on?
? Plus gets billed on what day of each month?
? When do I pay for Plus each month?
? When is my Plus subscription renewed every month?
? Tell me when the monthly Plus charge happens.
? Plus renewal date?
? By when must I have money on my card for Plus each month?
? Is Plus billed on the same day every month?
? When will you take the next monthly fee for Plus?
? My husband wants to know which day the Plus fee comes out.
? At what point in the month is my card charged for Plus?
? What day is the Plus payment taken?
? when does plus charge me
? Is the monthly Plus charge at the beginning of the month?
? On my bank statement, what date does the Plus payment appear?
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
? refund already issued - when does it hit my card?
? How many days until a refund is back on my card?
? Your email says my refund was sent. How many days until my bank shows it?
? How long do I wait for a refund to PayPal?
? You approved my refund. When will I actually see it?
? My mum's refund was approved but isn't on her card yet. How long does that take?
? Once you've issued a refund, how long until the money is in my account?
? How many business days does a refund take?
? refund timeframe?
? What's the wait for a refund to arrive?
? How quickly will the money be back on my card?
? When should my refund show in my bank?
? Tell me how long refunds take to come through.
? By when will I see my refund?
? How soon after a refund is processed will I get the money?
? My refund was approved yesterday. When will it land?
? How long for a refund to Apple Pay?
? I sent back a kettle and you refunded it. When do I get the cash?
? refund processing time
? Is a refund instant or does it take days?
? How many days before my dad sees his refund on his Visa?
? When can I expect my money back after a refund is issued?
~ You said my refund was approved. When will the money actually land in my account?
= Once a refund is issued, it reaches your original payment method within 5 business days.
= Refunds go back to the card or account you paid with and arrive within 5 business days.
# billing.invoice | Download invoice
? Where can I find my invoice?
? How do I get a receipt for my order?
? Can I download an invoice?
? I need a VAT invoice for my purchase.
? Where are my receipts?
? invoice download
? I need a receipt for something I bought from you. Where is it?
? How do I print an invoice for an order?
? Can I get a PDF of my order invoice?
? My accountant needs proof of purchase. Where do I find it?
? Where do I see the bill for something I ordered?
? How can I get a copy of an old order's invoice?
? How do I download a receipt?
? where are my invoices
? Where do I find the invoice for an order?
? Can I get a tax invoice for my order?
? What do I click to get my invoice?
? Tell me how to get a copy of my receipt.
? My company needs an invoice for my lamp purchase. How do I get it?
? Is it possible to download a PDF receipt?
? Steps to get an invoice for an order?
? I lost the receipt for my order. Can I get another one?
? receipt for my order please
? Where do I find my billing documents?
? My boss needs the invoice for my order. Where is it?
? How can I see the invoice for something I bought last month?
? Where are the invoices kept in my account?
~ My accountant needs an invoice for what I paid. Where do I download it?
= Open the Orders page in your account, pick the order and tap Download invoice to get a PDF copy.
= You can get any invoice from the Orders page: choose the order and tap Download invoice.
# billing.failed | after 3 days
? What happens if my payment fails?
? My card was declined for Plus. What now?
? Do you retry a failed payment?
? What if my subscription payment doesn't go through?
? My Plus payment bounced. Will I lose my membership?
? payment failed, what happens?
? Out-of-date card on file and the Plus charge was rejected - now what?
? Will you try charging my card again if it fails?
? Plus payment declined - will my membership stop?
? What happens to Plus if there isn't enough money on my card?
? How long until you retry a declined payment?
? I got an email saying my payment failed. What now?
? My card was rejected for the Plus fee. What happens?
? Will you try my card again if the payment fails?
? When do you retry a failed charge?
? My card's expiry passed and the subscription charge bounced. What next?
? Failed payment - do I lose Plus right away?
? How many days before you retry a declined card?
? Tell me what happens when a subscription payment fails.
? My bank declined the Plus charge. Will you try again?
? declined card plus
? Is there a grace period if my payment fails?
? What happens after a payment is unsuccessful?
? My colleague's Plus payment failed. Is his membership cancelled?
? The charge for Plus didn't go through. What now?
? When will you try the payment again?
? payment declined what next
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
? cancel my Plus membership
? I don't want Plus anymore. How do I end it?
? Do my Plus benefits stop the moment I unsubscribe?
? Where do I turn off my Plus subscription?
? How can my wife stop her {co} Plus membership?
? Can I quit Plus before the month ends?
? Does Plus keep working after I cancel?
? How do I stop paying for Plus?
? Steps to cancel my Plus membership?
? Where do I cancel Plus in the app?
? If I cancel Plus, when do my benefits end?
? Can I cancel Plus at any time?
? end plus subscription
? Tell me how to unsubscribe from {co} Plus.
? What do I click to cancel my subscription?
? My dad wants to stop Plus. How does he do it?
? Is there a fee to cancel Plus?
? I cancelled Plus today. Do I keep my perks for now?
? How can I turn off Plus auto-renewal?
? Is it possible to leave Plus mid-month?
? cancel plus how
? Walk me through ending my {co} Plus subscription.
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
? gift card expiry?
? Can I still redeem a gift card I got ages ago?
? Is there a time limit on using a gift card?
? My grandma gave me a gift card in 2019. Can I still spend it?
? Do gift card balances ever expire?
? How long does a {co} gift card last?
? Will my gift card stop working after a year?
? Does a gift card have an expiry date?
? How long can I keep a gift card before using it?
? gift card validity
? Do gift cards ever run out?
? Tell me if {co} gift cards expire.
? I found an old gift card while tidying up. Can I use it?
? Is there a deadline to use a gift card?
? My aunt gave me a {co} gift card years ago. Does it still work?
? By when must I spend a gift card?
? Will a gift card balance disappear after some time?
? Do unused gift cards expire after 12 months?
? gift card expire?
? Can a gift card be too old to redeem?
? Is a gift card bought long ago still valid?
? How many years is a gift card good for?
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
? support hours?
? What time does support close?
? How early can I call you in the morning?
? Is chat open in the evening, and until what time?
? What time zone are your support hours in?
? Is anyone available at 9 pm?
? From what time to what time can I reach an agent?
? What time does customer service open?
? When does chat close each day?
? support opening times?
? Until what time can I phone you?
? What hours is live chat staffed?
? Can I call at 7 in the morning?
? Tell me your support hours.
? Are you open late in the evening?
? What time do your agents start work?
? My dad works nights. What hours can he reach support?
? Is someone there at lunchtime and until when?
? what time is support open till
? When does phone support start in the morning?
? I'm on the West Coast. What hours is support in my time?
? At what time of day can I chat with an agent?
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
? Sunday support?
? Which days of the week can I call you?
? Are you open on public holidays?
? Can I chat with someone on a Sunday?
? Do you work weekends?
? Is customer service closed any day of the week?
? My dad wants to call you on Saturday. Is that possible?
? Is support open on Sundays?
? What days of the week are you open?
? Can I reach support at the weekend?
? Are you closed on Sunday?
? Is chat available on Saturday?
? Which days does the support team work?
? Tell me which days I can contact support.
? Is customer service open 7 days a week?
? Can I phone on a bank holiday?
? support days?
? Are you available on Christmas Day?
? My mum can only call on Sundays. Will anyone answer?
? weekend support?
? Do you answer calls every day?
? Which day is support closed?
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
? ways to contact support
? Is there a chat or some other way to reach you?
? How can my mum get help from {co}? She doesn't like apps.
? What are my options for reaching a person at {co}?
? contact options?
? Is there a contact form?
? How do I reach you besides phone?
? How do I reach a human at {co}?
? Can I email you or chat?
? What are the ways to get help from {co}?
? Is there a live chat on your website?
? Tell me every way I can contact {co}.
? how to get in touch
? Can I message support online?
? I need help with an order. How can I reach you?
? Which contact methods do you offer?
? My grandma isn't online much. What other ways can she reach you?
? Do you offer chat support?
? Where can I find help if I have a question?
? support channels?
? Besides the phone, how else can I talk to you?
? What options do I have to get in touch with customer service?
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
? support phone number
? Can I speak to someone by phone? What number?
? What's the {co} helpline number?
? Do you have a toll-free number?
? My grandad prefers calling. Which number should he ring?
? Is there a number I can ring about my order?
? How do I reach you by telephone?
? What number should I ring?
? Give me your customer service phone number.
? Is there a number to call {co}?
? support number?
? How can I speak to an agent on the phone?
? What's the telephone number for support?
? My mum wants to phone you. What's the number?
? Do you have a free phone line?
? Tell me the {co} support number.
? Can I call you about a problem? Which number?
? helpline?
? what is the number for customer service
? I'd rather talk than type. What number do I dial?
? Where can I find your phone number?
? What's the 800 number for {co}?
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
? contact form response time?
? How long before someone answers my message?
? Sent you a message via the website form, still nothing. How long do replies take?
? How fast do you reply to written enquiries?
? Will I get an answer to the contact form the same day?
? My colleague submitted a support request online. How long will she wait?
? How many days until I hear back from support by form?
? When will the contact form get a response?
? How long until I hear back from the contact form?
? How many days for an answer to a written message?
? form reply time
? Tell me how quickly you reply to the contact form.
? I filled in your online form this morning. When will you answer?
? What's the wait for a reply to a message?
? By when will someone respond to my enquiry?
? Do you answer contact form messages within a day?
? My dad sent you a message on the website. How soon will he hear back?
? how long for a reply to my message
? Is the contact form slow to get a response?
? What's the turnaround time for written support requests?
? How quickly does {co} answer website messages?
? I wrote to you through the form. How long do I wait?
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
? founding year?
? year {co} was founded
? When was the company started?
? How many years has {co} been in business?
? Has {co} been going long?
? My friend asked me when {co} was set up. Do you know?
? Since when have you been making gadgets?
? In what year was {co} established?
? How long ago did {co} start?
? When was {co} set up?
? {co} founding date?
? What's the year {co} was created?
? Tell me when {co} began.
? Is {co} a young business?
? How many years old is {co}?
? When did {co} open for business?
? Is {co} older than ten years?
? when did {co} get started
? I'm writing a school report. What year was {co} founded?
? My uncle thinks {co} is really old. When did it start?
? Since what year has {co} existed?
? Has {co} been around for long?
~ Is {co} a new company, or how long have you been around?
= {co} was founded in 2016 in the harbour town of Pellworth.
= We started {co} in 2016 in Pellworth, and we have been making gadgets ever since.
# company.hq | Pellworth
? Where is {co} based?
? Where are your headquarters?
? Where is {co} located?
? Which town is {co} from?
? Where is your head office?
? {co} headquarters?
? What city are you in?
? Where is {co}'s main office?
? In which town do you design your products?
? Where does {co} come from?
? Is {co} a Pellworth company?
? HQ location
? Where is {co}'s headquarters?
? Which city is {co} in?
? Where are you based?
? Where's your HQ?
? In which town is the {co} head office?
? Tell me where {co} is based.
? what town is {co} in
? Where does {co} have its main office?
? Where is the company's home town?
? My friend wants to visit your office. Where is it?
? Where are your designers located?
? Which harbour town is {co} in?
? Where are you located?
? {co} location?
? Is {co} based near the sea? Where exactly?
~ Out of curiosity, where are you folks based?
= {co} is based in Pellworth, a harbour town where we design and test all of our products.
= Our headquarters are in Pellworth, where our design team and first workshop are.
# company.what | home and desk
? What does {co} make?
? What kind of company is {co}?
? What is {co} known for?
? What is {co}?
? What sort of products do you make?
? What does {co} do?
? What type of gadgets does {co} design?
? Tell me about {co} in a sentence.
? I've never heard of {co}. What are you?
? Is {co} a tech company or something else?
? What is {co}'s business?
? My colleague mentioned {co}. What sort of company is it?
? What sort of company is {co}?
? What kind of things does {co} create?
? Tell me what {co} does.
? what is {co} about
? What's {co}'s main line of business?
? Explain what {co} makes.
? What does your company design?
? My boss asked what {co} is. How should I describe it?
? Is {co} a gadget maker?
? What kind of products does {co} focus on?
? Who are {co} and what do they make?
? What's the company's speciality?
? In a few words, what does {co} produce?
? What field is {co} in?
? Give me a short description of {co}.
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
? full product list?
? How many gadgets are in your range?
? Name all the products {co} sells.
? How many different products does {co} offer?
? Which devices are in the {co} line-up?
? My mum wants to browse your products. What are they?
? What items can I buy from {co}? List them please.
? What products does {co} sell?
? List everything in your range.
? How many items are in the {co} range?
? What can I buy from {co}?
? product list please
? Tell me all the gadgets you sell.
? Which products do you make? Name them all.
? What's the whole {co} product line?
? How big is your product range?
? How many devices do you sell?
? Do you have a full list of your gadgets?
? My friend wants a {co} gift. What products are there to choose from?
? Which products can I order from your shop?
? what do you sell
? How many different gadgets does {co} have?
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
