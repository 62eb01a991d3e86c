"""Exports for auditors and open-data users.

- **JSON Lines with proofs** (``export_lines``): the first line is the signed tree head (with the
  public key that signs it), then one line per leaf: its index, canonical leaf, leaf hash and its
  inclusion proof against that head (RFC 9162 §2.1.3). Anyone holding one line and the head can
  check that event on its own; the whole file is also a *reference copy* for later audits
  (``kelisim audit verify --reference``, ``export_reference``: used only if its leaves verify
  under its head, signed by the pinned key). Nothing is exported that does not verify against
  the head first. Quarantined leaves (``shared.audit.canonical``, format 2) are exported like
  any other.
- **Popolo** (``popolo``, https://www.popoloproject.com): persons, organizations, memberships,
  posts and vote events (with each member's vote in open and roll-call polls; a secret poll's
  ballots name nobody), built from membership's and sessions' event logs. No private field
  (IIN, sex, ethnicity) is ever read into it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from shared.audit.crosscheck import LoggedEvent, read_log
from shared.audit.heads import SignedTreeHead
from shared.audit.merkle import MemoryTree, leaf_hash, root_of, verify_inclusion
from shared.audit.verify import Reference, SourceEntry


class ExportRefused(ValueError):
    """The leaves do not hash to the signed head: an export would vouch for a broken log."""


_LEAF_KEY = b',"leaf":'
_INDEX_KEY = b'{"type":"entry","leaf_index":'


def entry_line(
    index: int, tree_size: int, leaf: bytes, leaf_digest: bytes, path: list[bytes]
) -> bytes:
    """One export line. The canonical leaf is embedded as it is, last (it is JSON itself), so a
    verifier takes its exact bytes by slicing instead of parsing and re-serialising."""
    head = json.dumps(
        {
            "type": "entry",
            "leaf_index": index,
            "tree_size": tree_size,
            "leaf_hash": leaf_digest.hex(),
            "audit_path": [h.hex() for h in path],
        },
        separators=(",", ":"),
    ).encode()
    return head[:-1] + _LEAF_KEY + leaf + b"}"


def parse_entry_line(line: bytes) -> tuple[int, bytes]:
    """The leaf index and the exact canonical leaf bytes of an export line."""
    line = line.rstrip(b"\r\n")
    if not line.startswith(_INDEX_KEY) or not line.endswith(b"}"):
        raise ValueError("not an export entry line")
    comma = line.index(b",", len(_INDEX_KEY))
    start = line.index(_LEAF_KEY) + len(_LEAF_KEY)
    return int(line[len(_INDEX_KEY) : comma]), line[start:-1]


def export_lines(head: SignedTreeHead, public_key: str, leaves: Sequence[bytes]) -> Iterator[bytes]:
    """The JSON Lines of an export of ``leaves`` (the first ``head.tree_size`` of the log)."""
    if len(leaves) < head.tree_size:
        raise ExportRefused(f"{len(leaves)} leaves for a head of {head.tree_size}")
    leaves = leaves[: head.tree_size]
    tree = MemoryTree(leaf_hash(leaf) for leaf in leaves)
    if tree.root() != head.root_hash:
        raise ExportRefused("the leaves do not hash to the signed head's root")
    yield json.dumps({"type": "tree_head", **head.to_json(), "public_key": public_key}).encode()
    for index, leaf in enumerate(leaves):
        yield entry_line(index, head.tree_size, leaf, tree.leaf(index), tree.inclusion_proof(index))


def verify_line(line: bytes, head: SignedTreeHead) -> bool:
    """Does one exported entry prove its leaf under ``head`` (hash and inclusion proof)?"""
    index, leaf = parse_entry_line(line)
    path = [bytes.fromhex(h) for h in json.loads(line)["audit_path"]]
    return verify_inclusion(index, head.tree_size, leaf_hash(leaf), path, head.root_hash)


def read_export(path: Path) -> tuple[SignedTreeHead, str, list[SourceEntry]]:
    """The head, its public key (base64) and the entries of an export file."""
    head: SignedTreeHead | None = None
    public_key = ""
    entries: list[SourceEntry] = []
    with path.open("rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            if line.startswith(_INDEX_KEY):
                index, leaf = parse_entry_line(line)
                entries.append(SourceEntry(index, leaf))
                continue
            value = json.loads(line)
            if value.get("type") == "tree_head":
                head = SignedTreeHead.from_json(value)
                public_key = str(value.get("public_key", ""))
    if head is None:
        raise ValueError(f"{path} has no tree head line")
    return head, public_key, entries


def export_reference(path: Path, public_key: Ed25519PublicKey, log: str) -> Reference:
    """An export as a reference copy, once its head is the pinned key's and of ``log``, and its
    leaves hash to that head (ValueError otherwise)."""
    head, _, entries = read_export(path)
    if head.log != log or not head.verify(public_key):
        raise ValueError(f"the head of {path} is not signed by the pinned key of {log}")
    hashes = {entry.index: leaf_hash(entry.leaf or b"") for entry in entries}
    if sorted(hashes) != list(range(head.tree_size)):
        raise ValueError(f"{path} does not hold leaves 0 to {head.tree_size - 1} exactly")
    if root_of(hashes[i] for i in range(head.tree_size))[1] != head.root_hash:
        raise ValueError(f"the leaves of {path} do not hash to its signed head")
    return Reference("export", str(path), hashes, signed=head)


# -- Popolo ----------------------------------------------------------------------------------

ASSEMBLY = {
    "id": "apk",
    "name": "Қазақстан халқы Ассамблеясы",
    "other_names": [
        {"name": "Ассамблея народа Казахстана", "note": "ru"},
        {"name": "Assembly of the People of Kazakhstan", "note": "en"},
    ],
    "classification": "assembly",
}
MEMBERSHIP_POPOLO_TYPES = (
    "MemberIncluded",
    "MembershipEnded",
    "MemberNameCorrected",
    "PostTermStarted",
    "PostTermEnded",
    "AssociationRegistered",
    "AssociationRenamed",
    "AssociationClosed",
)
SESSIONS_POPOLO_TYPES = ("PollOpened", "PollClosed", "VoteCast")
_OPTION = {"for": "yes", "against": "no", "abstain": "abstain"}


def _names(name: dict[str, Any]) -> dict[str, Any]:
    return {"name": name["kk"], "other_names": [{"name": name["ru"], "note": "ru"}]}


def _body_id(body: str, region: str | None) -> str:
    return f"apk/{body}/{region}" if region else f"apk/{body}"


def popolo(membership: Iterable[LoggedEvent], sessions: Iterable[LoggedEvent]) -> dict[str, Any]:
    """The Popolo document of the Assembly from the two logs (in commit order)."""
    persons: dict[str, dict[str, Any]] = {}
    organizations: dict[str, dict[str, Any]] = {"apk": dict(ASSEMBLY)}
    memberships: dict[str, dict[str, Any]] = {}
    posts: dict[str, dict[str, Any]] = {}
    spans: dict[str, int] = {}
    for event in membership:
        d = event.data
        kind = event.event_type
        if kind == "MemberIncluded":
            member = str(d["member_id"])
            persons[member] = {"id": member, **_names(d["name"])}
            spans[member] = spans.get(member, 0) + 1
            row: dict[str, Any] = {
                "id": f"{member}/{spans[member]}",
                "person_id": member,
                "organization_id": "apk",
                "role": "member",
                "start_date": d["effective_on"],
            }
            if d.get("association_id"):
                row["on_behalf_of_id"] = f"association/{d['association_id']}"
            if d.get("region"):
                row["area_id"] = d["region"]
            memberships[row["id"]] = row
        elif kind == "MembershipEnded":
            member = str(d["member_id"])
            current = memberships.get(f"{member}/{spans.get(member, 0)}")
            if current is not None:
                current["end_date"] = d["effective_on"]
        elif kind == "MemberNameCorrected":
            person = persons.get(str(d["member_id"]))
            if person is not None:
                person.update(_names(d["name"]))
        elif kind in ("AssociationRegistered", "AssociationRenamed"):
            org_id = f"association/{d['association_id']}"
            organizations.setdefault(
                org_id, {"id": org_id, "classification": "association", "parent_id": None}
            )
            organizations[org_id].update(_names(d["name"]))
            if kind == "AssociationRegistered":
                organizations[org_id]["classification"] = f"{d['level']} {d['kind']} association"
        elif kind == "AssociationClosed":
            closed = organizations.get(f"association/{d['association_id']}")
            if closed is not None:
                closed["dissolution_date"] = d["closed_on"]
        elif kind == "PostTermStarted":
            body = _body_id(d["body"], d.get("region"))
            organizations.setdefault(
                body, {"id": body, "name": body, "classification": d["body"], "parent_id": "apk"}
            )
            post = f"{body}/{d['post']}"
            posts.setdefault(
                post, {"id": post, "organization_id": body, "label": d["post"], "role": d["post"]}
            )
            person_id = str(d["member_id"]) if d.get("member_id") else f"term/{d['term_id']}"
            persons.setdefault(person_id, {"id": person_id, **_names(d["name"])})
            memberships[f"term/{d['term_id']}"] = {
                "id": f"term/{d['term_id']}",
                "person_id": person_id,
                "organization_id": body,
                "post_id": post,
                "role": d["post"],
                "start_date": d["start_on"],
            }
        elif kind == "PostTermEnded":
            term = memberships.get(f"term/{d['term_id']}")
            if term is not None:
                term["end_date"] = d["end_on"]
    vote_events: dict[str, dict[str, Any]] = {}
    motions: dict[str, dict[str, Any]] = {}
    for event in sessions:
        d = event.data
        if event.event_type == "PollOpened":
            poll = str(d["poll_id"])
            motions[poll] = {
                "id": poll,
                "organization_id": "apk",
                "legislative_session_id": str(d["session_id"]),
                "text": d["motion"]["kk"],
                "other_texts": [{"text": d["motion"]["ru"], "note": "ru"}],
                "date": d["sitting_on"],
                "requirement": f"{d['required']} of {d['present']} present ({d['rule']})",
            }
            vote_events[poll] = {
                "id": poll,
                "organization_id": "apk",
                "legislative_session_id": str(d["session_id"]),
                "motion_id": poll,
                "start_date": d["opened_at"],
                "method": d["method"],
                "votes": [],
            }
        elif event.event_type == "PollClosed" and str(d["poll_id"]) in vote_events:
            vote_event = vote_events[str(d["poll_id"])]
            vote_event["end_date"] = d["closed_at"]
            vote_event["result"] = "pass" if d["adopted"] else "fail"
            vote_event["counts"] = [
                {"option": "yes", "value": d["votes_for"]},
                {"option": "no", "value": d["against"]},
                {"option": "abstain", "value": d["abstain"]},
            ]
        elif event.event_type == "VoteCast" and str(d["poll_id"]) in vote_events:
            vote_events[str(d["poll_id"])]["votes"].append(
                {"voter_id": str(d["member_id"]), "option": _OPTION.get(d["choice"], d["choice"])}
            )
    return {
        "persons": sorted(persons.values(), key=lambda p: p["id"]),
        "organizations": sorted(organizations.values(), key=lambda o: o["id"]),
        "memberships": sorted(memberships.values(), key=lambda m: m["id"]),
        "posts": sorted(posts.values(), key=lambda p: p["id"]),
        "motions": sorted(motions.values(), key=lambda m: m["id"]),
        "vote_events": sorted(vote_events.values(), key=lambda v: v["id"]),
    }


async def popolo_from_databases(membership_url: str, sessions_url: str | None) -> dict[str, Any]:
    membership = await read_log(membership_url, "membership", MEMBERSHIP_POPOLO_TYPES) or []
    sessions = (
        await read_log(sessions_url, "sessions", SESSIONS_POPOLO_TYPES) or []
        if sessions_url is not None
        else []
    )
    return popolo(membership, sessions)
