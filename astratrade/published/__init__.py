"""The published contracts: OpenAPI, AsyncAPI and event JSON Schemas, generated from the code into contracts/."""
