from tests.identity.issuer import dev_issuer

__all__ = ["dev_issuer"]
