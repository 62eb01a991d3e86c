"""Who may call membership's routes: the role dependencies of every route, in one place.

A regional assembly decides its own membership and its own body (Law 2008 Art. 14): its
secretariat (the region's ``regional_assembly`` token) records them, for its own region only;
the application refuses it any other assembly (403 ``assembly_scope``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.api.auth import require_roles
from shared.assemblies import REGIONAL_ROLE
from shared.context import Actor

Secretariat = Annotated[Actor, Depends(require_roles("secretariat"))]
"""The Assembly's Secretariat: reference data, rulebooks, the Council's review back-filled."""

Decider = Annotated[Actor, Depends(require_roles("chairman", "secretariat", REGIONAL_ROLE))]
"""Who records a decision on membership: the Chairman's (Reg2002 §14), a regional assembly's."""

DeciderOrMember = Annotated[
    Actor, Depends(require_roles("chairman", "secretariat", REGIONAL_ROLE, "member"))
]
"""A decider, or the member ending their own membership (Reg2002 §20)."""

Recorder = Annotated[Actor, Depends(require_roles("secretariat", REGIONAL_ROLE))]
"""Who records nominations and name corrections."""

DeputyChairmen = Annotated[Actor, Depends(require_roles("deputy_chairman"))]
"""The Deputy Chairmen, who submit a candidacy to the Chairman (Reg2002 §14)."""

OfficialsOrRegional = Annotated[
    Actor,
    Depends(require_roles("chairman", "deputy_chairman", "secretariat", "auditor", REGIONAL_ROLE)),
]
"""The Assembly's officials and auditors, or a regional assembly's secretariat."""

PostRecorder = Annotated[
    Actor, Depends(require_roles("chairman", "secretariat", "regional_assembly"))
]
"""Who records appointments to posts and their ends."""
