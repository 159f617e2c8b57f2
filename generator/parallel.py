"""Run independent tasks in this process and forked workers, one per core, results in order.

A big dossier's pages take most of the generator's time, and each depends only
on the linked model. Forked workers inherit the model as it is in memory, so
nothing is copied or pickled on the way in; only their results come back, in the
order of the tasks, which keeps the output the same as from one process.

This process is one of the `jobs`: it forks one worker fewer and takes its share
of the tasks when it asks for the results, so that no more processes run than
there are cores (while this one links the dossier, a single worker draws). Each
process takes the next batch of tasks from a pipe of batch numbers, which the
kernel hands out whole to one reader at a time; a worker writes each batch's
results into a file, so it never waits for this process to read them.

Work is shared out only where forking is safe and pays: on Linux, from a
process with no other thread (forking a threaded one, such as `dossier serve`
with MkDocs' server running, can deadlock the child), and with enough tasks
for each process. Otherwise the tasks run here, one after another.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

R = TypeVar("R")
log = logging.getLogger(__name__)

# Fewer tasks than this for each process are quicker to run here than to share out.
MIN_TASKS_PER_JOB = 100
# Tasks are taken in batches, each this share of what is left for each process (guided
# self-scheduling), so that the last batches are small and the processes finish together:
# equal batches of a sixteenth of the work left one idle for about half a batch at the
# end, 0.1 to 0.15 s at size L.
BATCH_SHARE = 0.5
MIN_BATCH = 8
# No batch holds more than this share of the tasks for each process, so that they still
# finish together when one of them is slowed by other work on the machine.
MAX_BATCH_SHARE = 1 / 8
# A batch number, as read whole from the pipe that hands them out.
_NUMBER = struct.Struct("<I")

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


def batches(count: int, jobs: int) -> list[range]:
    """The indexes of `count` tasks in consecutive batches, largest first."""
    found, start = [], 0
    largest = max(MIN_BATCH, int(MAX_BATCH_SHARE * count / jobs))
    while start < count:
        size = max(MIN_BATCH, min(largest, int(BATCH_SHARE * (count - start) / jobs)))
        found.append(range(start, min(count, start + size)))
        start += size
    return found


def _numbers(count: int) -> int:
    """The read end of a pipe holding the numbers 0 to `count` - 1, closed for writing.

    A few dozen numbers of four bytes fit in the pipe: writing them does not wait,
    and once they are all read, reading it gives nothing.
    """
    read, write = os.pipe()
    try:
        os.write(write, b"".join(_NUMBER.pack(n) for n in range(count)))
    finally:
        os.close(write)
    return read


def _next(numbers: int) -> int | None:
    """The next batch number from the pipe; None when all are taken."""
    found = os.read(numbers, _NUMBER.size)
    return _NUMBER.unpack(found)[0] if found else None


def _work(numbers: int, ranges: list[range], spool: str) -> None:
    """A worker: run batches until none is left, each one's results into a file of `spool`.

    An exception stays here (it may not survive pickling): the task runs again in
    the parent, which raises it with its own type and traceback. Ctrl-C is left to
    the parent, which stops the workers.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while (number := _next(numbers)) is not None:
        results: list[object] = []
        for index in ranges[number]:
            try:
                results.append(_tasks[index]())
            except Exception:
                results.append(_Failed())
        part = os.path.join(spool, f"{number}.part")
        with open(part, "wb") as handle:
            pickle.dump(results, handle, pickle.HIGHEST_PROTOCOL)
        os.replace(part, os.path.join(spool, str(number)))


def _unspool(spool: str) -> dict[int, list[object]]:
    """The batches the workers finished since the last call, by number, read and removed."""
    found = {}
    for name in os.listdir(spool):
        if not name.endswith(".part"):
            path = os.path.join(spool, name)
            with open(path, "rb") as handle:
                found[int(name)] = pickle.load(handle)
            os.unlink(path)
    return found


def _collect(
    tasks: Sequence[Callable[[], R]],
    ranges: list[range],
    numbers: int,
    workers: list[BaseProcess],
    spool: str,
) -> list[R]:
    """Run the batches left here, wait for the workers, and return every result in order.

    The workers' results are read between this process's own batches, while they
    still work. A batch a worker did not finish (it was killed, say by the kernel
    when memory ran out) runs here, and a task that failed in a worker runs again here.
    """
    done: dict[int, list[Any]] = {}
    while (number := _next(numbers)) is not None:
        done[number] = [tasks[index]() for index in ranges[number]]
        done.update(_unspool(spool))
    for worker in workers:
        worker.join()
    if any(worker.exitcode for worker in workers):
        log.warning("a worker process was stopped (out of memory?); its work is done here")
    done.update(_unspool(spool))
    return [
        tasks[index]() if isinstance(result, _Failed) else result
        for number, batch in enumerate(ranges)
        for index, result in zip(batch, done.get(number) or [_Failed()] * len(batch), strict=True)
    ]


def run_in_order(tasks: Sequence[Callable[[], R]], jobs: int | None = None) -> list[R]:
    """Each task's result, in order, from `jobs` processes at most (None: one per core).

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

    The block calls what this yields to take its own share of the tasks and wait
    for the rest, then have every result in order, as `run_in_order` returns them.
    Where the work is not shared out, the tasks run then, one after another.
    Leaving the block early (an exception) stops the workers.
    """
    global _tasks
    jobs = min(jobs or available_cores(), len(tasks) // MIN_TASKS_PER_JOB)
    if jobs < 2 or not can_fork():
        yield lambda: [task() for task in tasks]
        return
    log.debug("sharing %d tasks among %d processes", len(tasks), jobs)
    ranges = batches(len(tasks), jobs)
    fork = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="dossier-") as spool:
        numbers = _numbers(len(ranges))
        _tasks = tasks
        workers: list[BaseProcess] = []
        try:
            for _ in range(jobs - 1):
                workers.append(fork.Process(target=_work, args=(numbers, ranges, spool)))
                workers[-1].start()
            _tasks = ()
            yield lambda: _collect(tasks, ranges, numbers, workers, spool)
        finally:
            _tasks = ()
            os.close(numbers)
            for worker in workers:
                if worker.exitcode is None:  # left early: its results are not wanted
                    worker.terminate()
                worker.join()  # then its CPU time counts among this process's children
