"""Stopping the worker pool never leaves its manager thread waiting on a half-written result."""

import os
import struct
import time
from concurrent.futures import ProcessPoolExecutor

from budgetkg.ingest.pipeline.workers import stop_pool


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_stop_pool_ends_the_manager_thread_after_a_half_written_result():
    pool = ProcessPoolExecutor(max_workers=1)
    pool.submit(_sleep, 60)
    time.sleep(1)  # the worker has started
    writer = pool._result_queue._writer
    # what a worker killed while sending leaves: a length header promising 100 bytes, then 2 of them
    os.write(writer.fileno(), struct.pack("!i", 100) + b"xx")
    manager = pool._executor_manager_thread
    stop_pool(pool)
    manager.join(timeout=15)
    alive = manager.is_alive()
    if alive and not writer.closed:
        writer.close()  # let this test process exit even when stop_pool failed
    assert not alive
