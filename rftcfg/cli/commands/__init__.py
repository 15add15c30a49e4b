"""One module per command; importing one registers it on the app.

A command imports its use case inside its function, so starting any one command does not pay
for loading every other command's modules (`benchmarks/startup.py` measures it)."""
