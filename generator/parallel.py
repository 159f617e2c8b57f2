"""Run independent tasks in forked worker processes, one per core, results in order.

A big dossier's pages take most of the generator's time, and each depends only
on the linked model. Forked workers inherit the model as it is in memory, so
nothing is copied or pickled on the way in; only the results come back, in the
order of the tasks, which keeps the output the same as from one process.

Work is shared out only where forking is safe and pays: on Linux, from a
process with no other thread (forking a threaded one, such as `dossier serve`
with MkDocs' server running, can deadlock the child), and with enough tasks
for each worker. Otherwise the tasks run here, one after another.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

R = TypeVar("R")
log = logging.getLogger(__name__)

# Fewer tasks than this for each worker are quicker to run here than to share out.
MIN_TASKS_PER_JOB = 100
# Tasks go to the workers in batches, each this share of what is left for each worker
# (guided self-scheduling), so that the last batches are small and the workers finish
# together: equal batches of a sixteenth of the work left one worker idle for about half
# a batch at the end, 0.1 to 0.15 s of each pool at size L.
BATCH_SHARE = 0.5
MIN_BATCH = 8
# No batch holds more than this share of the tasks for each worker: leaving a block of
# `started` early (an error found while linking) waits for the batches already handed out.
MAX_BATCH_SHARE = 1 / 8

# The tasks `started` is handing out, for the workers it forks to find by index.
_tasks: Sequence[Callable[[], object]] = ()


class _Failed:
    """What a worker sends back for a task that raised; the task is then run here."""


def available_cores() -> int:
    """How many cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether worker processes may be forked from this one now."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _run(batch: range) -> list[object]:
    """Run a batch of tasks in a worker. An exception stays here: it may not survive pickling."""
    results: list[object] = []
    for index in batch:
        try:
            results.append(_tasks[index]())
        except Exception:
            results.append(_Failed())
    return results


def batches(count: int, jobs: int) -> list[range]:
    """The indexes of `count` tasks in consecutive batches, largest first."""
    found, start = [], 0
    largest = max(MIN_BATCH, int(MAX_BATCH_SHARE * count / jobs))
    while start < count:
        size = max(MIN_BATCH, min(largest, int(BATCH_SHARE * (count - start) / jobs)))
        found.append(range(start, min(count, start + size)))
        start += size
    return found


def run_in_order(tasks: Sequence[Callable[[], R]], jobs: int | None = None) -> list[R]:
    """Each task's result, in order; `jobs` workers at most (None: one per core).

    A task that fails in a worker runs again here, so that its exception is raised
    with its own type and traceback.
    """
    with started(tasks, jobs) as results:
        return results()


@contextmanager
def started(
    tasks: Sequence[Callable[[], R]], jobs: int | None = None
) -> Iterator[Callable[[], list[R]]]:
    """Start the tasks in worker processes, which run them while the block does other work.

    The block calls what this yields to wait for their results, in order, as
    `run_in_order` returns them. Where the work is not shared out, the tasks run
    then, one after another. Leaving the block early (an exception) cancels what
    has not started. While the workers run, this process has other threads, so
    nothing in the block forks workers of its own.
    """
    global _tasks
    jobs = min(jobs or available_cores(), len(tasks) // MIN_TASKS_PER_JOB)
    if jobs < 2 or not can_fork():
        yield lambda: [task() for task in tasks]
        return
    log.debug("sharing %d tasks among %d processes", len(tasks), jobs)
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    _tasks = tasks
    try:  # the first batch forks the workers
        pending = [pool.submit(_run, batch) for batch in batches(len(tasks), jobs)]
    finally:
        _tasks = ()

    def results() -> list[R]:
        try:
            done = [result for future in pending for result in future.result()]
        except BrokenProcessPool:
            log.warning("a worker process was stopped (out of memory?); going on in one process")
            return [task() for task in tasks]
        return [
            tasks[i]() if isinstance(result, _Failed) else result  # type: ignore[misc]
            for i, result in enumerate(done)
        ]

    try:
        yield results
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    # Waiting for the workers to exit makes their CPU time count among this process's children.
    pool.shutdown()
