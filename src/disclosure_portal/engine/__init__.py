"""The engine adapters: the only code that imports MkDocs (the domain packages never do)."""
