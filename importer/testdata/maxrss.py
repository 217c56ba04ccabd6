"""Runs a command and prints its wall time and peak memory (max RSS)."""
import resource
import subprocess
import sys
import time

start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{' '.join(sys.argv[1:3])}: {elapsed:.3f} s, peak memory {peak:.0f} MB, exit {proc.returncode}")
sys.exit(proc.returncode)
