"""Loading a service's archive: acts of the past from their documents, all or nothing per file.

See :mod:`shared.archive.loader`; ``kelisim archive load`` runs it (:mod:`ops.archive.cli`).
"""
