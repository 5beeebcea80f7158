"""Page jobs over forked processes: every task done once, taken as processes get free."""

import os
import time

import pytest
from legacy_archive import parallel
from legacy_archive.catalog import Catalog


class Counts:
    """What run() reads and sets on the renderer."""

    def __init__(self):
        self.written = self.skipped = 0

    def note_written(self, path):
        pass


def job_in(folder, hold_first=False):
    def job(share):
        done = 0
        for task in share:
            with open(folder / f"{task:04d}", "x") as mark:   # "x": a second run fails
                mark.write(str(os.getpid()))
            if task == 0 and hold_first:   # held until the others have done nearly all
                until = time.monotonic() + 20
                while len(list(folder.glob("0*"))) < 55 and time.monotonic() < until:
                    time.sleep(0.01)
            done += 1
        return done
    return job


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_every_task_is_done_once(tmp_path, workers):
    with Catalog(tmp_path / "catalog.db", "v1") as catalog:
        done = parallel.run(job_in(tmp_path), list(range(60)), workers, catalog, Counts(),
                            min_tasks=1)
    assert done == 60
    assert sorted(path.name for path in tmp_path.glob("0*")) == [f"{n:04d}" for n in range(60)]


@pytest.mark.parametrize("workers", [1, 2])
def test_each_sums_what_its_tasks_return_over_the_processes(tmp_path, workers):
    # Item tasks count the originals they copied; other tasks return None.
    tasks = [lambda n=n: n % 3 == 0 or None for n in range(40)]
    with Catalog(tmp_path / "catalog.db", "v1") as catalog:
        assert parallel.run(parallel.each, tasks, workers, catalog, Counts(),
                            min_tasks=1) == 14


def test_a_process_with_a_long_task_takes_fewer(tmp_path):
    # Dealt out in turn, each process would have had 30 tasks.
    with Catalog(tmp_path / "catalog.db", "v1") as catalog:
        parallel.run(job_in(tmp_path, hold_first=True), list(range(60)), 2, catalog, Counts(),
                     min_tasks=1)
    by_task = {int(path.name): path.read_text() for path in tmp_path.glob("0*")}
    slow = by_task[0]
    assert sum(pid == slow for pid in by_task.values()) < 10


def test_a_failure_here_stops_the_other_processes(tmp_path):
    here = os.getpid()

    def job(share):
        if os.getpid() != here:
            (tmp_path / "child").write_text(str(os.getpid()))
        for task in share:
            if os.getpid() == here:
                raise ValueError("a page could not be written")
            (tmp_path / f"{task:04d}").touch()
            time.sleep(0.01)
        return 0

    with Catalog(tmp_path / "catalog.db", "v1") as catalog, pytest.raises(ValueError):
        parallel.run(job, list(range(500)), 2, catalog, Counts(), min_tasks=1)
    assert len(list(tmp_path.glob("0*"))) < 50   # the other process stopped after its task
    with pytest.raises(ChildProcessError):          # and was waited for
        os.waitpid(int((tmp_path / "child").read_text()), os.WNOHANG)


def test_no_commit_thread_runs_when_page_writers_are_forked(tmp_path):
    from tests.archive.test_catalog import sample_item, source

    with Catalog(tmp_path / "catalog.db", "v1") as catalog:
        catalog.store(sample_item(), source(), "text")
        catalog.commit(wait=False)
        parallel.run(lambda share: len(list(share)), list(range(20)), 2, catalog, Counts(),
                     min_tasks=1)
        assert catalog._committing is None
