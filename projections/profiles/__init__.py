"""The profiles read model: each user's public face (name, XP, level, streak, achievements, clan) and the clans."""
