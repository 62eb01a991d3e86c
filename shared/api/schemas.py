"""What every service's request bodies share."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RequestBody(BaseModel):
    """A command's JSON body: a field the operation does not know is refused (422
    ``extra_forbidden``), never silently dropped."""

    model_config = ConfigDict(extra="forbid")
