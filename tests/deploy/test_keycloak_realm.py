"""The Keycloak of docker-compose.yml imports a realm the services accept as it is: every
Kelisim role, mappers that put the claims where the services' default settings read them, the
audience they check, the console's public client with PKCE and a confidential system client.
(Keycloak itself cannot run here: no container engine; the realm is checked as data.)"""

from __future__ import annotations

import json
from typing import Any

from shared.api.auth import ROLES
from shared.settings import DEVELOPMENT_ORIGINS, PlatformSettings
from tests.deploy.manifests import REPO, compose_environment, compose_file

REALM: dict[str, Any] = json.loads(
    (REPO / "deploy" / "keycloak" / "kelisim-realm.json").read_text(encoding="utf-8")
)
COMPOSE = compose_file()["services"]


def client(client_id: str) -> dict[str, Any]:
    (found,) = [c for c in REALM["clients"] if c["clientId"] == client_id]
    return found


def claims_mapped(client_id: str) -> dict[str, str]:
    """claim name -> mapper type, for the claims a client's access tokens carry."""
    mapped = {}
    for mapper in client(client_id)["protocolMappers"]:
        config = mapper["config"]
        assert config.get("access.token.claim") == "true", mapper["name"]
        if mapper["protocolMapper"] == "oidc-audience-mapper":
            mapped["aud"] = config["included.custom.audience"]
        else:
            mapped[config["claim.name"]] = mapper["protocolMapper"]
    return mapped


def test_compose_imports_the_realm_and_the_services_trust_it() -> None:
    keycloak = COMPOSE["keycloak"]
    assert keycloak["image"].startswith("quay.io/keycloak/keycloak:")
    assert keycloak["command"][:2] == ["start-dev", "--import-realm"]
    assert "./deploy/keycloak:/opt/keycloak/data/import:ro" in keycloak["volumes"]
    defaults = PlatformSettings.model_fields
    env = compose_environment(COMPOSE["membership"])
    hostname = next(a for a in keycloak["command"] if a.startswith("--hostname="))
    issuer = hostname.removeprefix("--hostname=") + "/realms/" + REALM["realm"]
    assert env["KELISIM_OIDC_ISSUER"] == issuer
    assert env["KELISIM_OIDC_AUDIENCE"] == defaults["oidc_audience"].default == "kelisim"
    assert env["KELISIM_OIDC_DISCOVERY_URL"].startswith("http://keycloak:8080/realms/kelisim/")


def test_the_realm_gives_the_claims_the_services_read_by_default() -> None:
    assert {r["name"] for r in REALM["roles"]["realm"]} == set(ROLES) - {"public"}
    defaults = PlatformSettings.model_fields
    for client_id in ("kelisim-console", "kelisim-system"):
        mapped = claims_mapped(client_id)
        assert mapped["aud"] == defaults["oidc_audience"].default
        assert mapped[defaults["oidc_roles_claim"].default] == "oidc-usermodel-realm-role-mapper"
        for scope in ("oidc_region_claim", "oidc_state_body_claim"):
            assert mapped[defaults[scope].default] == "oidc-usermodel-attribute-mapper"
    profile = json.loads(
        REALM["components"]["org.keycloak.userprofile.UserProfileProvider"][0]["config"][
            "kc.user.profile.config"
        ][0]
    )
    assert {"region", "state_body"} <= {a["name"] for a in profile["attributes"]}


def test_the_clients() -> None:
    console = client("kelisim-console")
    assert console["publicClient"] is True and console["standardFlowEnabled"] is True
    assert console["implicitFlowEnabled"] is False and console["directAccessGrantsEnabled"] is False
    assert console["attributes"]["pkce.code.challenge.method"] == "S256"
    assert set(console["webOrigins"]) == set(DEVELOPMENT_ORIGINS)
    assert {f"{o}/auth/callback" for o in DEVELOPMENT_ORIGINS} == set(console["redirectUris"])
    system = client("kelisim-system")
    assert system["publicClient"] is False and system["serviceAccountsEnabled"] is True
    assert system["standardFlowEnabled"] is False
    (account,) = [u for u in REALM["users"] if u.get("serviceAccountClientId") == "kelisim-system"]
    assert set(account["realmRoles"]) <= set(ROLES)


def test_every_scoped_user_has_its_scope() -> None:
    for user in REALM["users"]:
        roles = set(user.get("realmRoles", []))
        attributes = user.get("attributes", {})
        assert roles <= set(ROLES), user["username"]
        if "regional_assembly" in roles:
            assert attributes.get("region"), user["username"]
        if "state_body" in roles:
            assert attributes.get("state_body"), user["username"]
