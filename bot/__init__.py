"""The proposal coach: knowledge index, answers, critique and the Telegram bot."""

import os

# OpenBLAS's idle threads busy-wait for about 2^28 cycles after each call. On 2 cores that starved
# the e5 engine's OpenMP threads: its query embedding took 45-85 ms instead of 21 when it followed a
# USE embedding. The setting must be in place before numpy loads OpenBLAS; it cost the default
# configuration nothing measurable (benchmarks/, README). A value set by the user wins.
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")
