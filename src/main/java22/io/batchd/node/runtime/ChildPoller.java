package io.batchd.node.runtime;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One platform thread that watches every child of the posix_spawn launcher through epoll: it reads
 * the children's output pipes into their {@link ProcessOutput}s and learns of their ends through a
 * pidfd each (Linux 5.3), so there is no thread per process.
 *
 * <p>When a child's pidfd becomes readable the child is a zombie: its group is killed first (the
 * zombie still holds the pid, so the signal cannot reach a later process that reused it), then it
 * is reaped with {@code waitpid(pid)} — never {@code waitpid(-1)}, which would steal the JVM's own
 * children. Its end is reported once its pipes are at end of file, or after {@link
 * ProcessLauncher#DRAIN_LIMIT} if a process that left the group keeps them open.
 *
 * <p>Each reported end runs on a new virtual thread, so that what the caller does then (closing a
 * log, the agent's status updates) never holds up the other children's output.
 */
final class ChildPoller implements AutoCloseable {
  private static final Logger LOG = System.getLogger(ChildPoller.class.getName());
  private static final int MAX_EVENTS = 64;
  private static final int READ_BUFFER = 64 * 1024;
  private static final long WAKE_TOKEN = 0;

  /** A pipe's reading end (non-blocking) and where its bytes go. */
  record Pipe(int fd, ProcessOutput output) {}

  private final Arena arena = Arena.ofShared();
  private final int epoll;
  private final int wake;
  private final Map<Long, Watch> watches = new ConcurrentHashMap<>();
  private final AtomicLong tokens = new AtomicLong(WAKE_TOKEN + 1);
  private final Thread thread;
  private volatile boolean closing;

  // Used by the poller thread only.
  private final MemorySegment events;
  private final MemorySegment buffer;
  private final byte[] heapBuffer = new byte[READ_BUFFER];
  private final MemorySegment errno;
  private final MemorySegment status;
  private final List<Child> draining = new ArrayList<>();
  private final Queue<PipeWatch> unregistered = new ConcurrentLinkedQueue<>();

  ChildPoller() throws IOException {
    MemorySegment setupErrno = Libc.errnoSegment(arena);
    epoll = Libc.epollCreate(setupErrno);
    try {
      wake = Libc.eventfd(setupErrno);
      Libc.epollAdd(setupErrno, arena.allocate(16), epoll, wake, WAKE_TOKEN);
    } catch (IOException e) {
      Libc.close(setupErrno, epoll);
      throw e;
    }
    events = arena.allocate(Libc.EPOLL_EVENT_BYTES * MAX_EVENTS, 8);
    buffer = arena.allocate(READ_BUFFER, 8);
    errno = Libc.errnoSegment(arena);
    status = arena.allocate(JAVA_INT);
    thread = Thread.ofPlatform().daemon().name("process-runtime-poller").start(this::run);
  }

  /**
   * Watches the child {@code pid} and its output {@code pipes} (taking them over); {@code onEnd}
   * gets its end. If it cannot be watched, the child is killed and reaped and the pipes closed.
   */
  LaunchedProcess watch(int pid, List<Pipe> pipes, Consumer<ProcessEnd> onEnd) throws IOException {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment callErrno = Libc.errnoSegment(call);
      MemorySegment event = call.allocate(16);
      Child child = new Child(pid, pipes, onEnd);
      int pidfd;
      try {
        pidfd = Libc.pidfdOpen(callErrno, pid);
        try {
          register(callErrno, event, pidfd, new ExitWatch(child, pidfd));
        } catch (IOException e) {
          Libc.close(callErrno, pidfd);
          throw e;
        }
      } catch (IOException e) {
        // Not watched: nothing would ever read its output or reap it.
        Libc.kill(callErrno, -pid, Libc.SIGKILL);
        Libc.waitpid(callErrno, pid, call.allocate(JAVA_INT), 0);
        pipes.forEach(p -> Libc.close(callErrno, p.fd()));
        throw e;
      }
      for (PipeWatch watch : child.pipes) {
        try {
          register(callErrno, event, watch.pipe.fd(), watch);
        } catch (IOException e) {
          // The child runs and is watched; without its output it is killed, so that the loss shows.
          LOG.log(Level.WARNING, "cannot read the output of process " + pid + "; killing it", e);
          child.signalGroup(GroupSignal.KILL);
          unregistered.add(watch);
          wake();
        }
      }
      return child;
    }
  }

  private void register(MemorySegment callErrno, MemorySegment event, int fd, Watch watch)
      throws IOException {
    watch.token = tokens.getAndIncrement();
    // Under the lock the thread takes to end: it never ends with a watch about to be added.
    synchronized (this) {
      if (closing && watch instanceof ExitWatch) {
        throw new IOException("the process runtime is closed");
      }
      watches.put(watch.token, watch);
    }
    try {
      Libc.epollAdd(callErrno, event, epoll, fd, watch.token);
    } catch (IOException e) {
      watches.remove(watch.token);
      throw e;
    }
  }

  private void wake() {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment one = call.allocate(JAVA_LONG);
      one.set(JAVA_LONG, 0, 1L);
      Libc.write(Libc.errnoSegment(call), wake, one);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "waking the process poller failed", e);
    }
  }

  private void run() {
    while (!finished()) {
      int n = Libc.epollWait(errno, epoll, events, timeoutMillis());
      if (n < 0 && n != -Libc.EINTR) {
        LOG.log(Level.ERROR, "epoll_wait failed: " + Libc.strerror(-n) + "; stopping the poller");
        return;
      }
      for (int i = 0; i < n; i++) {
        long token = Libc.epollToken(events, i);
        if (token == WAKE_TOKEN) {
          Libc.read(errno, wake, buffer.asSlice(0, 8));
          continue;
        }
        Watch watch = watches.get(token);
        if (watch == null) {
          continue; // closed while handling an earlier event of this batch
        }
        try {
          watch.ready();
        } catch (RuntimeException e) {
          LOG.log(Level.ERROR, "watching a process failed", e);
        }
      }
      closeUnregistered();
      expireDrains();
    }
    Libc.close(errno, wake);
    Libc.close(errno, epoll);
    arena.close();
  }

  /** Closing, and every child watched has ended. */
  private synchronized boolean finished() {
    return closing && watches.isEmpty();
  }

  private int timeoutMillis() {
    if (draining.isEmpty()) {
      return -1;
    }
    long earliest = Long.MAX_VALUE;
    for (Child child : draining) {
      earliest = Math.min(earliest, child.drainDeadline);
    }
    long millis = Math.ceilDiv(earliest - System.nanoTime(), 1_000_000L);
    return (int) Math.max(0, Math.min(millis, Integer.MAX_VALUE));
  }

  /** Pipes that could not be registered: closed here, so that their children can end. */
  private void closeUnregistered() {
    PipeWatch watch;
    while ((watch = unregistered.poll()) != null) {
      watch.close();
    }
  }

  /** Children whose pipes are still open past the drain limit: their pipes are closed. */
  private void expireDrains() {
    if (draining.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    for (Child child : List.copyOf(draining)) {
      if (now - child.drainDeadline < 0) {
        continue;
      }
      LOG.log(
          Level.WARNING,
          "process {0} ended but its output pipes are still open (a process left its group?);"
              + " its output is not read further",
          child.pid);
      for (PipeWatch pipe : child.pipes) {
        if (!pipe.closed) {
          pipe.close(); // the last one reports the end
        }
      }
    }
  }

  /** Starts nothing more; the thread ends once every watched child has ended. */
  @Override
  public void close() {
    synchronized (this) {
      closing = true;
    }
    wake();
  }

  /** Something registered in the epoll set. */
  private abstract static class Watch {
    long token;

    abstract void ready();
  }

  /** A child: its end is reported once it is reaped and its pipes are closed. */
  private final class Child implements LaunchedProcess {
    final int pid;
    final Consumer<ProcessEnd> onEnd;
    final List<PipeWatch> pipes;
    int openPipes;
    ProcessEnd end;
    long drainDeadline;
    private boolean reported;
    private boolean reaped; // guarded by this: no signal to its pid once it is reaped

    Child(int pid, List<Pipe> pipes, Consumer<ProcessEnd> onEnd) {
      this.pid = pid;
      this.pipes = pipes.stream().map(p -> new PipeWatch(this, p)).toList();
      this.openPipes = pipes.size();
      this.onEnd = onEnd;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public synchronized void signalGroup(GroupSignal signal) {
      if (reaped) {
        return;
      }
      try (Arena call = Arena.ofConfined()) {
        Libc.kill(Libc.errnoSegment(call), -pid, signal.number());
      }
    }

    /** On the poller thread: the pidfd is readable, so the child has ended but is not reaped. */
    void exited() {
      int code;
      synchronized (this) {
        Libc.kill(errno, -pid, Libc.SIGKILL);
        int rc = Libc.waitpid(errno, pid, status, Libc.WNOHANG);
        if (rc == 0) {
          return; // not ended after all
        }
        reaped = true;
        if (rc == pid) {
          code = Libc.exitCode(status.get(JAVA_INT, 0));
        } else {
          LOG.log(
              Level.ERROR,
              "waitpid({0}) failed: {1}; reporting exit code 255",
              pid,
              Libc.strerror(-rc));
          code = 255;
        }
      }
      end = new ProcessEnd(code, Instant.now());
      if (openPipes == 0) {
        report();
      } else {
        drainDeadline = System.nanoTime() + ProcessLauncher.DRAIN_LIMIT.toNanos();
        draining.add(this);
      }
    }

    /** On the poller thread: one of its pipes is at end of file. */
    void pipeClosed() {
      openPipes--;
      if (openPipes == 0 && end != null) {
        draining.remove(this);
        report();
      }
    }

    void report() {
      if (reported) {
        return;
      }
      reported = true;
      ProcessEnd ended = end;
      Thread.ofVirtual()
          .name("process-end-", pid)
          .start(
              () -> {
                try {
                  onEnd.accept(ended);
                } catch (RuntimeException e) {
                  LOG.log(Level.ERROR, "handling the end of process " + pid + " failed", e);
                }
              });
    }
  }

  private final class ExitWatch extends Watch {
    private final Child child;
    private final int pidfd;

    ExitWatch(Child child, int pidfd) {
      this.child = child;
      this.pidfd = pidfd;
    }

    @Override
    void ready() {
      child.exited();
      if (child.end != null) {
        watches.remove(token);
        Libc.epollDelete(errno, epoll, pidfd);
        Libc.close(errno, pidfd);
      }
    }
  }

  private final class PipeWatch extends Watch {
    private final Child child;
    private final Pipe pipe;
    boolean closed;
    private boolean outputFailed;

    PipeWatch(Child child, Pipe pipe) {
      this.child = child;
      this.pipe = pipe;
    }

    @Override
    void ready() {
      long n = Libc.read(errno, pipe.fd(), buffer);
      if (n > 0) {
        deliver((int) n);
      } else if (n == 0 || (n != -Libc.EAGAIN && n != -Libc.EINTR)) {
        if (n < 0) {
          LOG.log(
              Level.WARNING,
              "reading the output of process {0} failed: {1}",
              child.pid,
              Libc.strerror((int) -n));
        }
        close();
      }
    }

    private void deliver(int n) {
      if (outputFailed) {
        return; // keep reading, so that the process does not block on a full pipe
      }
      MemorySegment.copy(buffer, JAVA_BYTE, 0, heapBuffer, 0, n);
      try {
        pipe.output().write(heapBuffer, 0, n);
      } catch (IOException | RuntimeException e) {
        outputFailed = true;
        LOG.log(Level.WARNING, "writing the output of process " + child.pid + " failed", e);
      }
    }

    /** End of file (or given up): unregisters and closes the pipe, finishes its output. */
    void close() {
      closed = true;
      watches.remove(token);
      Libc.epollDelete(errno, epoll, pipe.fd());
      Libc.close(errno, pipe.fd());
      try {
        pipe.output().finish();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "finishing the output of process " + child.pid + " failed", e);
      }
      child.pipeClosed();
    }
  }
}
