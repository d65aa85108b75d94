"""Request and response models of the command API (pydantic), one module per resource."""
