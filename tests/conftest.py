import os

# Tests run on the CPU with one thread pool; keep XLA from grabbing both cores for its own compiler threads.
os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=1")
