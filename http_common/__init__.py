"""What both HTTP apps share: tokens, problem documents, middleware, probes, metrics, ops routes, the caller.

The command and query APIs never import each other; each imports this package and
adds only what is its own (its container, its routes, its domain-specific errors).
"""
