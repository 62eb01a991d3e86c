"""The role dependencies of monitoring's routes, in one place. A regional assembly's token
passes the dependencies that name ``regional_assembly``; which region it may act for or read
is decided per command or query (``application/scope.py``, ``common.reader_region``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.api.auth import require_roles
from shared.context import Actor

OFFICIALS = ("chairman", "deputy_chairman", "secretariat", "auditor")

Secretariat = Annotated[Actor, Depends(require_roles("secretariat"))]
Head = Annotated[Actor, Depends(require_roles("deputy_chairman"))]
Officials = Annotated[Actor, Depends(require_roles(*OFFICIALS))]
RegionalReaders = Annotated[Actor, Depends(require_roles(*OFFICIALS, "regional_assembly"))]
Reporters = Annotated[Actor, Depends(require_roles("secretariat", "regional_assembly"))]
