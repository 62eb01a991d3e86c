"""Membership's refusals, as typed errors citing the rule they enforce."""

from __future__ import annotations

from shared.errors import Conflict, RuleViolation


class MembershipAlreadyEnded(Conflict):
    code = "membership_already_ended"


class CandidacyAlreadyDecided(Conflict):
    """A second decision on the same candidacy (Reg2002 §14: the Chairman decides once)."""

    code = "candidacy_already_decided"


class CandidacyAlreadyReviewed(Conflict):
    code = "candidacy_already_reviewed"


class PersonAlreadyMember(Conflict):
    """A person holds one active membership at a time."""

    code = "person_already_member"


class NotAMember(Conflict):
    code = "not_a_member"


class EndBeforeInclusion(RuleViolation):
    def __init__(self) -> None:
        super().__init__("Reg2002 §15", "end_before_inclusion")


class ResignationOnlyBySelf(RuleViolation):
    """Reg2002 §20: a member may leave of their own will — their own, not another's."""

    def __init__(self) -> None:
        super().__init__("Reg2002 §20", "resignation_only_by_self")


class ApprovalBeforeCouncilReview(RuleViolation):
    """Reg2024 §13.2: the Council considers every candidacy before the Chairman decides."""

    def __init__(self) -> None:
        super().__init__("Reg2024 §13.2", "approval_before_council_review")


class NotSubmitted(RuleViolation):
    """Reg2002 §14: the Deputy Chairmen present the candidacies to the Chairman."""

    def __init__(self) -> None:
        super().__init__("Reg2002 §14", "not_submitted")


class NotRecommended(RuleViolation):
    """Reg2002 §14, Reg2024 §13.2: only a candidacy the Council recommended is presented."""

    def __init__(self) -> None:
        super().__init__("Reg2024 §13.2", "not_recommended")


class InvalidIin(RuleViolation):
    """APPC 2020 Art. 63 and the IIN's own check digit."""

    def __init__(self) -> None:
        super().__init__("IIN check digit", "invalid_iin")


class NominationIncomplete(RuleViolation):
    """Reg2002 §14: a nomination records the nominating body and its decision."""

    def __init__(self, missing: str) -> None:
        super().__init__("Reg2002 §14", "nomination_incomplete", missing=missing)


class UnknownAssociation(RuleViolation):
    """Reg2002 §14: a nomination names an association the Assembly knows."""

    def __init__(self, association_id: str) -> None:
        super().__init__("Reg2002 §14", "unknown_association", association_id=association_id)


class PersonAlreadyRegionalMember(Conflict):
    """A person is a member of one regional assembly at a time: a member who moves permanently
    to another region leaves the first (Law 2008 Art. 17)."""

    code = "person_already_regional_member"


class GroundNotForNationalMembership(RuleViolation):
    """Law 2008 Art. 17: moving to another region ends a regional membership only."""

    def __init__(self, ground: str) -> None:
        super().__init__("Law 2008 Art. 17", "end_ground_regional_only", ground=ground)


class RegionalCandidacyDecidedRegionally(RuleViolation):
    """Law 2008 Art. 14: a regional assembly decides its own membership; the Council's review
    and the Deputy Chairmen's submission (Reg2024 §13.2; Reg2002 §14) are the Assembly's."""

    def __init__(self, assembly: str) -> None:
        super().__init__("Law 2008 Art. 14", "regional_candidacy_step", assembly=assembly)


# -- bodies and posts -----------------------------------------------------------------------


class PostAlreadyHeld(Conflict):
    """The same person already holds this post on a day of the new term."""

    code = "post_already_held"


class PostTermAlreadyEnded(Conflict):
    code = "post_term_already_ended"


# -- reference data -------------------------------------------------------------------------


class RegionAlreadyRegistered(Conflict):
    code = "region_already_registered"

    def __init__(self, region: str) -> None:
        super().__init__(None, region=region)


class EthnicGroupAlreadyRegistered(Conflict):
    code = "ethnic_group_already_registered"

    def __init__(self, ethnic_group: str) -> None:
        super().__init__(None, ethnic_group=ethnic_group)


class AssociationAlreadyRegistered(Conflict):
    code = "association_already_registered"

    def __init__(self, association_id: str) -> None:
        super().__init__(None, association_id=association_id)


class AssociationIsClosed(Conflict):
    """A closed association is history: it is neither renamed nor closed again."""

    code = "association_closed"

    def __init__(self, association_id: str) -> None:
        super().__init__(None, association_id=association_id)


class RegionalAssociationNeedsRegion(RuleViolation):
    """Reg2002 §14: a regional association acts in one region, whose assembly it deals with."""

    def __init__(self) -> None:
        super().__init__("Reg2002 §14", "regional_association_needs_region")


class RepublicanAssociationHasNoRegion(RuleViolation):
    """Reg2002 §14: a republican association acts in the whole country, not in one region."""

    def __init__(self) -> None:
        super().__init__("Reg2002 §14", "republican_association_has_no_region")


class EthnoculturalAssociationNeedsEthnicGroup(RuleViolation):
    """Reg2002 §13–14: an ethnocultural association represents an ethnic group."""

    def __init__(self) -> None:
        super().__init__("Reg2002 §13–14", "ethnocultural_association_needs_ethnic_group")


class EthnicGroupOnlyForEthnocultural(RuleViolation):
    """Reg2002 §13: only an ethnocultural association represents an ethnic group; the other
    public associations do not."""

    def __init__(self) -> None:
        super().__init__("Reg2002 §13", "ethnic_group_only_for_ethnocultural")


class UnknownRegion(RuleViolation):
    """Reg2024 §18–19: the regions are those whose regional assemblies exist."""

    def __init__(self, region: str) -> None:
        super().__init__("Reg2024 §18–19", "unknown_region", region=region)


class UnknownEthnicGroup(RuleViolation):
    """Reg2002 §13–14: the ethnic group an ethnocultural association represents is one of the
    reference data's."""

    def __init__(self, ethnic_group: str) -> None:
        super().__init__("Reg2002 §13–14", "unknown_ethnic_group", ethnic_group=ethnic_group)


# -- the rulebook ledger --------------------------------------------------------------------


class RulebookVersionExists(Conflict):
    """A version id is published once; a changed version is a new one."""

    code = "rulebook_version_exists"
