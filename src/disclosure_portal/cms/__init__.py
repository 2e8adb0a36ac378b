"""The editors' app (`portal cms`): Decap CMS, vendored, with a config generated from the
field tables (config.py) and written into a folder or into the built site (app.py)."""
