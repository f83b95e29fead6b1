"""Cleaning knowledge: line shapes, dates and datelines, publishers, site profiles and their
TOML, the learned line model, mojibake repair and language.

Pure functions over text and lines; imports only the core. The stages apply it.
"""
