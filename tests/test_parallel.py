"""Work shared among forked processes: the same results, in order, as from one process.

Untimed: how much sharing saves is measured by `make bench`, never asserted here.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.synth import make_dossier
from generator import load, parallel, pipeline, render, write
from generator.cli import cli
from generator.garbage import fewer_collections

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="workers are forked on Linux only"
)


class TwoPartError(Exception):
    """An exception that pickling cannot carry back from a worker (two required arguments)."""

    def __init__(self, what: str, where: int) -> None:
        super().__init__(f"{what} at {where}")


def pid_and(value: int) -> tuple[int, int]:
    time.sleep(0.001)  # long enough for a forked worker to take some of the batches
    return os.getpid(), value * value


def fails_at(bad: int, value: int) -> int:
    if value == bad:
        raise TwoPartError("broken", value)
    return value


def tasks(function: Callable[[int], object], count: int) -> list[Callable[[], object]]:
    return [partial(function, n) for n in range(count)]


@pytest.fixture(autouse=True)
def no_other_threads() -> None:
    """Workers are forked only from a process without other threads: none may be left running."""
    assert threading.active_count() == 1, f"threads left by earlier tests: {threading.enumerate()}"


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Share out from 10 tasks a worker, so that small inputs exercise the workers."""
    monkeypatch.setattr(parallel, "MIN_TASKS_PER_JOB", 10)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.mark.usefixtures("small_batches")
def test_many_tasks_are_shared_with_a_worker_and_come_back_in_order() -> None:
    results = parallel.run_in_order(tasks(pid_and, 200), jobs=2)
    assert [square for _, square in results] == [n * n for n in range(200)]
    processes = {pid for pid, _ in results}
    assert os.getpid() in processes and len(processes) == 2  # this one and one worker
    assert not multiprocessing.active_children()


@pytest.mark.usefixtures("small_batches")
def test_few_tasks_or_one_job_or_a_running_thread_keep_the_work_here() -> None:
    here = {os.getpid()}
    assert {pid for pid, _ in parallel.run_in_order(tasks(pid_and, 15), jobs=2)} == here
    assert {pid for pid, _ in parallel.run_in_order(tasks(pid_and, 200), jobs=1)} == here
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)  # as MkDocs' server runs beside `dossier serve`
    server.start()
    try:
        assert {pid for pid, _ in parallel.run_in_order(tasks(pid_and, 200), jobs=2)} == here
    finally:
        stop.set()
        server.join()


@pytest.mark.usefixtures("small_batches")
def test_a_task_that_fails_in_a_worker_raises_its_own_exception_here() -> None:
    with pytest.raises(TwoPartError, match="broken at 137"):
        parallel.run_in_order(tasks(partial(fails_at, 137), 200), jobs=2)


def test_batches_cover_every_task_once_in_order_and_shrink_towards_the_end() -> None:
    found = parallel.batches(6000, 2)
    assert [i for batch in found for i in batch] == list(range(6000))
    sizes = [len(batch) for batch in found]
    assert sizes == sorted(sizes, reverse=True)
    # A sixteenth of the tasks at most, so that cancelling waits for little work; 8 at the end.
    assert sizes[0] == 375 and max(sizes[-4:]) == parallel.MIN_BATCH
    assert len(found) < 40  # few round trips between the processes


def mark_done(folder: Path, value: int) -> None:
    time.sleep(0.005)
    (folder / str(value)).touch()


def wait_until(condition: Callable[[], bool]) -> bool:
    """Whether `condition` holds within 30 s."""
    deadline = time.monotonic() + 30
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


@pytest.mark.usefixtures("small_batches")
def test_started_tasks_run_in_a_worker_while_the_block_works(tmp_path: Path) -> None:
    with parallel.started(tasks(partial(mark_done, tmp_path), 200), jobs=2) as results:
        assert wait_until(lambda: any(tmp_path.iterdir())), "no task ran while the block worked"
        # The block may share out work of its own meanwhile.
        inner = parallel.run_in_order(tasks(pid_and, 200), jobs=2)
        assert [square for _, square in inner] == [n * n for n in range(200)]
        done = results()
    assert done == [None] * 200
    assert len(list(tmp_path.iterdir())) == 200
    assert not multiprocessing.active_children()


@pytest.mark.usefixtures("small_batches")
def test_leaving_the_block_early_cancels_the_tasks_not_started(tmp_path: Path) -> None:
    with pytest.raises(KeyError), parallel.started(tasks(partial(mark_done, tmp_path), 1000), 2):
        raise KeyError("an error while the workers run")
    assert not multiprocessing.active_children() and threading.active_count() == 1
    assert len(list(tmp_path.iterdir())) < 1000


