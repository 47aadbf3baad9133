package io.batchd.node.runtime;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts processes with glibc's {@code posix_spawn}, called through the FFM API: one exec per
 * process (Java's ProcessBuilder runs its helper, then {@code setsid}, then the command).
 *
 * <p>The child gets, in this order: {@code /dev/null} as stdin; the write ends of its output pipes
 * as stdout and stderr; every other descriptor closed ({@code addclosefrom_np}, so nothing of the
 * server leaks into it); the working directory ({@code addchdir_np}); a new session ({@code
 * POSIX_SPAWN_SETSID}, so it leads its own process group); an empty signal mask and every signal at
 * its default action (the JVM's ignored signals must not carry over). Pipes are made with {@code
 * O_CLOEXEC}, so that a child never holds another child's pipe open.
 *
 * <p>Strings are passed as UTF-8, the encoding of the Kubernetes API. One {@link ChildPoller}
 * thread reads every child's output and reaps every child through a pidfd: no thread per process.
 *
 * <p>posix_spawn returns only once the child has exec'd (it shares the caller's memory until then),
 * a millisecond or more on a busy machine. A virtual thread would hold its carrier for that long (a
 * native call cannot unmount), and the agent's pod workers are virtual threads on as many carriers
 * as cores: their spawns are handed to a few platform threads instead.
 */
