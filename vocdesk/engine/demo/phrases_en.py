"""English text material (app-store reviews, emails, expat customers on social/forums)."""

from __future__ import annotations

OPENERS = {
    "generic": ["", "", "", "Honestly, ", "Update: ", "Long-time user here. ", "First review ever. ",
                "Bought this as a gift. ", "Second one I've bought. ", "So, ", "Quick review: "],
    "email": ["Dear Qinghe support,\n", "Hello,\n", "Hi there,\n", "Dear customer service team,\n",
              "Hello Qinghe team,\n", "To whom it may concern,\n", "Hi, regarding order {order}: "],
    "ticket": ["Hi, ", "Hello, ", "Order {order}: ", "Hi support, ", "Hello, I need help. "],
    "chat": ["hi", "hello?", "anyone there", "hi, quick question", "hello, agent please"],
}

CONTEXTS = ["I bought the {p} {m} months ago. ", "Got my {p} last week. ", "I've had the {p} for {m} months. ",
            "Ordered the {p} from the app. ", "Picked up the {p} at your store in {city}. ",
            "Using the {p} for {d} days now. ", "Our family uses the {p} every day. ", ""]

FEATURE_NEG = ["The {f} is really disappointing", "{F} got worse after a few weeks", "{F} is nowhere near what was advertised",
               "The {f} keeps acting up", "Terrible {f}", "{F} is the weak point of this device",
               "Not happy with the {f} at all"]
FEATURE_POS = ["The {f} is excellent", "Really impressed by the {f}", "{F} is better than I expected",
               "Love the {f}", "Great {f} for the price", "{F} works flawlessly"]
FEATURE_NEU = ["The {f} is okay", "{F} is average", "{F} could be better", "The {f} is fine, nothing special"]

