"""Windows that show a session to a person: the terminal window."""
