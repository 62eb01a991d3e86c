"""The role dependencies of the council's routes, in one place. A regional assembly's token
passes the dependencies that name ``regional_assembly``; which assembly it may act for is
decided per command (``shared.assemblies.ensure_may_act_for``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.api.auth import require_roles
from shared.assemblies import REGIONAL_ROLE
from shared.context import Actor

OFFICIALS = frozenset({"chairman", "deputy_chairman", "secretariat", "auditor"})

Conveners = Annotated[Actor, Depends(require_roles("chairman", "deputy_chairman", REGIONAL_ROLE))]
Secretariat = Annotated[Actor, Depends(require_roles("secretariat", REGIONAL_ROLE))]
"""The Secretariat, or a regional assembly for its own council, its past and its cards
(checked per command)."""
NationalSecretariat = Annotated[Actor, Depends(require_roles("secretariat"))]
CouncilMember = Annotated[Actor, Depends(require_roles("council_member", "member"))]
Officials = Annotated[
    Actor, Depends(require_roles("chairman", "deputy_chairman", "secretariat", "auditor"))
]
OfficialsOrRegional = Annotated[Actor, Depends(require_roles(*sorted(OFFICIALS), REGIONAL_ROLE))]
SenateProposers = Annotated[Actor, Depends(require_roles("secretariat", REGIONAL_ROLE))]
StateBody = Annotated[Actor, Depends(require_roles("state_body"))]
ControlReaders = Annotated[
    Actor,
    Depends(
        require_roles(
            "chairman", "deputy_chairman", "secretariat", "auditor", "state_body", REGIONAL_ROLE
        )
    ),
]
"""Who reads the execution-control board: the officials, state bodies and regional assemblies."""
