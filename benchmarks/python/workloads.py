#!/usr/bin/env python3
"""CPython asyncio reference implementation of the asyncio4j benchmark workloads.

Methodology
-----------
* Every workload runs on ONE event loop (a single ``asyncio.run`` call, the
  default loop of the running CPython, no uvloop) in this one process.
* Inside that loop each workload runs 1 warm-up iteration (result discarded)
  followed by 5 measured iterations.  The single number printed is the MEDIAN
  of the 5 measured iterations.
* ``gc.collect()`` is called between iterations, outside the timed region, so
  garbage left over from the previous iteration does not get charged to the
  next one.  The cyclic GC otherwise stays ENABLED during the timed region,
  as in normal programs (the JVM side has its GC running too).  With many
  live tasks (W1: 1,000,000) CPython's generational GC repeatedly traverses
  them and costs a lot (~35-40% of W1); ``--no-gc`` disables the cyclic GC
  inside the timed iterations for diagnosis only - published numbers use the
  default.
* All timing uses ``time.perf_counter()``.
* Output: exactly one line per workload on stdout,
      ``Wn asyncio VALUE UNIT``
  plus, for W2 only, a second line ``W2-heap asyncio VALUE MiB``.
  With ``-v`` the individual iteration values are written to stderr.

What each number means (counts given at --scale 1.0)
----------------------------------------------------
W1 spawn-gather   tasks/s   1,000,000 / (time from before the first
                            create_task to gather() of all tasks returning).
W2 sleep-fanout   ms        wall time from before the first create_task to
                            exit of the TaskGroup holding 100,000 tasks that
                            sleep a seeded random 0-100 ms, MINUS the largest
                            delay drawn (i.e. pure scheduling overhead).
W2-heap           MiB       tracemalloc peak (bytes of Python-heap blocks
                            allocated and still live at the peak) during one
                            extra, untimed W2 iteration run after the 5 timed
                            ones with tracemalloc on.  The delay list is built
                            before tracing starts.  (tracemalloc, not
                            ru_maxrss: ru_maxrss is a process-lifetime maximum
                            and would be dominated by W1/warm-up.)
W3 await-chain    ns        per step: one task doing
                            ``await asyncio.create_task(child(i))`` 1,000,000
                            times in sequence; total time / 1,000,000.
W4 queue          items/s   1,000,000 ints from one producer task to one
                            consumer task via asyncio.Queue(maxsize=100);
                            time from starting both tasks until both finish.
W5 cancel-all     tasks/s   100,000 tasks sleeping 3600 s are created and
                            allowed to start (all blocked in sleep); the
                            timed interval is ONLY from just before the first
                            ``task.cancel()`` until ``gather(...,
                            return_exceptions=True)`` over all of them returns.
W6 as-completed   ms        wall time from before the first create_task until
                            the last of 100,000 tasks (seeded random 0-50 ms
                            sleeps) has been consumed via asyncio.as_completed,
                            MINUS the largest delay drawn.
W7 lock           acq/s     1,000 tasks each acquire one shared asyncio.Lock
                            1,000 times with ``await asyncio.sleep(0)`` inside
                            the locked section; total acquisitions / time.
W8 waitFor-no-fire ops/s    100,000 sequential
                            ``await asyncio.wait_for(fast_child(), 10)`` where
                            fast_child returns at once (timeout never fires).

--scale F multiplies the task/item counts (rounded, at least 1).  For W7 it
multiplies the acquisitions per task and keeps the 1,000 contending tasks, so
total work scales linearly with F while the contention shape stays the same.
Units never change with the scale.

Random delays (must match the Java side bit for bit)
----------------------------------------------------
Park-Miller "minimal standard" generator with multiplier 48271:
    x_0 = seed                                  (42 for W2, 4242 for W6)
    for task i = 0, 1, 2, ...:
        x = (x * 48271) % 2147483647            # 1) ADVANCE x first
        delay_ms[i] = x % (max_ms + 1)          # 2) THEN take the delay
with max_ms = 100 for W2 and 50 for W6.  Task i sleeps delay_ms[i] / 1000 s.
The generator is re-seeded for every iteration, so every iteration (and every
implementation) sleeps exactly the same sequence.  Use 64-bit arithmetic
(x * 48271 < 2^47) on the Java side.

Usage:  python3 benchmarks/python/workloads.py [W1 ... W8] [--scale F] [-v] [--no-gc]
"""

import argparse
import asyncio
import gc
import statistics
import sys
import time
import tracemalloc

WARMUP_ITERATIONS = 1
MEASURED_ITERATIONS = 5

PM_MODULUS = 2147483647  # 2^31 - 1
PM_MULTIPLIER = 48271


