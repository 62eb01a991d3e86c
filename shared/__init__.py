"""Kelisim platform: event store, outbox relay, consumers, API plumbing, audit log and
settings: the library the services import (the toolbox is ``ops``)."""
