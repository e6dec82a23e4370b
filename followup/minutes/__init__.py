"""Reading minutes files and parsing them into a structured document."""