def park_miller_delays(seed, count, max_ms):
    """Return `count` delays in ms in [0, max_ms]; see header for the exact rule."""
    x = seed
    out = [0] * count
    for i in range(count):
        x = (x * PM_MULTIPLIER) % PM_MODULUS  # advance first ...
        out[i] = x % (max_ms + 1)             # ... then derive the delay
    return out


def scaled(n, scale):
    return max(1, int(round(n * scale)))


# --------------------------------------------------------------------------
# Workloads.  Each `wN_iteration` coroutine performs ONE iteration and returns
# the metric value for that iteration (in the workload's unit).
# --------------------------------------------------------------------------

# W1 spawn-gather ----------------------------------------------------------
async def _w1_body(i):
    return i


async def w1_iteration(n):
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(_w1_body(i)) for i in range(n)]
    results = await asyncio.gather(*tasks)
    t1 = time.perf_counter()
    assert len(results) == n and results[-1] == n - 1
    return n / (t1 - t0)  # tasks/s


# W2 sleep-fanout ----------------------------------------------------------
W2_SEED, W2_MAX_MS = 42, 100


async def _sleep_ms(ms):
    await asyncio.sleep(ms / 1000.0)


async def w2_iteration(delays):
    max_delay_ms = max(delays)
    t0 = time.perf_counter()
    async with asyncio.TaskGroup() as tg:
        for d in delays:
            tg.create_task(_sleep_ms(d))
    t1 = time.perf_counter()
    return (t1 - t0) * 1000.0 - max_delay_ms  # ms of overhead


