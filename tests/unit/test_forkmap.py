"""fork_map: a pure function over many items, half of them computed by a copy of the process;
the results are the loop's, in order, whatever the copy does."""

from __future__ import annotations

import os
import sys
import time

import pytest

from disclosure_portal import forkmap

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")

PARENT = os.getpid()


def _square_and_where(x: int) -> tuple[int, bool]:
    return x * x, os.getpid() == PARENT


def test_results_in_order_half_of_them_from_the_copy(monkeypatch):
    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    items = list(range(200))
    results = forkmap.fork_map(_square_and_where, items)
    assert [r for r, _ in results] == [x * x for x in items]
    here = [x for x, (_, mine) in zip(items, results, strict=True) if mine]
    assert here == items[:100]  # the second half came from the copy


def test_the_halves_weigh_the_same():
    assert forkmap._split([1] * 10) == 5
    assert forkmap._split([100, 1, 1, 1, 1]) == 1
    assert forkmap._split([1, 1, 1, 1, 100]) == 5


def test_few_items_or_switched_off_stay_in_this_process(monkeypatch):
    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    assert all(mine for _, mine in forkmap.fork_map(_square_and_where, range(10)))
    monkeypatch.setenv(forkmap.ENVIRONMENT, "0")
    assert all(mine for _, mine in forkmap.fork_map(_square_and_where, range(200)))


def _fails_in_the_copy(x: int) -> int:
    if os.getpid() != PARENT:
        raise ValueError("only in the copy")
    return x


def test_a_failure_in_the_copy_leaves_the_work_to_this_process(monkeypatch):
    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    assert forkmap.fork_map(_fails_in_the_copy, range(100)) == list(range(100))


def _dies_in_the_copy(x: int) -> int:
    if os.getpid() != PARENT:
        os._exit(3)
    return x + 1


def test_a_copy_that_dies_leaves_the_work_to_this_process(monkeypatch):
    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    assert forkmap.fork_map(_dies_in_the_copy, range(100)) == list(range(1, 101))


def _hangs_in_the_copy(x: int) -> int:
    if os.getpid() != PARENT:
        time.sleep(3600)
    return -x


def test_a_copy_that_hangs_is_killed_and_its_half_done_here(monkeypatch):
    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    monkeypatch.setattr(forkmap, "GRACE_SECONDS", 0.5)
    started = time.monotonic()
    assert forkmap.fork_map(_hangs_in_the_copy, range(100)) == [-x for x in range(100)]
    assert time.monotonic() - started < 30


def _raises_at_seven(x: int) -> int:
    if x == 7:
        raise KeyError(x)
    return x


def test_an_exception_is_raised_here_as_the_loop_would(monkeypatch):
    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    with pytest.raises(KeyError):
        forkmap.fork_map(_raises_at_seven, range(100))
    with pytest.raises(KeyError):  # in the copy's half: computed again here, raised here
        forkmap.fork_map(_raises_at_seven, [*range(90, 190), 7])


def _descriptors(x: int) -> list[int] | None:
    if os.getpid() == PARENT:
        return None
    return sorted(int(fd) for fd in os.listdir("/proc/self/fd"))


def test_the_copy_holds_no_descriptor_of_this_process(monkeypatch):
    """A pipe this process holds open (a worker's, git's, the indexer's) is closed in the copy,
    which keeps its standard streams (on /dev/null) and its own pipe only."""
    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    read, write = os.pipe()
    try:
        seen = [r for r in forkmap.fork_map(_descriptors, range(100)) if r is not None]
    finally:
        os.close(read)
        os.close(write)
    assert len(seen) == 50
    for fds in seen:
        assert read not in fds and write not in fds
        assert fds[:3] == [0, 1, 2] and len(fds) <= 5  # its pipe, and listdir's own


def test_a_process_holding_many_descriptors(monkeypatch):
    """The copy's pipe may lie beyond FD_SETSIZE (1,024) in a process that holds many files:
    waiting on it does not use select()."""
    import resource

    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1200:
        if hard != resource.RLIM_INFINITY and hard < 1200:
            pytest.skip("the system allows too few descriptors")
        resource.setrlimit(resource.RLIMIT_NOFILE, (1200, hard))
    held = []
    try:
        while len(held) < 1100:
            held.append(os.open(os.devnull, os.O_RDONLY))
        assert max(held) > 1024
        results = forkmap.fork_map(_square_and_where, range(100))
        assert [r for r, _ in results] == [x * x for x in range(100)]
        assert not all(mine for _, mine in results)  # the copy's half came through its pipe
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


# --- PickledByCopy: a value pickled by a copy of the process --------------------------------


def _pickled_where(pid: int, payload: bytes) -> tuple[int, bytes]:
    return pid, payload


