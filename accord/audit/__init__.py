"""The audit trail. Record events with ``accord.audit.record(...)``; nothing else writes to it."""
