"""What every app of the platform shares."""
