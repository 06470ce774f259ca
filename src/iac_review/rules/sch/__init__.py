"""SCH: provider bindings checked against the provider schema."""
