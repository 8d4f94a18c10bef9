"""Troubleshooting guides for four Quillmere products, as facts (format: company_world)."""

from __future__ import annotations

from gptship.train.company_world import Fact, parse_facts

_GUIDES = {
    "Brewlet Kettle": """
# brewlet.reset | 5 seconds
? How do I reset my Brewlet Kettle?
? How can I factory reset the Brewlet?
? What are the reset steps for the Brewlet kettle?
? My Brewlet is acting strangely. How do I reset it?
? Is there a way to restart the Brewlet from scratch?
? Brewlet reset?
? how to reset brewlet kettle
? My Brewlet won't respond to anything I press. How do I get it back to factory settings?
? Can I do a hard reset on the Brewlet?
? I'm giving my old Brewlet to my sister. How do I wipe it back to factory settings?
? What's the button combination to reset the Brewlet?
? How long do I hold the buttons down to reset my Brewlet?
? The Brewlet is stuck on an error. Can I reset it myself?
? Is there a reset button on the Brewlet Kettle?
? How do I reboot my Brewlet?
? Brewlet factory settings restore
~ What's the way to reset a Brewlet that has stopped responding to its buttons?
? What's the trick to resetting a Brewlet?
? Walk me through resetting my Brewlet Kettle.
? Tell me how to reset the Brewlet.
? brewlet reset steps
? Which buttons do I press to reset the Brewlet?
? I need to reset my kettle. It's a Brewlet. What do I do?
? The Brewlet froze. How do I get it working again?
? Is it possible to reset the Brewlet Kettle to factory settings?
? How do I start over with my Brewlet's settings?
? My dad's Brewlet is stuck. What's the procedure to reset it?
? Can I restart my Brewlet by holding some buttons?
= To reset the Brewlet Kettle, hold the power and temperature buttons together for 5 seconds
+ until the light blinks white.
= Hold the power and temperature buttons together for 5 seconds; when the light blinks white, the
+ Brewlet has reset.
# brewlet.wifi | 2.4 GHz
? Why won't my Brewlet connect to the app?
? The Brewlet Kettle can't find my Wi-Fi. What do I do?
? How do I get the Brewlet onto my home network?
? My Brewlet keeps failing to pair with the {co} app.
? Which Wi-Fi does the Brewlet need?
? Brewlet wifi not working
? Does the Brewlet work with 5 GHz wifi?
? What Wi-Fi band does the Brewlet support?
? We got a new router and now the Brewlet won't go online. Why?
? The {co} app can't see my Brewlet during setup. Help?
? How do I link the Brewlet Kettle to my phone?
? My mum can't get her Brewlet on the internet. What should she check?
? Brewlet setup fails at the network step, what's wrong?
? Can the Brewlet connect to any wireless network?
? Why does the Brewlet say it can't join my network?
? What network settings does the Brewlet need to connect?
~ The app can't connect to my Brewlet kettle during setup. Any idea why?
? Tell me how to connect the Brewlet to Wi-Fi.
? brewlet won't connect to wifi
? Does the Brewlet support 5 GHz networks?
? Walk me through getting the Brewlet online.
? My Brewlet keeps dropping off the network. Why?
? What kind of Wi-Fi does the Brewlet Kettle work with?
? I need to set up my Brewlet on Wi-Fi. What should I check first?
? Can the Brewlet use a 5G wifi band?
? Why does the Brewlet fail to pair with my phone?
? How do I connect my kettle to the app? It's a Brewlet.
? My son can't get the Brewlet connected to our router. What should he do?
= The Brewlet only connects to a 2.4 GHz Wi-Fi network, so make sure your phone is on 2.4 GHz
+ while you set it up.
= Please check that your phone is on a 2.4 GHz Wi-Fi network during setup, because the Brewlet
+ cannot use 5 GHz networks.
# brewlet.descale | every 4 weeks
? How often should I descale the Brewlet?
? There is white scale inside my Brewlet. What should I do?
? How do I clean the inside of the Brewlet Kettle?
? When should I descale my Brewlet?
? Do I need to descale the Brewlet Kettle?
? Brewlet descaling?
? how do i get limescale out of my brewlet
? How frequently should the Brewlet Kettle be descaled?
? Can I use vinegar to clean the Brewlet?
? We live in a hard-water area. How often does the Brewlet need descaling?
? What's the best way to remove chalky build-up in the Brewlet?
? My tea tastes odd and there's residue in the Brewlet. How do I get rid of it?
? Brewlet limescale removal
? Does the Brewlet need regular cleaning inside?
? My roommate never cleans our Brewlet. How often should it be descaled?
? What do I descale the Brewlet with?
~ My Brewlet has white flakes of scale inside. How do I clean it out?
? Tell me how to descale the Brewlet.
? brewlet descale how often
? Walk me through descaling the Brewlet Kettle.
? How many weeks between descales on the Brewlet?
? Is it OK to use white vinegar in the Brewlet?
? What's the descaling process for the Brewlet?
? Flaky bits keep floating in my tea from the Brewlet. What should I do about them?
? How do I remove calcium deposits from the Brewlet?
? I need to clean scale out of my kettle. It's a Brewlet. What do I do?
? How often does the Brewlet need a clean inside?
? My aunt's Brewlet has a crusty bottom. How should she clean it?
= Descale the Brewlet every 4 weeks by boiling equal parts water and white vinegar, then rinsing
+ it twice.
= We recommend descaling the Brewlet Kettle every 4 weeks with equal parts water and white
+ vinegar, then rinsing well.
""",
    "Pebble Speaker": """
# pebble.reset | 8 seconds
? How do I reset the Pebble Speaker?
? How can I factory reset my Pebble?
? What are the steps to reset the Pebble speaker?
? My Pebble speaker froze. How do I reset it?
? How do I restore the Pebble to factory settings?
? Pebble reset?
? how to factory reset pebble speaker
? The Pebble is stuck and won't respond to buttons. How do I reset it?
? Which buttons reset the Pebble Speaker?
? How long do I hold the buttons to reset the Pebble?
? I'm selling my Pebble. How do I wipe it back to factory settings?
? Can I hard reset my Pebble speaker?
? My Pebble is behaving oddly. Is there a way to reboot it?
? What's the reset procedure for the Pebble Speaker?
? Is there a reset button on the Pebble?
? Pebble speaker unresponsive, how to reset
~ Can I wipe my Pebble speaker and reset it to how it came from the factory?
? Tell me how to reset the Pebble.
? pebble reset steps
? Walk me through a factory reset on my Pebble Speaker.
? Which buttons do I hold to reset the Pebble?
? The Pebble froze mid-song. How do I get it going again?
? Is it possible to reset the Pebble speaker myself?
? I need to wipe my Pebble before I give it to a friend. How?
? How do I reboot the Pebble Speaker?
? My Pebble is on but ignores every button. What's the reset process?
? How do I clear all settings on the Pebble?
? My cousin's Pebble is acting up. How does he restart it from scratch?
= To reset the Pebble Speaker, hold the play and volume down buttons together for 8 seconds until
+ it chimes.
= Hold the play and volume down buttons for 8 seconds; the Pebble Speaker chimes once it has reset.
# pebble.pairing | flashes blue
? How do I pair the Pebble Speaker with my phone?
? How do I connect my Pebble to Bluetooth?
? My phone can't find the Pebble speaker. What should I do?
? How do I put the Pebble into pairing mode?
? How do I connect a new phone to the Pebble?
? Pebble pairing?
? how do i connect pebble to my phone bluetooth
? Just upgraded my mobile. How do I get it talking to the Pebble over Bluetooth?
? How do I pair the Pebble with my laptop?
? What light shows the Pebble is ready to pair?
? My son wants to play music from his tablet on my Pebble. How does he connect it?
? Can I connect the Pebble to my iPhone?
? The Pebble isn't showing up in my Bluetooth list. What should I do?
? How do I set up Bluetooth on the Pebble Speaker?
? How do I make the Pebble discoverable?
? Pebble bluetooth setup
~ I got a new phone and now the speaker won't show up in the Bluetooth list. Help?
? Tell me how to pair the Pebble.
? pebble bluetooth pairing steps
? Walk me through connecting the Pebble to my phone.
? How do I connect my Android phone to the Pebble Speaker?
? My phone doesn't see the Pebble. How do I make it show up?
? What does the blue flashing light on the Pebble mean?
? How do I get the Pebble into Bluetooth mode?
? I need to connect a second phone to my Pebble. What do I do?
? Can I link my tablet to the Pebble Speaker?
? How do I hook up the Pebble to my computer?
? My girlfriend wants to play her playlist on my Pebble. How does she pair it?
= Hold the Bluetooth button on the Pebble until the light flashes blue, then choose Pebble in
+ your phone's Bluetooth list.
= Press and hold the Pebble's Bluetooth button until the light flashes blue; it is then ready to
+ pair with your phone.
# pebble.charging | at least 20 minutes
? My Pebble Speaker won't charge. What can I do?
? Why isn't my Pebble charging?
? The Pebble speaker doesn't turn on after charging. Help?
? What do I do if the Pebble won't take a charge?
? The charging light on my Pebble never comes on.
? Pebble not charging
? my pebble is dead and won't charge up
? I plugged in my Pebble and nothing happens. What's wrong?
? The Pebble's battery went completely flat and now it won't power on. Help?
? My Pebble speaker doesn't charge with my cable. What should I try?
? Why does my Pebble show no sign of charging when plugged in?
? My friend's Pebble sat unused for months and won't charge. What can she do?
? Is my Pebble broken if it won't charge?
? The Pebble doesn't seem to be getting any power over USB-C.
? How do I revive a Pebble with a dead battery?
? Pebble won't power up after being left flat, what now?
~ I plugged my Pebble in but it still won't charge. What's wrong?
? Tell me what to do if my Pebble won't charge.
? pebble won't charge fix
? My Pebble won't turn on, even plugged in. What now?
? I left my Pebble flat for weeks and now it won't charge. Help?
? The Pebble isn't charging with my USB-C cable. What should I try?
? Why won't the Pebble Speaker power on after I charged it?
? My Pebble is plugged in but there's no charging light. What's wrong?
? How long should I leave a dead Pebble on charge before it turns on?
? Is there a fix for a Pebble that refuses to charge?
? My Pebble speaker stopped charging. Do I need a new cable?
? My brother's Pebble won't charge at all. What can he try?
= Try a different USB-C cable and leave the Pebble charging for at least 20 minutes before you
+ turn it on.
= Plug the Pebble in with another USB-C cable and wait at least 20 minutes, because a flat
+ battery needs time to wake up.
""",
    "Nook Air Purifier": """
# nook.filter_light | 3 seconds
? How do I reset the filter light on the Nook?
? I changed the Nook filter but the light is still on. What now?
? How do I turn off the Nook's filter warning?
? How do I reset the Nook Air Purifier after a filter change?
? The Nook filter light won't go off.
? Nook filter light reset?
? how to clear filter indicator on nook
? New filter is in but the Nook still says it needs one. What's the fix?
? How long do I hold the fan button to clear the Nook's filter reminder?
? After swapping the filter, how do I tell the Nook it's been replaced?
? The filter reminder on my Nook keeps showing after I replaced it.
? My dad put a fresh filter in his Nook and the warning stayed. How does he reset it?
? Which button resets the filter indicator on the Nook Air Purifier?
? Can I switch off the filter alert on the Nook once I've changed it?
? How do I acknowledge a filter change on the Nook?
? Nook filter warning won't clear
~ Fitted a fresh filter in my purifier and the warning is still showing. How do I clear it?
? Tell me how to reset the Nook's filter light.
? nook filter light still on after new filter
? How do I clear the filter reminder on the Nook?
? Walk me through resetting the filter light on the Nook Air Purifier.
? I put in a new filter, but the Nook light won't turn off. What do I do?
? Which button clears the Nook's filter warning?
? How long do I press the fan button on the Nook after a filter change?
? The Nook doesn't know I changed the filter. How do I tell it?
? How do I switch off the filter light on my Nook?
? Can I reset the filter indicator on the Nook myself?
? My housemate swapped the Nook filter, yet its reminder stays lit. What should we press?
= After fitting a new filter, hold the fan button on the Nook for 3 seconds until the filter
+ light goes out.
= To clear the filter light on the Nook Air Purifier, hold the fan button for 3 seconds after
+ changing the filter.
# nook.red_light | filter needs replacing
? What does the red light on my Nook mean?
? Why is there a red light on the Nook Air Purifier?
? My Nook is showing a red light. Is it broken?
? The light on the Nook purifier turned red. What does that mean?
? What does a red Nook light mean?
? Nook red light?
? red light on nook meaning
? Why has my Nook's light changed to red?
? Is a red light on the Nook a fault?
? My grandma's Nook has a red light. Should she be worried?
? The Nook is glowing red. Do I need to send it back?
? What is the Nook trying to tell me with a red light?
? My Nook's indicator went red this morning, what's wrong?
? Does a red light mean my Nook Air Purifier is broken?
? Red warning light on the Nook purifier, what should I do?
? What does it mean when the Nook turns red?
~ There's a red glow on top of my Nook purifier all of a sudden. What does it mean?
? Tell me what a red light on the Nook means.
? nook light red
? Why did the Nook's light turn red?
? Is something wrong with my Nook? The light is red.
? My Nook's light went from normal to red. What does that mean?
? What's the red light on the Nook purifier for?
? Should I be worried about a red light on my Nook?
? The Nook purifier shows red. Is it a fault?
? Does a red Nook light mean I need to return it?
? I noticed a red glow on the Nook Air Purifier. What is it?
? My neighbour's Nook is lit up red. What does that mean?
= A red light on the Nook means the filter needs replacing; fit a new filter and hold the fan
+ button for 3 seconds.
= When the Nook's light turns red, the filter needs replacing. It is a reminder, not a fault.
# nook.noise | plastic wrap
? Why is my Nook Air Purifier so loud?
? My new Nook purifier is noisy. What's wrong?
? The Nook makes a whistling sound. How do I fix it?
? Why is the Nook louder than expected?
? My Nook rattles and hums. What should I check?
? Nook too loud
? why is my new nook so noisy
? The Nook sounds like a jet engine. Is something wrong?
? My Nook purifier makes a lot of noise even on its lowest setting. Why?
? My brand-new Nook is really loud. Did I miss a step?
? My daughter says her Nook hums loudly at night. How can she fix it?
? The Nook is making a strange whooshing noise. What should I check?
? Is it normal for the Nook Air Purifier to be this noisy?
? How can I make my Nook quieter?
? Nook purifier buzzing sound
? Why does the Nook sound strained, like it is struggling for air?
~ The Nook purifier I just unboxed is really loud. Is that normal?
? Tell me why my Nook is so noisy.
? nook making loud noise
? My Nook purifier is louder than I thought it would be. What should I check?
? How do I fix a loud Nook Air Purifier?
? The Nook is making a whistling noise. Why?
? My new Nook sounds like it's struggling. What's wrong?
? Is my Nook broken? It's very loud.
? Why does my Nook roar even on low?
? I need my Nook to be quiet for sleeping. Why is it so loud?
? The Nook hums loudly. What could cause that?
? My uncle's new Nook is very noisy. What should he do?
= A noisy new Nook usually still has the plastic wrap on its filter, so open the back and take
+ the plastic wrap off.
= Please check that you removed the plastic wrap from the filter, because the Nook gets loud when
+ air cannot pass through.
""",
    "Lumo Desk Lamp": """
# lumo.flicker | 12-volt adapter
? Why is my Lumo lamp flickering?
? The Lumo Desk Lamp keeps flickering. What should I do?
? How do I stop the Lumo lamp from flickering?
? My Lumo flickers at low brightness. Is it faulty?
? What causes the Lumo lamp to flicker?
? Lumo flickering?
? lumo lamp keeps blinking on and off
? The light on my Lumo Desk Lamp flickers. Why?
? My Lumo started flickering after I changed the plug. What's going on?
? Is a flickering Lumo lamp broken?
? My colleague's Lumo lamp strobes. How can he fix it?
? Why does the Lumo light flash or shimmer?
? The Lumo lamp won't give a steady light. What can I do?
? Can I use a different power adapter with the Lumo lamp?
? Which power supply does the Lumo need to stop flickering?
? Lumo lamp light unstable
~ The light from my Lumo desk lamp keeps flickering on and off. How can I fix it?
? Tell me why my Lumo lamp flickers.
? lumo flickering fix
? How do I fix a flickering Lumo Desk Lamp?
? The Lumo lamp light keeps flashing. What's wrong?
? My Lumo blinks when I use another adapter. Why?
? Can I power the Lumo with my laptop's adapter?
? Why does my Lumo Desk Lamp keep flickering at night?
? The Lumo lamp's light is unsteady. How do I fix it?
? What adapter does the Lumo lamp need?
? My Lumo lamp flickers a lot. Is it broken?
? My boss's Lumo lamp keeps flickering in the office. How can we fix it?
= Flickering is usually caused by another power supply, so plug the Lumo lamp into the original
+ 12-volt adapter from the box.
= Please use the original 12-volt adapter that came with the Lumo Desk Lamp, because other
+ adapters often make it flicker.
# lumo.wireless | 5 millimetres
? Why won't the Lumo lamp charge my phone?
? My phone isn't charging on the Lumo's base. What's wrong?
? The wireless charger on the Lumo Desk Lamp doesn't work.
? How do I charge my phone with the Lumo lamp?
? Does my phone case stop the Lumo from charging it?
? Lumo wireless charging not working
? my phone won't charge on the lumo base
? Can the Lumo charge my phone through its case?
? How thick a phone case can the Lumo's charging pad work through?
? Where on the Lumo's base does my phone need to sit to charge?
? My husband's phone doesn't charge when he puts it on the Lumo. Why?
? Does the Lumo Desk Lamp's charging base work with my phone?
? Do I need to take my case off to charge on the Lumo?
? Why is my phone not charging wirelessly on the Lumo lamp?
? The Lumo's charging pad isn't doing anything for my phone.
? Lumo charging base tips
~ I put my phone on the Lumo lamp's charging base and nothing happens. Any tips?
? Tell me how the Lumo's wireless charging works for phones.
? lumo phone charging not working
? Why isn't the Lumo base charging my phone?
? Can I charge my phone wirelessly on the Lumo Desk Lamp?
? How thick can my phone case be for the Lumo's charger?
? My phone sits on the Lumo base but doesn't charge. What should I do?
? Do I have to remove my phone case to use the Lumo's charging pad?
? Is there a right spot on the Lumo base for a phone so it charges?
? The Lumo lamp's wireless charger isn't charging my phone. Help?
? Does a thick case stop the Lumo charging my phone?
? My daughter's phone won't charge on her Lumo lamp. What's wrong?
= Place your phone in the centre of the Lumo base and remove any case thicker than 5 millimetres.
= The Lumo base charges through cases up to 5 millimetres thick, so centre your phone on it and
+ take off thicker cases.
# lumo.reset | 10 seconds
? How do I reset the Lumo Desk Lamp?
? How can I factory reset my Lumo lamp?
? What are the reset steps for the Lumo?
? My Lumo lamp stopped responding. How do I reset it?
? How do I restore the Lumo lamp to its original settings?
? Lumo reset?
? how to reset lumo desk lamp
? Can I factory reset the Lumo Desk Lamp myself?
? The Lumo isn't reacting when I touch it. How do I reset it?
? How long do I hold the touch strip to reset the Lumo?
? My sister's Lumo lamp is stuck. Is there a way to reboot it?
? What's the reset procedure for the Lumo lamp?
? Is there a reset button on the Lumo?
? I want to wipe my Lumo's settings before I give it away.
? Lumo lamp unresponsive, how to reset
? How do I reboot the Lumo Desk Lamp?
~ The touch strip on my Lumo lamp has stopped responding. Can I reset it?
? Tell me how to reset the Lumo lamp.
? lumo reset steps
? Walk me through resetting the Lumo Desk Lamp.
? The Lumo doesn't respond to touch. How do I reset it?
? How long do I press the touch strip to reset the Lumo Desk Lamp?
? Is it possible to reset the Lumo lamp to factory settings?
? I need to reset my desk lamp. It's a Lumo. What do I do?
? How do I clear the Lumo lamp's settings?
? My Lumo is frozen. How do I restart it?
? What's the way to reset a Lumo?
? My mum's Lumo lamp ignores her touch. How can she reset it?
= To reset the Lumo Desk Lamp, switch it off and hold the touch strip for 10 seconds until the
+ light pulses twice.
= Switch the Lumo lamp off, then hold the touch strip for 10 seconds; it pulses twice when the
+ reset is done.
""",
}


def troubleshooting_facts() -> list[Fact]:
    facts = []
    for product, text in _GUIDES.items():
        facts += parse_facts(text, domain="support", topic="troubleshooting", section=product)
    return facts
