"""The disclosure domain: loading, validating and publishing portal content.

Nothing in this package imports MkDocs, so it is unit-tested on its own, reused by the
`portal` command, and survives a change of site engine.
"""
