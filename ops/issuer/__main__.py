"""``python -m ops.issuer --home H --port P``: serve the development issuer on 127.0.0.1."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ops.issuer.process import issuer_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ops.issuer")
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--audience", default="kelisim")
    parser.add_argument("--ttl", type=int, default=3600)
    args = parser.parse_args(argv)
    if os.environ.get("KELISIM_ENVIRONMENT", "").strip().lower() == "production":
        sys.stderr.write("the development issuer does not run in production\n")
        return 2
    import uvicorn

    from ops.issuer.server import create_issuer_app

    app = create_issuer_app(issuer_url(args.port), args.home, args.audience, args.ttl)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
