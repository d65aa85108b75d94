"""The event bus relay: publishes the global log to Redis Streams for other services (docs/event-bus.md).

Read side only: it follows the log up to the safe head like a projection and never writes the event
store. Redis is a copy of the log, never its source of truth: a lost stream is published again.
"""
