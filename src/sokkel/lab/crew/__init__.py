"""Rail crew duty planning: from a GTFS timetable to valid, near-optimal duties."""
