"""The terminal interview: questionary front end over testable interview logic."""
