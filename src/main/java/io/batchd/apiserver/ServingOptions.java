package io.batchd.apiserver;

import io.vertx.core.net.PemKeyCertOptions;

/**
 * Where and how the API is served.
 *
 * @param host the address of the main listener
 * @param port its port; 0 picks a free one
 * @param tls the certificate and key for HTTPS on the main listener, or null for plain HTTP
 * @param insecurePort a plain-HTTP listener on 127.0.0.1 for local tools and tests; -1 for none, 0
 *     for a free port
 * @param token the bearer token every request must carry, or null to accept requests without one
 *     (in-process embedding and tests only)
 */
public record ServingOptions(
    String host, int port, PemKeyCertOptions tls, int insecurePort, String token) {

  /** Plain HTTP on {@code host:port} without authentication, for tests and embedding. */
  public static ServingOptions plain(String host, int port) {
    return new ServingOptions(host, port, null, -1, null);
  }
}
