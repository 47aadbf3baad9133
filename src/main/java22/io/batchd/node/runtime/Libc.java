package io.batchd.node.runtime;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * The C library calls of the posix_spawn launcher, bound through the Foreign Function & Memory API:
 * glibc on Linux, x86-64 or AArch64. {@link #unavailable()} says why they cannot be used elsewhere;
 * nothing else here may be called then.
 *
 * <p>Calls that report failure through {@code errno} take a segment of {@link #errnoSegment} first,
 * where the linker captures it; the posix_spawn functions return their error number instead.
 */
final class Libc {
  static final int O_RDONLY = 0;
  static final int O_NONBLOCK = 04000;
  static final int O_CLOEXEC = 02000000;
  static final int F_GETFL = 3;
  static final int F_SETFL = 4;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int ESRCH = 3;
  static final int WNOHANG = 1;
  static final int EPOLL_CTL_ADD = 1;
  static final int EPOLL_CTL_DEL = 2;
  static final int EPOLLIN = 0x001;
  static final int SIGKILL = 9;
  static final int SIGTERM = 15;

  /** glibc's flags (spawn.h); POSIX_SPAWN_SETSID needs glibc 2.26. */
  static final short POSIX_SPAWN_SETSIGDEF = 0x04;

  static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  static final short POSIX_SPAWN_SETSID = 0x80;

  /** The same number on x86-64 and AArch64 (syscalls added since 5.x share one table). */
  private static final long SYS_PIDFD_OPEN = 434;

  /**
   * Room for glibc's opaque types, larger than they are (posix_spawnattr_t is 336 bytes,
   * posix_spawn_file_actions_t 80, sigset_t 128 on both architectures).
   */
  static final long SPAWN_ATTR_BYTES = 512;

  static final long FILE_ACTIONS_BYTES = 256;
  static final long SIGSET_BYTES = 128;

  /** struct epoll_event: packed (12 bytes) on x86-64, naturally aligned (16) elsewhere. */
  static final long EPOLL_EVENT_BYTES;

  static final long EPOLL_DATA_OFFSET;

  private static final ValueLayout.OfLong JAVA_LONG_UNALIGNED = JAVA_LONG.withByteAlignment(1);
  private static final String UNAVAILABLE;

  static {
    String arch = System.getProperty("os.arch");
    boolean x8664 = arch.equals("amd64") || arch.equals("x86_64");
    EPOLL_EVENT_BYTES = x8664 ? 12 : 16;
    EPOLL_DATA_OFFSET = x8664 ? 4 : 8;
    UNAVAILABLE = bind(x8664 || arch.equals("aarch64"), arch);
  }

  private Libc() {}

  /** Why the calls cannot be used here, or empty when they can. */
  static Optional<String> unavailable() {
    return Optional.ofNullable(UNAVAILABLE);
  }

  private static String bind(boolean supportedArch, String arch) {
    if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")) {
      return "posix_spawn is only used on Linux";
    }
    if (!supportedArch) {
      return "posix_spawn is only used on x86-64 and AArch64, not " + arch;
    }
    if (!Libc.class.getModule().isNativeAccessEnabled()) {
      return "native access is not enabled (start the JVM with"
          + " --enable-native-access=ALL-UNNAMED, as batchd's jar manifest does)";
    }
    SymbolLookup libc = Linker.nativeLinker().defaultLookup();
    if (libc.find("gnu_get_libc_version").isEmpty()) {
      return "the C library is not glibc";
    }
    // addclosefrom_np came last (glibc 2.34): without it the child would inherit the server's
    // descriptors.
    for (String symbol :
        new String[] {
          "posix_spawn_file_actions_addclosefrom_np", "posix_spawn_file_actions_addchdir_np"
        }) {
      if (libc.find(symbol).isEmpty()) {
        return "the C library lacks " + symbol + " (glibc 2.34 or later has it)";
      }
    }
    // pidfd_open (Linux 5.3) watches a child without a thread per child. The first call binds
    // every function.
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errnoSegment = errnoSegment(arena);
      close(errnoSegment, pidfdOpen(errnoSegment, (int) ProcessHandle.current().pid()));
    } catch (IOException e) {
      return "the kernel lacks pidfd_open (Linux 5.3 or later has it): " + e.getMessage();
    } catch (LinkageError | RuntimeException e) {
      return "binding the C library failed: " + e;
    }
    return null;
  }

  /** A segment where a call's errno is captured; one per thread at a time. */
  static MemorySegment errnoSegment(Arena arena) {
    return arena.allocate(H.ERRNO_LAYOUT);
  }

  static int errno(MemorySegment errnoSegment) {
    return (int) H.ERRNO.get(errnoSegment, 0L);
  }

  /** The C library's message for an error number. */
  static String strerror(int error) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(256);
      MemorySegment message = (MemorySegment) H.strerror.invokeExact(error, buffer, 256L);
      return message.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "error " + error;
    }
  }

  private static IOException failure(String call, int error) {
    return new IOException(call + ": " + strerror(error));
  }

  // posix_spawn and its attributes. Each returns 0 or an error number.

  static int posixSpawn(
      MemorySegment pid,
      MemorySegment path,
      MemorySegment fileActions,
      MemorySegment attr,
      MemorySegment argv,
      MemorySegment envp) {
    try {
      return (int) H.posixSpawn.invokeExact(pid, path, fileActions, attr, argv, envp);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static void fileActionsInit(MemorySegment fileActions) throws IOException {
    check("posix_spawn_file_actions_init", call(H.fileActionsInit, fileActions));
  }

  static void fileActionsDestroy(MemorySegment fileActions) {
    call(H.fileActionsDestroy, fileActions);
  }

  static void fileActionsAddOpen(MemorySegment fileActions, int fd, MemorySegment path, int flags)
      throws IOException {
    int rc;
    try {
      rc = (int) H.fileActionsAddOpen.invokeExact(fileActions, fd, path, flags, 0);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    check("posix_spawn_file_actions_addopen", rc);
  }

  static void fileActionsAddDup2(MemorySegment fileActions, int fd, int target) throws IOException {
    int rc;
    try {
      rc = (int) H.fileActionsAddDup2.invokeExact(fileActions, fd, target);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    check("posix_spawn_file_actions_adddup2", rc);
  }

  static void fileActionsAddCloseFrom(MemorySegment fileActions, int from) throws IOException {
    int rc;
    try {
      rc = (int) H.fileActionsAddCloseFrom.invokeExact(fileActions, from);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    check("posix_spawn_file_actions_addclosefrom_np", rc);
  }

  static void fileActionsAddChdir(MemorySegment fileActions, MemorySegment path)
      throws IOException {
    int rc;
    try {
      rc = (int) H.fileActionsAddChdir.invokeExact(fileActions, path);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    check("posix_spawn_file_actions_addchdir_np", rc);
  }

  static void attrInit(MemorySegment attr) throws IOException {
    check("posix_spawnattr_init", call(H.attrInit, attr));
  }

  static void attrDestroy(MemorySegment attr) {
    call(H.attrDestroy, attr);
  }

  static void attrSetFlags(MemorySegment attr, short flags) throws IOException {
    int rc;
    try {
      rc = (int) H.attrSetFlags.invokeExact(attr, flags);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    check("posix_spawnattr_setflags", rc);
  }

  static void attrSetSigMask(MemorySegment attr, MemorySegment sigset) throws IOException {
    check("posix_spawnattr_setsigmask", call(H.attrSetSigMask, attr, sigset));
  }

  static void attrSetSigDefault(MemorySegment attr, MemorySegment sigset) throws IOException {
    check("posix_spawnattr_setsigdefault", call(H.attrSetSigDefault, attr, sigset));
  }

  static void sigEmptySet(MemorySegment sigset) {
    call(H.sigEmptySet, sigset);
  }

  static void sigFillSet(MemorySegment sigset) {
    call(H.sigFillSet, sigset);
  }

  private static int call(MethodHandle handle, MemorySegment a) {
    try {
      return (int) handle.invokeExact(a);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static int call(MethodHandle handle, MemorySegment a, MemorySegment b) {
    try {
      return (int) handle.invokeExact(a, b);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static void check(String call, int rc) throws IOException {
    if (rc != 0) {
      throw failure(call, rc);
    }
  }

  // Calls with errno.

  /** pipe2 into {@code fds} (two ints): the read end, then the write end. */
  static void pipe2(MemorySegment errnoSegment, MemorySegment fds, int flags) throws IOException {
    int rc;
    try {
      rc = (int) H.pipe2.invokeExact(errnoSegment, fds, flags);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    if (rc != 0) {
      throw failure("pipe2", errno(errnoSegment));
    }
  }

  static void setNonBlocking(MemorySegment errnoSegment, int fd) throws IOException {
    try {
      int flags = (int) H.fcntl.invokeExact(errnoSegment, fd, F_GETFL, 0);
      if (flags < 0
          || (int) H.fcntl.invokeExact(errnoSegment, fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        throw failure("fcntl", errno(errnoSegment));
      }
    } catch (IOException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Closes {@code fd}; errors (even EINTR: Linux has closed it anyway) are ignored. */
  static void close(MemorySegment errnoSegment, int fd) {
    try {
      int ignored = (int) H.close.invokeExact(errnoSegment, fd);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** read(2): bytes read, 0 at end of file, or minus the error number. */
  static long read(MemorySegment errnoSegment, int fd, MemorySegment buffer) {
    try {
      long n = (long) H.read.invokeExact(errnoSegment, fd, buffer, buffer.byteSize());
      return n >= 0 ? n : -errno(errnoSegment);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static void write(MemorySegment errnoSegment, int fd, MemorySegment buffer) throws IOException {
    long n;
    try {
      n = (long) H.write.invokeExact(errnoSegment, fd, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    if (n < 0) {
      throw failure("write", errno(errnoSegment));
    }
  }

  /** kill(2): 0, or minus the error number (ESRCH when nothing is left to signal). */
  static int kill(MemorySegment errnoSegment, int pid, int signal) {
    try {
      int rc = (int) H.kill.invokeExact(errnoSegment, pid, signal);
      return rc == 0 ? 0 : -errno(errnoSegment);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** waitpid(2) for one child: its pid, 0 (WNOHANG, still running), or minus the error number. */
  static int waitpid(MemorySegment errnoSegment, int pid, MemorySegment status, int options) {
    try {
      int rc = (int) H.waitpid.invokeExact(errnoSegment, pid, status, options);
      return rc >= 0 ? rc : -errno(errnoSegment);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** The exit code of a wait status as Java reports it: the code, or 128 + the signal. */
  static int exitCode(int status) {
    int signal = status & 0x7f;
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
  }

  /** A file descriptor referring to process {@code pid}, readable once it has ended. */
  static int pidfdOpen(MemorySegment errnoSegment, int pid) throws IOException {
    long fd;
    try {
      fd = (long) H.syscall.invokeExact(errnoSegment, SYS_PIDFD_OPEN, (long) pid, 0L);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    if (fd < 0) {
      throw failure("pidfd_open", errno(errnoSegment));
    }
    return (int) fd;
  }

  static int epollCreate(MemorySegment errnoSegment) throws IOException {
    int fd;
    try {
      fd = (int) H.epollCreate1.invokeExact(errnoSegment, O_CLOEXEC);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    if (fd < 0) {
      throw failure("epoll_create1", errno(errnoSegment));
    }
    return fd;
  }

  /** Adds {@code fd} to the epoll set for input, with {@code token} as its event data. */
  static void epollAdd(
      MemorySegment errnoSegment, MemorySegment event, int epfd, int fd, long token)
      throws IOException {
    event.set(JAVA_INT, 0, EPOLLIN);
    event.set(JAVA_LONG_UNALIGNED, EPOLL_DATA_OFFSET, token);
    int rc;
    try {
      rc = (int) H.epollCtl.invokeExact(errnoSegment, epfd, EPOLL_CTL_ADD, fd, event);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    if (rc != 0) {
      throw failure("epoll_ctl", errno(errnoSegment));
    }
  }

  static void epollDelete(MemorySegment errnoSegment, int epfd, int fd) {
    try {
      int ignored =
          (int) H.epollCtl.invokeExact(errnoSegment, epfd, EPOLL_CTL_DEL, fd, MemorySegment.NULL);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** epoll_wait(2): the number of events, or minus the error number. */
  static int epollWait(
      MemorySegment errnoSegment, int epfd, MemorySegment events, int timeoutMillis) {
    int max = (int) (events.byteSize() / EPOLL_EVENT_BYTES);
    try {
      int n = (int) H.epollWait.invokeExact(errnoSegment, epfd, events, max, timeoutMillis);
      return n >= 0 ? n : -errno(errnoSegment);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** The data of event {@code i} in an epoll_wait result. */
  static long epollToken(MemorySegment events, int i) {
    return events.get(JAVA_LONG_UNALIGNED, i * EPOLL_EVENT_BYTES + EPOLL_DATA_OFFSET);
  }

  static int eventfd(MemorySegment errnoSegment) throws IOException {
    int fd;
    try {
      fd = (int) H.eventfd.invokeExact(errnoSegment, 0, O_CLOEXEC | O_NONBLOCK);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    if (fd < 0) {
      throw failure("eventfd", errno(errnoSegment));
    }
    return fd;
  }

  /** The bound functions; initialized on first use, once {@link #unavailable()} said nothing. */
  private static final class H {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MemoryLayout ERRNO_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
        ERRNO_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    static final MethodHandle posixSpawn =
        handle(
            "posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle fileActionsInit =
        handle("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle fileActionsDestroy =
        handle("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle fileActionsAddOpen =
        handle(
            "posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle fileActionsAddDup2 =
        handle(
            "posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle fileActionsAddCloseFrom =
        handle(
            "posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle fileActionsAddChdir =
        handle(
            "posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle attrInit =
        handle("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle attrDestroy =
        handle("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle attrSetFlags =
        handle("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    static final MethodHandle attrSetSigMask =
        handle("posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle attrSetSigDefault =
        handle("posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle sigEmptySet =
        handle("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle sigFillSet =
        handle("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle pipe2 =
        handle("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO_OPTION);
    static final MethodHandle fcntl =
        handle(
            "fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            ERRNO_OPTION,
            Linker.Option.firstVariadicArg(2));
    static final MethodHandle close =
        handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO_OPTION);
    static final MethodHandle read =
        handle(
            "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO_OPTION);
    static final MethodHandle write =
        handle(
            "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO_OPTION);
    static final MethodHandle kill =
        handle("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO_OPTION);
    static final MethodHandle waitpid =
        handle(
            "waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO_OPTION);
    static final MethodHandle syscall =
        handle(
            "syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            ERRNO_OPTION,
            Linker.Option.firstVariadicArg(1));
    static final MethodHandle epollCreate1 =
        handle("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO_OPTION);
    static final MethodHandle epollCtl =
        handle(
            "epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
            ERRNO_OPTION);
    static final MethodHandle epollWait =
        handle(
            "epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            ERRNO_OPTION);
    static final MethodHandle eventfd =
        handle("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO_OPTION);

    /** The GNU strerror_r: returns the message, in buf or a static string. */
    static final MethodHandle strerror =
        handle("strerror_r", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG));

    private static MethodHandle handle(
        String name, FunctionDescriptor descriptor, Linker.Option... options) {
      return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, options);
    }
  }
}
