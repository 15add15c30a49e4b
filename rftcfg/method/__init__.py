"""The tuning method: what differs between two jobs, one change for a symptom, one-factor sweeps,
and what a reward curve says."""
