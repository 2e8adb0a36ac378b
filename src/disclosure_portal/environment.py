"""Names of environment variables `portal build` sets for the engine it starts, in a module of
their own: the command sets them before it has imported the pipeline, which it imports while the
engine runs (publishing.build_site)."""

PREVIEW_ENVIRONMENT = "PORTAL_PREVIEW"  # "1": an editors' preview (publishing.build_site)
# the engine's scan writes what it found clean (the ledger) to this file, with this nonce
LEDGER_ENVIRONMENT = "PORTAL_SCAN_LEDGER"
NONCE_ENVIRONMENT = "PORTAL_SCAN_NONCE"
