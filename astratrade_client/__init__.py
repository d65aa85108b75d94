"""Python clients of AstraTrade's two HTTP APIs, generated from contracts/openapi/ by scripts/contracts
(openapi-python-client): ``command_api`` and ``query_api``. Do not edit the subpackages: regenerate them."""
