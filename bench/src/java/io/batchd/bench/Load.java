package io.batchd.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Times a fixed number of writes spread evenly over a number of writers that start together.
 *
 * <p>Each writer is a virtual thread, as a request handler in the server would be. Writers prepare
 * (for instance create the key they will update) before the clock starts, then wait on one gate, so
 * the time measured is only the writes, from the gate opening to the last writer finishing.
 */
final class Load {

  /**
   * Prepares writer number {@code writer} before the clock starts; returns the write it repeats.
   */
  @FunctionalInterface
  interface Writers {
    Write prepare(int writer) throws Exception;
  }

  /** One write; {@code n} counts this writer's writes from 0, so keys can be made unique. */
  @FunctionalInterface
  interface Write {
    void run(int n) throws Exception;
  }

  /**
   * What a run measured.
   *
   * @param ops the writes that completed
   * @param nanos the time from the start gate opening to the last writer finishing
   * @param failure the first write (or preparation) that threw, or {@code null}
   */
  record Result(long ops, long nanos, Throwable failure) {
    double opsPerSecond() {
      return nanos == 0 ? 0 : ops * 1e9 / nanos;
    }

    double seconds() {
      return nanos / 1e9;
    }
  }

  private Load() {}

  /**
   * Runs {@code opsPerWriter} writes on each of {@code writers} writers. A run that takes longer
   * than {@code timeout} (preparation included) fails with the stack of a writer still running.
   */
  static Result run(int writers, int opsPerWriter, Duration timeout, Writers setup)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    CountDownLatch ready = new CountDownLatch(writers);
    CountDownLatch gate = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    LongAdder done = new LongAdder();
    List<Thread> threads = new ArrayList<>(writers);
    for (int w = 0; w < writers; w++) {
      int writer = w;
      threads.add(
          Thread.ofVirtual()
              .name("bench-writer-" + w)
              .start(() -> write(writer, opsPerWriter, setup, ready, gate, failure, done)));
    }
    ready.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    long start = System.nanoTime();
    gate.countDown();
    Thread stuck = joinAll(threads, deadline);
    long nanos = System.nanoTime() - start;
    if (stuck != null) {
      failure.compareAndSet(null, timedOut(stuck, timeout, done.sum(), writers * opsPerWriter));
      threads.forEach(Thread::interrupt);
    }
    return new Result(done.sum(), nanos, failure.get());
  }

  private static void write(
      int writer,
      int ops,
      Writers setup,
      CountDownLatch ready,
      CountDownLatch gate,
      AtomicReference<Throwable> failure,
      LongAdder done) {
    try {
      Write write;
      try {
        write = setup.prepare(writer);
      } finally {
        ready.countDown();
      }
      gate.await();
      // After the first failure the others stop too: the figure is void anyway, and a store that
      // broke under load should not be hammered while its stack trace is the thing of interest.
      for (int n = 0; n < ops && failure.get() == null; n++) {
        write.run(n);
        done.increment();
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    }
  }

  /** Joins every thread by {@code deadline}; returns one still running after it, or null. */
  private static Thread joinAll(List<Thread> threads, long deadline) throws InterruptedException {
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
        return thread;
      }
    }
    return null;
  }

  /** A timeout carrying where a stuck writer was waiting: the useful part of a hang. */
  private static TimeoutException timedOut(Thread stuck, Duration timeout, long done, long total) {
    TimeoutException e =
        new TimeoutException(
            "writes did not finish within "
                + timeout.toSeconds()
                + " s ("
                + done
                + " of "
                + total
                + " done); stack of "
                + stuck.getName()
                + " follows");
    e.setStackTrace(stuck.getStackTrace());
    return e;
  }
}
