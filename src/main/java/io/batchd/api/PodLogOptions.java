package io.batchd.api;

import java.time.Instant;

/**
 * What a {@code GET .../pods/{name}/log} asks for, as upstream's {@code v1.PodLogOptions} (which
 * fabric8's model does not carry). Null means the option was not given.
 *
 * @param container the container, resolved by the server before a log source sees the options
 * @param follow stream new lines as they are written until the client goes away
 * @param previous the log of the container's previous, terminated attempt
 * @param sinceSeconds only lines from the last this many seconds
 * @param sinceTime only lines from this time on
 * @param timestamps prefix each line with its RFC 3339 time (nanoseconds)
 * @param tailLines only this many lines from the end
 * @param limitBytes stop after this many bytes
 * @param insecureSkipTlsVerifyBackend accepted and without effect: there is no TLS to a node agent
 *     in between
 */
public record PodLogOptions(
    String container,
    boolean follow,
    boolean previous,
    Long sinceSeconds,
    Instant sinceTime,
    boolean timestamps,
    Long tailLines,
    Long limitBytes,
    boolean insecureSkipTlsVerifyBackend) {

  /** The same options for another container. */
  public PodLogOptions withContainer(String name) {
    return new PodLogOptions(
        name,
        follow,
        previous,
        sinceSeconds,
        sinceTime,
        timestamps,
        tailLines,
        limitBytes,
        insecureSkipTlsVerifyBackend);
  }
}
