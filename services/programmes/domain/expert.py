"""A person without membership who sits in or works for a body: an outside expert, a foreigner
included (Reg2024 §22). Pure.

Their personal data is handled as membership handles a member's: the IIN is validated by its
check digit (required of a citizen of Kazakhstan), kept in a private field with the identity
document of a foreigner who has none, never published, never logged, and shown masked in every
read. Their name and affiliation are public, as the bodies they sit in are.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from services.programmes.domain.document import refuse_personal_data_in
from services.programmes.domain.errors import InvalidIdNumber
from services.programmes.domain.events import ExpertRegistered, PersonName, Title
from shared.domain import Aggregate
from shared.errors import InvalidInput
from shared.identity import is_valid_iin
from shared.personal_data import refuse_personal_data

KAZAKHSTAN = "KZ"


def person_key(iin: str) -> str:
    """A stable key for "the same person" in read models, without the IIN itself."""
    return hashlib.sha256(f"kelisim-expert:{iin}".encode()).hexdigest()


class Expert(Aggregate):
    stream_type = "expert"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.name: PersonName | None = None

    @classmethod
    def register(
        cls,
        expert_id: uuid.UUID,
        name: PersonName,
        affiliation: Title | None,
        citizenship: str,
        iin: str | None,
        document: str | None,
        registered_on: date,
    ) -> Expert:
        if iin is not None and not is_valid_iin(iin):
            raise InvalidIdNumber()
        if citizenship == KAZAKHSTAN and iin is None:
            raise InvalidInput(None, reason="programmes_iin_required", field="iin")
        if iin is None and document is None:
            raise InvalidInput(None, reason="programmes_identity_required", field="document")
        refuse_personal_data("name", name.kk)
        refuse_personal_data("name", name.ru)
        if affiliation is not None:
            refuse_personal_data_in("affiliation", affiliation)
        expert = cls(str(expert_id))
        expert._record(
            ExpertRegistered(
                expert_id=expert_id,
                name=name,
                affiliation=affiliation,
                citizenship=citizenship,
                registered_on=registered_on,
                private_iin=iin,
                private_document=document,
            )
        )
        return expert

    def when_ExpertRegistered(self, event: ExpertRegistered) -> None:
        self.name = event.name
