package io.batchd.apiserver;

import io.batchd.api.PodLogOptions;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Where the API server reads container logs from: the node agent that runs the pod. The API server
 * does not depend on the agent; whoever wires the server (the {@code server} command) passes one
 * in, and a server without one answers log requests for bound pods with 503.
 */
@FunctionalInterface
public interface PodLogSource {

  /**
   * Streams the log of {@code options.container()} of {@code pod} into {@code sink}, honouring the
   * other options (previous, sinceSeconds/sinceTime, tailLines, limitBytes, timestamps), and
   * returns when done: at the end of the log or, with {@code follow}, when the container has ended
   * for good or the client went away. When the client goes away, {@link LogSink#write} returns
   * false and the calling thread is interrupted; the source should stop promptly.
   *
   * @param pod the pod, bound to a node
   * @param options validated options, with the container resolved
   * @throws io.batchd.api.errors.StatusException for what the client should see instead of a log,
   *     such as upstream's 400 {@code container "c" in pod "p" is waiting to start:
   *     ContainerCreating}; only before the first write, since after it the response has started
   * @throws InterruptedException when interrupted because the client went away
   */
  void stream(Pod pod, PodLogOptions options, LogSink sink) throws InterruptedException;

  /** Where a log goes: the client's response, with backpressure. */
  interface LogSink {
    /**
     * Sends {@code bytes}, waiting while the client reads more slowly than the log is written.
     *
     * @return false once the client has gone away: nothing more will be sent
     */
    boolean write(byte[] bytes) throws InterruptedException;

    /** Whether the client has gone away. */
    boolean closed();
  }
}
