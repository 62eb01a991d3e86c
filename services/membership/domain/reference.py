"""Reference data of the membership service: regions, ethnic groups, associations. Pure.

Each entry is an aggregate with a stream of its own (``region-<code>``,
``ethnic_group-<code>``, ``association-<uuid>``), so a change to one entry is checked against
that entry's version (If-Match) and never conflicts with changes to another. Registering an
entry whose stream already exists is refused (no duplicate codes); two concurrent
registrations of one code both append at version 0 and the event store lets only one through.

- Regions: the 17 regions, the 3 cities of republican significance and the capital whose
  regional assemblies are accountable to the Assembly (Reg2024 §18–19). They are fixed by the
  administrative division: seeded by migration 0003, then only renamed.
- Ethnic groups: the ethnic groups of the people of Kazakhstan (2021 census), in kk/ru/en.
- Associations: ethnocultural and other public associations, republican or regional, from
  which members come (Reg2002 §13) and which nominate or recommend candidates (Reg2002 §14).
  An ethnocultural association represents one ethnic group; a regional one acts in one region.
"""

from __future__ import annotations

import uuid
from datetime import date

from services.membership.domain.errors import (
    AssociationAlreadyRegistered,
    AssociationIsClosed,
    EthnicGroupAlreadyRegistered,
    EthnicGroupOnlyForEthnocultural,
    EthnoculturalAssociationNeedsEthnicGroup,
    RegionalAssociationNeedsRegion,
    RegionAlreadyRegistered,
    RepublicanAssociationHasNoRegion,
)
from services.membership.domain.events import (
    AssociationClosed,
    AssociationKind,
    AssociationLevel,
    AssociationRegistered,
    AssociationRenamed,
    AssociationStatus,
    EthnicGroupRegistered,
    EthnicGroupRenamed,
    Names,
    RegionKind,
    RegionRegistered,
    RegionRenamed,
)
from shared.domain import Aggregate

# ---------------------------------------------------------------------------------------------
# Aggregates


class Region(Aggregate):
    """One region, city of republican significance or the capital (Reg2024 §18–19)."""

    stream_type = "region"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.registered = False
        self.kind: RegionKind | None = None
        self.name: Names | None = None

    @property
    def code(self) -> str:
        return self.id

    def register(self, kind: RegionKind, name: Names) -> None:
        """Enter the region in the reference data (done by migration 0003, not the API)."""
        if self.registered:
            raise RegionAlreadyRegistered(self.code)
        self._record(RegionRegistered(code=self.code, kind=kind, name=name))

    def rename(self, name: Names, reason: str) -> None:
        """A new name (a decree, a corrected spelling); the same name records nothing."""
        assert self.registered, "rename a registered region"
        if name == self.name:
            return
        self._record(RegionRenamed(code=self.code, name=name, reason=reason))

    def when_RegionRegistered(self, event: RegionRegistered) -> None:
        self.registered = True
        self.kind = event.kind
        self.name = event.name

    def when_RegionRenamed(self, event: RegionRenamed) -> None:
        self.name = event.name


class EthnicGroup(Aggregate):
    """One ethnic group of the people of Kazakhstan."""

    stream_type = "ethnic_group"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.registered = False
        self.name: Names | None = None

    @property
    def code(self) -> str:
        return self.id

    def register(self, name: Names) -> None:
        """Enter the ethnic group; its code is taken once and for all."""
        if self.registered:
            raise EthnicGroupAlreadyRegistered(self.code)
        self._record(EthnicGroupRegistered(code=self.code, name=name))

    def rename(self, name: Names, reason: str) -> None:
        """Correct the name; the same name records nothing."""
        assert self.registered, "rename a registered ethnic group"
        if name == self.name:
            return
        self._record(EthnicGroupRenamed(code=self.code, name=name, reason=reason))

    def when_EthnicGroupRegistered(self, event: EthnicGroupRegistered) -> None:
        self.registered = True
        self.name = event.name

    def when_EthnicGroupRenamed(self, event: EthnicGroupRenamed) -> None:
        self.name = event.name


class Association(Aggregate):
    """An ethnocultural or other public association, republican or regional (Reg2002 §13–14)."""

    stream_type = "association"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.registered = False
        self.name: Names | None = None
        self.level: AssociationLevel | None = None
        self.kind: AssociationKind | None = None
        self.region: str | None = None
        self.ethnic_group: str | None = None
        self.status: AssociationStatus | None = None
        self.closed_on: date | None = None

    @property
    def association_id(self) -> uuid.UUID:
        return uuid.UUID(self.id)

    @property
    def closed(self) -> bool:
        return self.status is AssociationStatus.CLOSED

    def register(
        self,
        name: Names,
        level: AssociationLevel,
        kind: AssociationKind,
        region: str | None,
        ethnic_group: str | None,
    ) -> None:
        """Register the association, checking the rules that need no other entry.

        That its region and ethnic group exist is the caller's check (they are other entries).
        """
        if self.registered:
            raise AssociationAlreadyRegistered(self.id)
        if level is AssociationLevel.REGIONAL and region is None:
            raise RegionalAssociationNeedsRegion()
        if level is AssociationLevel.REPUBLICAN and region is not None:
            raise RepublicanAssociationHasNoRegion()
        if kind is AssociationKind.ETHNOCULTURAL and ethnic_group is None:
            raise EthnoculturalAssociationNeedsEthnicGroup()
        if kind is AssociationKind.PUBLIC and ethnic_group is not None:
            raise EthnicGroupOnlyForEthnocultural()
        self._record(
            AssociationRegistered(
                association_id=self.association_id,
                name=name,
                level=level,
                kind=kind,
                region=region,
                ethnic_group=ethnic_group,
            )
        )

    def rename(self, name: Names, reason: str) -> None:
        """A new name; refused once the association is closed; the same name records nothing."""
        assert self.registered, "rename a registered association"
        if self.closed:
            raise AssociationIsClosed(self.id)
        if name == self.name:
            return
        self._record(
            AssociationRenamed(association_id=self.association_id, name=name, reason=reason)
        )

    def close(self, closed_on: date, reason: str) -> None:
        """The association ceased on ``closed_on``; closing it again is refused."""
        assert self.registered, "close a registered association"
        if self.closed:
            raise AssociationIsClosed(self.id)
        self._record(
            AssociationClosed(
                association_id=self.association_id, closed_on=closed_on, reason=reason
            )
        )

    def when_AssociationRegistered(self, event: AssociationRegistered) -> None:
        self.registered = True
        self.name = event.name
        self.level = event.level
        self.kind = event.kind
        self.region = event.region
        self.ethnic_group = event.ethnic_group
        self.status = AssociationStatus.ACTIVE

    def when_AssociationRenamed(self, event: AssociationRenamed) -> None:
        self.name = event.name

    def when_AssociationClosed(self, event: AssociationClosed) -> None:
        self.status = AssociationStatus.CLOSED
        self.closed_on = event.closed_on
