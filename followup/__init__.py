"""followup: make sure what a committee asked for at one session is done, or explained, by the next."""
