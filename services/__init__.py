"""Kelisim services: membership, sessions, council, monitoring."""
