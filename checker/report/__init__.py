"""Reports read verdicts; they know nothing of rules' internals or of the engine."""
