"""The session: memory, engine, VDDs, clock and the monitor's trap dispatch."""
