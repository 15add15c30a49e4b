"""Files: bounded, safe reading of job files, datasets and reward curves; parsing untrusted job
data into a Job; atomic writing."""
