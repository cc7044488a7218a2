"""Custom actions (rasa_sdk). Kept thin: the logic is in the partnerskab package."""
