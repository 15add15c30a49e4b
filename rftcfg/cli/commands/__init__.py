"""One module per command; importing one registers it on the app."""
