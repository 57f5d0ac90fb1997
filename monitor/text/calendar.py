"""Month and weekday names, in one place, as regex alternations to use with re.IGNORECASE
(or inside `(?i:...)`): dates in text, datelines, and numbers that are days of a month."""

from __future__ import annotations

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = "|".join(WEEKDAYS)
# full names and the usual abbreviations ("Sept", "Jun"); a trailing dot is the caller's
MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
