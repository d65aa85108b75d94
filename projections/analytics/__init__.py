"""Analytics read models for analysts: trade facts, volume rollups, active traders, P&L distribution,
engagement (XP and achievements per day, clan sizes).

``AnalyticsProjection`` builds them (docs/analytics.md and docs/read-models.md "Analytics" document every table),
``AnalyticsView`` reads them for the query API, ``ensure_analyst_role`` creates the
read-only PostgreSQL role that analysts use in psql.
"""
