"""Tables and the database session; nothing else lives here."""
