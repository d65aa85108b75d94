"""Side-effect jobs on dramatiq (Redis or RabbitMQ: ``JOBS_BROKER``): actors receive ids only, are idempotent,
and report back through commands. Redis is never the source of truth."""
