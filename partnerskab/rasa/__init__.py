"""Rasa pipeline components of this project (imported by config.yml)."""
