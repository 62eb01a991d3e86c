"""What ``kelisim up`` runs: embedded PostgreSQL and broker, the supervisor of the service
processes and the keeper that starts a crashed one again."""
