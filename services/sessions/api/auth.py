"""The role dependencies of the sessions service's routes, in one place.

The Chairman convenes, postpones and cancels; the Secretariat runs the sitting, the polls and
the records; a regional assembly's token does all of that for its own assembly only (the
application layer checks the assembly, ``shared.assemblies.ensure_may_act_for``); members act
only for themselves; officials and auditors read what the public does not.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.api.auth import require_roles
from shared.assemblies import REGIONAL_ROLE
from shared.context import Actor

Chairman = Annotated[Actor, Depends(require_roles("chairman", REGIONAL_ROLE))]
Secretariat = Annotated[Actor, Depends(require_roles("secretariat", REGIONAL_ROLE))]
"""The Secretariat, or a regional assembly's token for its own assembly's Sessions and polls."""
Member = Annotated[Actor, Depends(require_roles("member"))]
SecretariatOrMember = Annotated[
    Actor, Depends(require_roles("secretariat", REGIONAL_ROLE, "member"))
]
Readers = Annotated[
    Actor,
    Depends(require_roles("chairman", "deputy_chairman", "secretariat", "auditor", "member")),
]
Officials = Annotated[
    Actor, Depends(require_roles("chairman", "deputy_chairman", "secretariat", "auditor"))
]
ATTENDANCE_READERS = frozenset({"chairman", "deputy_chairman", "secretariat", "auditor", "member"})
"""Who reads a sitting's attendance list (the public reads its quorum only)."""
RECORD_READERS = frozenset({"chairman", "deputy_chairman", "secretariat", "auditor"})
"""Who reads a member's record of votes besides the member."""
DRAFT_READERS = frozenset({"chairman", "deputy_chairman", "secretariat", "auditor", "member"})
"""Who reads a sitting's draft protocol (it names who attended); a signed one is public."""
