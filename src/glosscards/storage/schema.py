"""The schema version a collection file records (light: no SQLAlchemy, for opening and --help)."""

SCHEMA_VERSION = 9
