"""Policies: process managers that follow the log and react with commands."""
