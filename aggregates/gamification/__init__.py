"""Gamification: a Progression per user (XP, levels, streaks, achievements) and its pure scoring."""
