"""Markets: instrument settings and imported price history (api.md "Markets")."""
