"""The closed loop: alert rules → actions with an SLA on a working-day calendar → effect check."""
