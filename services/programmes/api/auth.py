"""Who may call programmes' routes: the role dependencies of every route, in one place.

The Secretariat keeps the programme documents, plans, awards and the experts' register
(Reg2024 §17); a regional assembly organises its own region's bodies (Reg2024 §18–19), the
application refusing it any other (403 ``assembly_scope``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.api.auth import require_roles
from shared.context import Actor

OFFICIALS = ("chairman", "deputy_chairman", "secretariat", "auditor")
"""The Assembly's officials, who read drafts and every body's records."""

Secretariat = Annotated[Actor, Depends(require_roles("secretariat"))]
Organisers = Annotated[Actor, Depends(require_roles("secretariat", "regional_assembly"))]
Readers = Annotated[
    Actor, Depends(require_roles(*OFFICIALS, "council_member", "regional_assembly", "state_body"))
]
"""Officials, the Council's members, regional assemblies and state bodies (each its own share)."""
