"""rftcfg: turn the documented RFT tuning advice into validated Fireworks AI job configs."""

__version__ = "0.1.0"
