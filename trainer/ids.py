"""The one pattern a scenario, fact or line id must match (kept apart from the models so
`trainer new` can check a name without loading pydantic)."""

ID_PATTERN = r"^[a-z][a-z0-9_-]{0,63}$"
