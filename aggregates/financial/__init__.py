"""The financial context: platform revenue, the insurance fund, subscriptions, settlements."""
