"""intake: reads faxed Election Forms and records them against the Offer deadline."""