final class PosixSpawnLauncher implements ProcessLauncher {
  private final ChildPoller poller;
  private final ExecutorService spawners =
      Executors.newFixedThreadPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          Thread.ofPlatform().daemon().name("process-spawner-", 0).factory());

  private PosixSpawnLauncher(ChildPoller poller) {
    this.poller = poller;
  }

  /**
   * A launcher, or an exception whose message says why posix_spawn cannot be used here (called by
   * name from {@link ProcessLaunchers}).
   */
  static ProcessLauncher create() throws IOException {
    String why = Libc.unavailable().orElse(null);
    if (why != null) {
      throw new IllegalStateException(why);
    }
    return new PosixSpawnLauncher(new ChildPoller());
  }

  @Override
  public SpawnMechanism mechanism() {
    return SpawnMechanism.POSIX_SPAWN;
  }

  @Override
  public String description() {
    return "container processes are started with posix_spawn (POSIX_SPAWN_SETSID), called through"
        + " the FFM API";
  }

  @Override
  public LaunchedProcess launch(SpawnRequest request) throws IOException {
    if (!Thread.currentThread().isVirtual()) {
      return spawn(request);
    }
    Future<LaunchedProcess> spawned = spawners.submit(() -> spawn(request));
    boolean interrupted = false;
    try {
      while (true) {
        try {
          // Even when interrupted: the process may be started already and must be returned.
          return spawned.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private LaunchedProcess spawn(SpawnRequest request) throws IOException {
    boolean merged = request.stderr() == null;
    List<String> argv = new ArrayList<>(request.arguments().size() + 1);
    argv.add(request.executable().toString());
    argv.addAll(request.arguments());
    List<String> envp = new ArrayList<>(request.environment().size());
    for (Map.Entry<String, String> variable : request.environment().entrySet()) {
      if (variable.getKey().isEmpty() || variable.getKey().indexOf('=') >= 0) {
        throw new IOException("invalid environment variable name: " + variable.getKey());
      }
      envp.add(variable.getKey() + "=" + variable.getValue());
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.errnoSegment(arena);
      // Strings first: a NUL in one fails before any descriptor is opened.
      MemorySegment path = cString(arena, request.executable().toString());
      MemorySegment directory = cString(arena, request.workingDirectory().toString());
      MemorySegment argvArray = cStringArray(arena, argv);
      MemorySegment envpArray = cStringArray(arena, envp);
      MemorySegment devNull = cString(arena, "/dev/null");

      MemorySegment fds = arena.allocate(JAVA_INT, 4);
      int stdoutRead = -1;
      int stdoutWrite = -1;
      int stderrRead = -1;
      int stderrWrite = -1;
      boolean watched = false;
      try {
        Libc.pipe2(errno, fds, Libc.O_CLOEXEC);
        stdoutRead = fds.getAtIndex(JAVA_INT, 0);
        stdoutWrite = fds.getAtIndex(JAVA_INT, 1);
        if (!merged) {
          Libc.pipe2(errno, fds.asSlice(2 * JAVA_INT.byteSize()), Libc.O_CLOEXEC);
          stderrRead = fds.getAtIndex(JAVA_INT, 2);
          stderrWrite = fds.getAtIndex(JAVA_INT, 3);
        }
        // Only the reading ends: the child's ends must block as any stdout does.
        Libc.setNonBlocking(errno, stdoutRead);
        if (!merged) {
          Libc.setNonBlocking(errno, stderrRead);
        }
        int pid =
            posixSpawn(
                arena,
                path,
                directory,
                argvArray,
                envpArray,
                devNull,
                stdoutWrite,
                merged ? stdoutWrite : stderrWrite);
        // The child has its copies; the reads see end of file once every child end is closed.
        Libc.close(errno, stdoutWrite);
        stdoutWrite = -1;
        if (!merged) {
          Libc.close(errno, stderrWrite);
          stderrWrite = -1;
        }
        List<ChildPoller.Pipe> pipes = new ArrayList<>(2);
        pipes.add(new ChildPoller.Pipe(stdoutRead, request.stdout()));
        if (!merged) {
          pipes.add(new ChildPoller.Pipe(stderrRead, request.stderr()));
        }
        LaunchedProcess process = poller.watch(pid, pipes, request.onEnd());
        watched = true;
        return process;
      } finally {
        for (int fd : new int[] {stdoutWrite, stderrWrite}) {
          if (fd >= 0) {
            Libc.close(errno, fd);
          }
        }
        if (!watched) {
          for (int fd : new int[] {stdoutRead, stderrRead}) {
            if (fd >= 0) {
              Libc.close(errno, fd);
            }
          }
        }
      }
    }
  }

  /** posix_spawn with the file actions and attributes above; returns the child's pid. */
  private static int posixSpawn(
      Arena arena,
      MemorySegment path,
      MemorySegment directory,
      MemorySegment argv,
      MemorySegment envp,
      MemorySegment devNull,
      int stdout,
      int stderr)
      throws IOException {
    MemorySegment actions = arena.allocate(Libc.FILE_ACTIONS_BYTES, 16);
    MemorySegment attributes = arena.allocate(Libc.SPAWN_ATTR_BYTES, 16);
    MemorySegment emptySet = arena.allocate(Libc.SIGSET_BYTES, 16);
    MemorySegment fullSet = arena.allocate(Libc.SIGSET_BYTES, 16);
    MemorySegment pid = arena.allocate(JAVA_INT);
    Libc.fileActionsInit(actions);
    try {
      Libc.attrInit(attributes);
      try {
        Libc.fileActionsAddOpen(actions, 0, devNull, Libc.O_RDONLY);
        Libc.fileActionsAddDup2(actions, stdout, 1);
        Libc.fileActionsAddDup2(actions, stderr, 2);
        Libc.fileActionsAddCloseFrom(actions, 3);
        Libc.fileActionsAddChdir(actions, directory);
        Libc.sigEmptySet(emptySet);
        Libc.sigFillSet(fullSet);
        Libc.attrSetSigMask(attributes, emptySet);
        Libc.attrSetSigDefault(attributes, fullSet);
        Libc.attrSetFlags(
            attributes,
            (short)
                (Libc.POSIX_SPAWN_SETSID
                    | Libc.POSIX_SPAWN_SETSIGMASK
                    | Libc.POSIX_SPAWN_SETSIGDEF));
        int error = Libc.posixSpawn(pid, path, actions, attributes, argv, envp);
        if (error != 0) {
          throw new IOException(path.getString(0) + ": " + Libc.strerror(error));
        }
        return pid.get(JAVA_INT, 0);
      } finally {
        Libc.attrDestroy(attributes);
      }
    } finally {
      Libc.fileActionsDestroy(actions);
    }
  }

  private static MemorySegment cString(Arena arena, String value) throws IOException {
    if (value.indexOf('\0') >= 0) {
      throw new IOException("a command, argument or environment variable contains a NUL character");
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    MemorySegment segment = arena.allocate(bytes.length + 1L);
    MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, 0, bytes.length);
    segment.set(JAVA_BYTE, bytes.length, (byte) 0);
    return segment;
  }

  /** A NULL-terminated array of C strings. */
  private static MemorySegment cStringArray(Arena arena, List<String> values) throws IOException {
    MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
    for (int i = 0; i < values.size(); i++) {
      array.setAtIndex(ADDRESS, i, cString(arena, values.get(i)));
    }
    array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
    return array;
  }

  @Override
  public void close() {
    spawners.shutdown();
    poller.close();
  }
}
