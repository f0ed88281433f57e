# expect: crash
import os

print("{\"schema_version\": 1, \"status\": \"graded\", \"passed\": true, \"score\": 10.0}", flush=True)
os._exit(0)
