"""Refusals about a protocol's record and sign-off, the same for every body (Reg2024 §15)."""

from __future__ import annotations

from shared.errors import Conflict, InvalidInput, KelisimError, NotFound
from shared.protocols import messages  # noqa: F401  (registers the messages)


class ProtocolAlreadySigned(Conflict):
    """A signed protocol never changes: corrections are corrigenda."""

    code = "protocol_already_signed"


class ProtocolNotSigned(Conflict):
    """A corrigendum corrects a signed protocol only."""

    code = "protocol_not_signed"


class SittingNotClosed(Conflict):
    """A protocol is signed once its sitting closed."""

    code = "protocol_sitting_not_closed"


class SittingNotInProgress(Conflict):
    """The chair, secretary, speakers and guests are recorded during the sitting."""

    code = "protocol_sitting_not_in_progress"


class OfficersNotRecorded(Conflict):
    """The chair and the secretary sign: they must have been recorded."""

    code = "protocol_officers_not_recorded"


class AgendaItemNotOnAgenda(NotFound):
    code = "protocol_agenda_item_not_found"


class ProtocolTampered(KelisimError):
    """The stored bytes of a signed protocol no longer match the digest recorded at sign-off."""

    status = 500
    code = "protocol_tampered"


class SpeakerNotNamed(InvalidInput):
    """A speaker is a member (by id, on the roster of the sitting's day) or is named."""

    code = "protocol_speaker_not_named"
