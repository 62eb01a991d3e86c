"""The auditor's tools over the services' tamper-evident logs (``shared.audit``).

- ``cli``: ``kelisim audit``; ``verify``: the auditor's verification and where a log
  breaks; ``sources``: entries from the API or the Kafka topic; ``archive``: head archives
  kept outside the database.
- ``replay``: read models rebuilt into a scratch schema and diffed; state at any instant.
- ``crosscheck``: checks across services' logs; ``export``: JSON Lines with proofs;
  ``popolo``: the open data in the Popolo format.
"""
