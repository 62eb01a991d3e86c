"""The procedures of each Regulation, as data (``procedures-<assembly>.json``)."""
