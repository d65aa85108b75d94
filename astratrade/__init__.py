"""Composition root of AstraTrade: settings, the CLI and the process supervisor."""