@pytest.mark.usefixtures("small_batches")
def test_ctrl_c_is_left_to_this_process(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with parallel.started(tasks(partial(mark_done, tmp_path), 200), jobs=2) as results:
        assert wait_until(lambda: any(tmp_path.iterdir()))  # the worker is at work
        for worker in multiprocessing.active_children():
            os.kill(worker.pid or 0, signal.SIGINT)  # as Ctrl-C reaches every process
        assert results() == [None] * 200
    assert len(list(tmp_path.iterdir())) == 200
    assert "Traceback" not in capfd.readouterr().err  # no worker printed a KeyboardInterrupt
    assert "stopped" not in caplog.text


def test_started_tasks_kept_here_run_only_when_their_results_are_asked_for() -> None:
    ran: list[int] = []
    with parallel.started([partial(ran.append, n) for n in range(3)], jobs=1) as results:
        assert ran == []
        assert results() == [None, None, None]
    assert ran == [0, 1, 2]


def dies_in_a_worker(parent: int, value: int) -> int:
    if os.getpid() != parent:
        os._exit(9)  # as the kernel's out-of-memory killer stops a process
    return value


@pytest.mark.usefixtures("small_batches")
def test_a_worker_that_is_killed_leaves_its_work_to_this_process(
    caplog: pytest.LogCaptureFixture,
) -> None:
    work = tasks(partial(dies_in_a_worker, os.getpid()), 200)
    with parallel.started(work, jobs=2) as results:
        assert wait_until(lambda: not multiprocessing.active_children())  # died on its first task
        assert results() == list(range(200))
    assert "a worker process was stopped (out of memory?)" in caplog.text


@pytest.mark.usefixtures("small_batches")
def test_pages_rendered_by_workers_are_those_rendered_in_one_process(tmp_path: Path) -> None:
    make_dossier(tmp_path, "S")
    linked = pipeline.check(tmp_path)
    alone = render.render_all(linked, render.make_environment(tmp_path), jobs=1)
    before = children_cpu()
    shared = render.render_all(linked, render.make_environment(tmp_path), jobs=2)
    assert children_cpu() > before  # the workers did the rendering
    assert shared == alone
    assert any(path.endswith(".svg") for path in shared)  # diagrams drawn by workers came back
    files = render.render_files(linked, render.make_environment(tmp_path), jobs=2)
    assert files == {path: text.encode("utf-8") for path, text in alone.items()}


@pytest.mark.usefixtures("small_batches")
def test_files_read_by_workers_give_the_same_tree_and_problems(tmp_path: Path) -> None:
    make_dossier(tmp_path, "S")
    people = sorted((tmp_path / "data" / "people").glob("*.yml"))
    people[3].write_text("id: [unclosed\n", "utf-8")
    people[20].write_text("name: A\nname: B\n", "utf-8")
    seed = sorted((tmp_path / "seeds").glob("*.txt"))[2]
    seed.with_suffix(".yml").unlink()
    with fewer_collections():
        before = children_cpu()
        shared = load.read_tree(tmp_path)
        assert children_cpu() > before  # the workers did the reading
        parallel.MIN_TASKS_PER_JOB = 10**9  # restored by the fixture
        alone = load.read_tree(tmp_path)
    assert shared == alone
    assert [(p.path, p.line) for p in shared.problems] == [
        (f"data/people/{people[3].name}", 2),  # where the bracket should have closed
        (f"data/people/{people[20].name}", 2),
        (f"seeds/{seed.name}", 1),  # no metadata file beside it
    ]
    assert all(raw.paragraphs for raw in shared.seeds)  # split into paragraphs by the workers


@pytest.mark.usefixtures("small_batches")
def test_files_staged_by_two_processes_are_those_given(tmp_path: Path) -> None:
    files = {f"{folder}/{n}.md": b"page\n" * n for folder in ("a", "b/c") for n in range(100)}
    before = children_cpu()
    write.write_files(tmp_path / "two", files, jobs=2)
    assert children_cpu() > before  # a worker wrote some
    before = children_cpu()
    write.write_files(tmp_path / "one", files, jobs=1)
    assert children_cpu() == before  # -j 1: all in this process
    for folder in ("one", "two"):
        written = {
            p.relative_to(tmp_path / folder).as_posix(): p
            for p in (tmp_path / folder).rglob("*.md")
        }
        assert {rel: path.read_bytes() for rel, path in written.items()} == files
        assert {path.stat().st_mode & 0o777 for path in written.values()} == {0o644}


@pytest.mark.slow
@pytest.mark.usefixtures("small_batches")
def test_dossier_build_with_two_jobs_writes_the_pages_one_process_makes(tmp_path: Path) -> None:
    make_dossier(tmp_path, "S")
    result = CliRunner().invoke(cli, ["build", "--no-pdf", "-j", "2", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    _, pages = pipeline.generate(tmp_path, pdf=False, jobs=1)
    assert {path: (tmp_path / "docs" / path).read_text("utf-8") for path in pages} == pages


def test_jobs_must_be_a_positive_number(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "-j", "0", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "Invalid value for '-j' / '--jobs': 0 is not in the range x>=1" in result.stderr
