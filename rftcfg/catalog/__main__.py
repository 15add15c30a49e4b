"""`python -m rftcfg.catalog`: compile the data table (catalog.yaml -> catalog.json)."""

from rftcfg.catalog import compile_table

print(f"Wrote {compile_table()}.")