async def w2_heap_iteration(delays):
    """One extra, untimed W2 iteration under tracemalloc; returns peak MiB."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        async with asyncio.TaskGroup() as tg:
            for d in delays:
                tg.create_task(_sleep_ms(d))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1024 * 1024)


# W3 await-chain -----------------------------------------------------------
async def _w3_child(i):
    return i


async def _w3_chain(n):
    acc = 0
    for i in range(n):
        acc += await asyncio.create_task(_w3_child(i))
    return acc


async def w3_iteration(n):
    t0 = time.perf_counter()
    acc = await asyncio.create_task(_w3_chain(n))
    t1 = time.perf_counter()
    assert acc == n * (n - 1) // 2
    return (t1 - t0) * 1e9 / n  # ns per step


# W4 queue -----------------------------------------------------------------
async def _w4_producer(q, n):
    for i in range(n):
        await q.put(i)


async def _w4_consumer(q, n):
    total = 0
    for _ in range(n):
        total += await q.get()
    return total


async def w4_iteration(n):
    q = asyncio.Queue(maxsize=100)
    t0 = time.perf_counter()
    producer = asyncio.create_task(_w4_producer(q, n))
    consumer = asyncio.create_task(_w4_consumer(q, n))
    _, total = await asyncio.gather(producer, consumer)
    t1 = time.perf_counter()
    assert total == n * (n - 1) // 2
    return n / (t1 - t0)  # items/s


# W5 cancel-all ------------------------------------------------------------
async def w5_iteration(n):
    tasks = [asyncio.create_task(asyncio.sleep(3600)) for _ in range(n)]
    # Let every task run up to its sleep (timer registered, task blocked).
    await asyncio.sleep(0)
    # Timed interval: first cancel() .. all cancelled tasks awaited.
    t0 = time.perf_counter()
    for t in tasks:
        t.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    t1 = time.perf_counter()
    assert all(isinstance(r, asyncio.CancelledError) for r in results)
    return n / (t1 - t0)  # tasks/s


# W6 as-completed ----------------------------------------------------------
W6_SEED, W6_MAX_MS = 4242, 50


async def w6_iteration(delays):
    max_delay_ms = max(delays)
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(_sleep_ms(d)) for d in delays]
    consumed = 0
    for fut in asyncio.as_completed(tasks):
        await fut
        consumed += 1
    t1 = time.perf_counter()
    assert consumed == len(delays)
    return (t1 - t0) * 1000.0 - max_delay_ms  # ms of overhead


# W7 lock ------------------------------------------------------------------
W7_TASKS = 1000


async def _w7_worker(lock, per_task, counter):
    for _ in range(per_task):
        async with lock:
            counter[0] += 1
            await asyncio.sleep(0)


async def w7_iteration(per_task):
    lock = asyncio.Lock()
    counter = [0]
    t0 = time.perf_counter()
    await asyncio.gather(*(asyncio.create_task(_w7_worker(lock, per_task, counter))
                           for _ in range(W7_TASKS)))
    t1 = time.perf_counter()
    total = W7_TASKS * per_task
    assert counter[0] == total
    return total / (t1 - t0)  # acquisitions/s


# W8 waitFor-no-fire -------------------------------------------------------
async def _w8_fast_child(i):
    return i


async def _w8_loop(n):
    acc = 0
    for i in range(n):
        acc += await asyncio.wait_for(_w8_fast_child(i), 10)
    return acc


async def w8_iteration(n):
    t0 = time.perf_counter()
    acc = await _w8_loop(n)
    t1 = time.perf_counter()
    assert acc == n * (n - 1) // 2
    return n / (t1 - t0)  # ops/s


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def _fmt(value):
    return f"{value:.1f}" if abs(value) < 1000 else f"{value:.0f}"


NO_GC = False  # set by --no-gc (diagnostic only)


async def _measure(name, make_iteration, verbose):
    """Warm-up + measured iterations on the current loop; returns the median."""
    values = []
    for it in range(WARMUP_ITERATIONS + MEASURED_ITERATIONS):
        gc.collect()
        if NO_GC:
            gc.disable()
        try:
            v = await make_iteration()
        finally:
            gc.enable()
        if verbose:
            kind = "warmup" if it < WARMUP_ITERATIONS else "run"
            print(f"  {name} {kind} {it}: {_fmt(v)}", file=sys.stderr, flush=True)
        if it >= WARMUP_ITERATIONS:
            values.append(v)
    return statistics.median(values)


def run_workload(name, scale, verbose):
    lines = []

    async def main():
        if name == "W1":
            n = scaled(1_000_000, scale)
            v = await _measure(name, lambda: w1_iteration(n), verbose)
            lines.append(f"W1 asyncio {_fmt(v)} tasks/s")
        elif name == "W2":
            delays = park_miller_delays(W2_SEED, scaled(100_000, scale), W2_MAX_MS)
            v = await _measure(name, lambda: w2_iteration(delays), verbose)
            lines.append(f"W2 asyncio {_fmt(v)} ms")
            heap = await w2_heap_iteration(delays)
            lines.append(f"W2-heap asyncio {heap:.1f} MiB")
        elif name == "W3":
            n = scaled(1_000_000, scale)
            v = await _measure(name, lambda: w3_iteration(n), verbose)
            lines.append(f"W3 asyncio {_fmt(v)} ns")
        elif name == "W4":
            n = scaled(1_000_000, scale)
            v = await _measure(name, lambda: w4_iteration(n), verbose)
            lines.append(f"W4 asyncio {_fmt(v)} items/s")
        elif name == "W5":
            n = scaled(100_000, scale)
            v = await _measure(name, lambda: w5_iteration(n), verbose)
            lines.append(f"W5 asyncio {_fmt(v)} tasks/s")
        elif name == "W6":
            delays = park_miller_delays(W6_SEED, scaled(100_000, scale), W6_MAX_MS)
            v = await _measure(name, lambda: w6_iteration(delays), verbose)
            lines.append(f"W6 asyncio {_fmt(v)} ms")
        elif name == "W7":
            per_task = scaled(1000, scale)
            v = await _measure(name, lambda: w7_iteration(per_task), verbose)
            lines.append(f"W7 asyncio {_fmt(v)} acq/s")
        elif name == "W8":
            n = scaled(100_000, scale)
            v = await _measure(name, lambda: w8_iteration(n), verbose)
            lines.append(f"W8 asyncio {_fmt(v)} ops/s")
        else:
            raise ValueError(name)

    asyncio.run(main())  # one event loop per workload
    for line in lines:
        print(line, flush=True)


ALL_WORKLOADS = [f"W{i}" for i in range(1, 9)]


def main(argv=None):
    p = argparse.ArgumentParser(description="CPython asyncio benchmark workloads W1-W8")
    p.add_argument("workloads", nargs="*", metavar="Wn",
                   help="workloads to run (default: all of W1..W8)")
    p.add_argument("--scale", type=float, default=1.0,
                   help="multiply task/item counts by F (default 1.0)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="print every iteration's value to stderr")
    p.add_argument("--no-gc", action="store_true",
                   help="diagnostic: disable the cyclic GC inside timed iterations")
    args = p.parse_args(argv)
    global NO_GC
    NO_GC = args.no_gc
    names = [w.upper() for w in args.workloads] or ALL_WORKLOADS
    for w in names:
        if w not in ALL_WORKLOADS:
            p.error(f"unknown workload {w!r}; choose from {' '.join(ALL_WORKLOADS)}")
    if args.scale <= 0:
        p.error("--scale must be > 0")
    for w in names:
        run_workload(w, args.scale, args.verbose)


if __name__ == "__main__":
    main()
