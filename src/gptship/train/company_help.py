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
~ What's the way to reset a Brewlet that has stopped responding to its buttons?
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
~ The app can't connect to my Brewlet kettle during setup. Any idea why?
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
~ My Brewlet has white flakes of scale inside. How do I clean it out?
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
~ Can I wipe my Pebble speaker and reset it to how it came from the factory?
= To reset the Pebble Speaker, hold the play and volume down buttons together for 8 seconds until
+ it chimes.
= Hold the play and volume down buttons for 8 seconds; the Pebble Speaker chimes once it has reset.
# pebble.pairing | flashes blue
? How do I pair the Pebble Speaker with my phone?
? How do I connect my Pebble to Bluetooth?
? My phone can't find the Pebble speaker. What should I do?
? How do I put the Pebble into pairing mode?
? How do I connect a new phone to the Pebble?
~ I got a new phone and now the speaker won't show up in the Bluetooth list. Help?
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
~ I plugged my Pebble in but it still won't charge. What's wrong?
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
~ Fitted a fresh filter in my purifier and the warning is still showing. How do I clear it?
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
~ There's a red glow on top of my Nook purifier all of a sudden. What does it mean?
= A red light on the Nook means the filter needs replacing; fit a new filter and hold the fan
+ button for 3 seconds.
= When the Nook's light turns red, the filter needs replacing. It is a reminder, not a fault.
# nook.noise | plastic wrap
? Why is my Nook Air Purifier so loud?
? My new Nook purifier is noisy. What's wrong?
? The Nook makes a whistling sound. How do I fix it?
? Why is the Nook louder than expected?
? My Nook rattles and hums. What should I check?
~ The Nook purifier I just unboxed is really loud. Is that normal?
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
~ The light from my Lumo desk lamp keeps flickering on and off. How can I fix it?
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
~ I put my phone on the Lumo lamp's charging base and nothing happens. Any tips?
= Place your phone in the centre of the Lumo base and remove any case thicker than 5 millimetres.
= The Lumo base charges through cases up to 5 millimetres thick, so centre your phone on it and
+ take off thicker cases.
# lumo.reset | 10 seconds
? How do I reset the Lumo Desk Lamp?
? How can I factory reset my Lumo lamp?
? What are the reset steps for the Lumo?
? My Lumo lamp stopped responding. How do I reset it?
? How do I restore the Lumo lamp to its original settings?
~ The touch strip on my Lumo lamp has stopped responding. Can I reset it?
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
