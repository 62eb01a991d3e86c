"""Settings for a real Kafka cluster: mutual TLS, SASL, and refusing options a protocol would
ignore. Certificates are made here with ``cryptography``; no broker is needed."""

from __future__ import annotations

import datetime as dt
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import SecretStr, ValidationError

from shared.messaging.kafka import make_producer
from shared.settings import PlatformSettings


def _certificate(
    name: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Name,
    signer: ec.EllipticCurvePrivateKey,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=name == "ca", path_length=None), critical=True)
        .sign(signer, hashes.SHA256())
    )


@pytest.fixture
def pki(tmp_path: Path) -> dict[str, Path]:
    """A CA, a client certificate it signed, the client's key (plain and encrypted), and a key
    that belongs to no certificate here."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ca")])
    ca = _certificate("ca", ca_key, ca_name, ca_key)
    client_key = ec.generate_private_key(ec.SECP256R1())
    client = _certificate("kelisim-membership", client_key, ca_name, ca_key)
    stranger = ec.generate_private_key(ec.SECP256R1())

    def key_pem(key: ec.EllipticCurvePrivateKey, password: bytes | None = None) -> bytes:
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password)
            if password
            else serialization.NoEncryption()
        )
        return key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )

    files = {
        "ca": ca.public_bytes(serialization.Encoding.PEM),
        "cert": client.public_bytes(serialization.Encoding.PEM),
        "key": key_pem(client_key),
        "encrypted_key": key_pem(client_key, b"key-password"),
        "stranger_key": key_pem(stranger),
    }
    paths = {}
    for name, content in files.items():
        path = tmp_path / f"{name}.pem"
        path.write_bytes(content)
        paths[name] = path
    return paths


def settings(**values: object) -> PlatformSettings:
    return PlatformSettings(_env_file=None, **values)  # type: ignore[call-arg]


def test_mutual_tls_loads_the_ca_and_the_client_certificate(pki: dict[str, Path]) -> None:
    platform = settings(
        kafka_bootstrap_servers="kafka-0:9093",
        kafka_security_protocol="SSL",
        kafka_ssl_cafile=pki["ca"],
        kafka_ssl_certfile=pki["cert"],
        kafka_ssl_keyfile=pki["key"],
    )
    options = platform.kafka_client_options()
    assert options["security_protocol"] == "SSL"
    assert options["bootstrap_servers"] == "kafka-0:9093"
    context = options["ssl_context"]
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert [c["subject"] for c in context.get_ca_certs()] == [((("commonName", "ca"),),)]
    assert "sasl_mechanism" not in options


def test_the_client_key_is_really_loaded(pki: dict[str, Path]) -> None:
    """A key that does not match the certificate is refused, so the pair reaches the context."""
    platform = settings(
        kafka_security_protocol="SSL",
        kafka_ssl_cafile=pki["ca"],
        kafka_ssl_certfile=pki["cert"],
        kafka_ssl_keyfile=pki["stranger_key"],
    )
    with pytest.raises(ssl.SSLError):
        platform.kafka_client_options()


def test_an_encrypted_client_key_needs_its_password(pki: dict[str, Path]) -> None:
    base = {
        "kafka_security_protocol": "SSL",
        "kafka_ssl_cafile": pki["ca"],
        "kafka_ssl_certfile": pki["cert"],
        "kafka_ssl_keyfile": pki["encrypted_key"],
    }
    with_password = settings(**base, kafka_ssl_key_password=SecretStr("key-password"))
    assert isinstance(with_password.kafka_client_options()["ssl_context"], ssl.SSLContext)
    with pytest.raises(ssl.SSLError):
        settings(**base, kafka_ssl_key_password=SecretStr("wrong")).kafka_client_options()


def test_sasl_over_tls(pki: dict[str, Path]) -> None:
    platform = settings(
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_username="kelisim-sessions",
        kafka_sasl_password=SecretStr("scram-password"),
        kafka_ssl_cafile=pki["ca"],
    )
    options = platform.kafka_client_options()
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "kelisim-sessions"
    assert options["sasl_plain_password"] == "scram-password"
    assert isinstance(options["ssl_context"], ssl.SSLContext)


def test_plaintext_has_no_tls_or_sasl() -> None:
    options = settings().kafka_client_options()
    assert options == {"bootstrap_servers": "127.0.0.1:9092", "security_protocol": "PLAINTEXT"}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"kafka_security_protocol": "SSL", "kafka_ssl_certfile": "c.pem"}, "go together"),
        ({"kafka_security_protocol": "SSL", "kafka_ssl_keyfile": "k.pem"}, "go together"),
        ({"kafka_ssl_cafile": "ca.pem"}, "need KELISIM_KAFKA_SECURITY_PROTOCOL SSL"),
        (
            {"kafka_ssl_certfile": "c.pem", "kafka_ssl_keyfile": "k.pem"},
            "need KELISIM_KAFKA_SECURITY_PROTOCOL SSL",
        ),
        ({"kafka_security_protocol": "SASL_SSL"}, "needs KELISIM_KAFKA_SASL_MECHANISM"),
        ({"kafka_sasl_mechanism": "PLAIN"}, r"needs a SASL_\* security protocol"),
        (
            {"kafka_security_protocol": "SASL_PLAINTEXT", "kafka_sasl_mechanism": "PLAIN"},
            "KELISIM_KAFKA_SASL_USERNAME and KELISIM_KAFKA_SASL_PASSWORD",
        ),
    ],
)
def test_options_a_protocol_would_ignore_are_refused(values: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        settings(**values)


async def test_the_producer_is_idempotent_with_acks_all_when_set() -> None:
    """What compose and the k8s ConfigMap set for a real Kafka reaches the relay's producer."""
    platform = settings(kafka_enable_idempotence=True, kafka_acks="all")
    producer = make_producer(platform, "kelisim-test-relay")
    try:
        assert producer._txn_manager is not None, "the idempotent producer keeps sequence numbers"
        assert producer._sender._acks == -1  # "all"
    finally:
        await producer.stop()
    embedded = make_producer(settings(), "kelisim-test-relay")
    try:
        assert embedded._txn_manager is None, "off by default: the embedded broker lacks it"
    finally:
        await embedded.stop()