class _Where:
    """Pickled as the process that pickled it (and a payload)."""

    def __init__(self, payload: bytes = b"") -> None:
        self.payload = payload

    def __reduce__(self):
        return (_pickled_where, (os.getpid(), self.payload))


class _FailsInTheCopy(_Where):
    def __reduce__(self):
        if os.getpid() != PARENT:
            raise ValueError("only in the copy")
        return super().__reduce__()


class _DiesInTheCopy(_Where):
    def __reduce__(self):
        if os.getpid() != PARENT:
            os._exit(3)
        return super().__reduce__()


class _HangsInTheCopy(_Where):
    def __reduce__(self):
        if os.getpid() != PARENT:
            time.sleep(3600)
        return super().__reduce__()


def test_a_value_is_pickled_by_the_copy_as_pickle_would(monkeypatch):
    import pickle

    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    value = {"data": os.urandom(3 << 20), "text": "政府信息公开" * 1000}  # more than a pipe holds
    expected = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    pickled = forkmap.PickledByCopy(value)
    value["text"] = "之后改动"  # the copy pickles the value as it was when it was made
    assert pickled.result() == expected
    where = pickle.loads(forkmap.PickledByCopy(_Where(b"z")).result())
    assert where[0] != PARENT and where[1] == b"z"  # the copy pickled it


def _computed_where(value: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(value)


def test_a_value_computed_by_the_copy_is_pickled_there(monkeypatch):
    """`compute`: the copy computes what it pickles from the value as it was when it was made
    (the leak scan's fingerprints from the site); switched off, this process computes it."""
    import pickle

    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    value = [1, 2, 3]
    pickled = forkmap.PickledByCopy(value, _computed_where)
    value.append(100)
    pid, total = pickle.loads(pickled.result())
    assert pid != PARENT and total == 6
    monkeypatch.setenv(forkmap.ENVIRONMENT, "0")
    assert pickle.loads(forkmap.PickledByCopy([4], _computed_where).result()) == (PARENT, 4)


def _slow_sum(value: list[int]) -> int:
    time.sleep(1.0)
    return sum(value)


def test_a_copy_that_computes_has_longer_than_a_stall_before_it_sends(monkeypatch):
    import pickle

    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    monkeypatch.setattr(forkmap, "STALL_SECONDS", 0.3)
    assert pickle.loads(forkmap.PickledByCopy([2, 3], _slow_sum).result()) == 5


class _DiesInTheFirstCopy(_Where):
    """Dies in the first copy (which leaves a mark in `payload`, a folder), pickles in the next."""

    def __reduce__(self):
        mark = os.path.join(self.payload.decode(), "first")
        if os.getpid() != PARENT and not os.path.exists(mark):
            open(mark, "w").close()
            os._exit(3)
        return super().__reduce__()


def test_a_copy_that_dies_is_made_again_once(monkeypatch, tmp_path):
    import pickle

    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    value = _DiesInTheFirstCopy(str(tmp_path).encode())
    pid, payload = pickle.loads(forkmap.PickledByCopy(value).result())
    assert pid != PARENT and payload == value.payload  # the second copy's
    assert (tmp_path / "first").exists()


@pytest.mark.parametrize("kind", [_FailsInTheCopy, _DiesInTheCopy, _HangsInTheCopy])
def test_a_value_no_copy_can_pickle_is_an_error_not_pickled_beside_the_caller(monkeypatch, kind):
    """Pickled by this process's other thread while the caller goes on, a value could be caught
    half-changed: after two copies fail, `result` raises instead."""
    monkeypatch.delenv(forkmap.ENVIRONMENT, raising=False)
    monkeypatch.setattr(forkmap, "STALL_SECONDS", 0.5)
    pickled = forkmap.PickledByCopy([kind(b"x")])
    started = time.monotonic()
    with pytest.raises(forkmap.CopyError):
        pickled.result()
    assert time.monotonic() - started < 30
    assert pickled._pid == 0 and pickled._read == -1  # killed, reaped, closed


def test_switched_off_the_value_is_pickled_at_once_and_stop_ends_a_wait(monkeypatch):
    import pickle
    import threading

    monkeypatch.setenv(forkmap.ENVIRONMENT, "0")
    value = {"list": [1, 2]}
    pickled = forkmap.PickledByCopy(value)
    value["list"].append(3)  # pickled when made, as the caller's thread would have
    assert pickle.loads(pickled.result()) == {"list": [1, 2]}
    assert pickle.loads(forkmap.PickledByCopy(_Where()).result()) == (PARENT, b"")
    monkeypatch.delenv(forkmap.ENVIRONMENT)
    pickled = forkmap.PickledByCopy(_HangsInTheCopy())
    threading.Timer(0.3, pickled.stop).start()
    started = time.monotonic()
    assert pickled.result() is None  # nobody wants it: no second copy, no error
    assert time.monotonic() - started < forkmap.STALL_SECONDS