TOPICS: dict[str, dict[str, list[str]]] = {
    "quality": {
        "neg": ["It stopped working after {d} days", "Mine died within {m} months", "Arrived with a cracked case",
                "Build quality feels cheap", "It randomly shuts down and restarts", "Second unit with the same defect"],
        "pos": ["Build quality is solid", "Feels premium and well made", "No problems at all after {m} months",
                "Very reliable so far"],
        "neu": ["Quality is decent for the price", "So far so good, will update later"],
    },
    "usability": {
        "neg": ["The setup is confusing", "Way too complicated for my parents", "Settings are buried in menus"],
        "pos": ["Super easy to use", "Setup took five minutes", "Very intuitive, even my parents can use it"],
        "neu": ["Does what it says", "Would be nice to have a schedule option", "Please add a child mode"],
    },
    "app": {
        "neg": ["The app keeps crashing", "App won't connect to the device", "The latest update broke everything",
                "Login fails every time, never get the verification code", "Way too many push notifications",
                "The app is laggy and full of bugs", "Device shows offline in the app all the time"],
        "pos": ["The app is clean and simple", "App works great", "Love the app's detailed reports",
                "Remote control from the app is really handy"],
        "neu": ["App is okay", "Any plans for a widget?", "Please add dark mode to the app"],
    },
    "delivery": {
        "neg": ["The courier left the parcel outside without calling", "Box arrived crushed", "A cable was missing from the box",
                "Wrong color was delivered"],
        "pos": ["Arrived the next day", "Fast delivery, well packaged", "Delivery was quick"],
        "neu": ["Delivery was fine", "Packaging was basic"],
    },
    "cs": {
        "neg": ["Customer service is useless", "Support never replied to my emails", "The chatbot can't transfer me to a human",
                "I was on hold for {h} hours", "Support kept passing me around"],
        "pos": ["Customer service was very helpful", "The support agent was patient and fixed it quickly",
                "Great support team"],
        "neu": ["Support replied but didn't really solve it", "Support said they would escalate"],
    },
    "returns": {
        "neg": ["My return request was rejected", "Still waiting for my refund after {d} days",
                "They refused the warranty claim", "Repaired twice and still broken"],
        "pos": ["The exchange was smooth", "Refund came through in two days", "Warranty repair was quick"],
        "neu": ["How long is the warranty?", "Do I need the original box for a return?"],
    },
    "price": {
        "neg": ["Overpriced for what it does", "The price dropped {money} yuan right after I bought it",
                "Replacement parts are a rip-off"],
        "pos": ["Great value for money", "Worth every penny", "Good price during the sale"],
        "neu": ["Price is fair", "Waiting for a discount on accessories"],
    },
    "payment": {
        "neg": ["I was charged twice", "Payment failed but the money was taken", "Still no invoice after {d} days"],
        "pos": ["Checkout was smooth"],
        "neu": ["Can I get a VAT invoice?", "Do you support installments?"],
    },
    "install": {
        "neg": ["The installer showed up {h} hours late", "They charged me {money} yuan for installation",
                "Technician didn't show up for the appointment"],
        "pos": ["The technician was professional and quick"],
        "neu": ["Can I install it myself?"],
    },
    "store": {
        "neg": ["Staff at the store ignored me", "Demo units in the store were broken"],
        "pos": ["Store staff were friendly and knowledgeable", "Nice store, I could try everything"],
        "neu": ["Does the store price match online?"],
    },
    "coupon": {"neg": ["My coupon didn't apply at checkout"], "pos": ["The coupon saved me a lot"],
               "neu": ["When is the next promo code?"]},
    "privacy": {"neg": ["The app asks for way too many permissions", "Worried about camera footage privacy"],
                "pos": ["Privacy settings are clear"], "neu": ["Where is my video data stored?"]},
    "marketing": {"neg": ["The advertised feature doesn't exist", "Never received the free gift"],
                  "pos": ["Nice free gift included"], "neu": ["When is the next sale?"]},
    "awareness": {"neg": ["Bought it after an influencer review, it's nothing like the video"],
                  "pos": ["Saw an ad on Xiaohongshu and gave it a try, no regrets", "A friend recommended it and she was right"],
                  "neu": ["Saw your ad, is there a discount right now?"]},
    "order": {"neg": ["Checkout kept failing and my order was cancelled"], "pos": ["Ordering was quick and easy"],
              "neu": ["Can I add items after placing an order?"]},
    "manual": {"neg": ["The manual is useless"], "pos": ["The manual is clear"],
               "neu": ["Is there an English manual?"]},
}

EMOTION = {
    "neg": ["Very disappointed.", "Not recommended.", "Avoid.", "One star.", "Waste of money.", "So frustrating.",
            "Never again.", "Terrible experience.", "Really annoyed.", "Unacceptable."],
    "pos": ["Highly recommend!", "Five stars.", "Love it!", "Very happy.", "Great purchase.", "Would buy again.",
            "Totally worth it.", "Impressed!", "Thumbs up."],
    "neu": ["It's okay.", "Three stars.", "Average.", "We'll see.", "Not bad, not great."],
}

CLOSERS = {
    "email": ["\nLooking forward to your reply.", "\nPlease advise.", "\nThanks in advance.", "\nBest regards",
              "\nKind regards", "\nPlease fix this as soon as possible."],
    "ticket": [" Please help.", " Please resolve ASAP.", " Thanks.", " I'd like a refund.", " Please call me back."],
    "chat": ["?", "thx", "pls help", "ok", ""],
    "generic": ["", "", "", " Thanks."],
}

SURVEY_SHORT = {"pos": ["Great", "Very good", "Excellent", "All good", "Happy with it", "Good service"],
                "neu": ["OK", "Fine", "Average", "Nothing to add", "N/A"],
                "neg": ["Bad", "Poor", "Disappointed", "Not good", "Terrible"]}

EMOJI = {"neg": ["😡", "👎", "🙄"], "pos": ["👍", "😀", "❤️"], "neu": ["🤷", "🙂"]}
