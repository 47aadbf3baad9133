package io.batchd.apiserver;

import io.batchd.apiserver.security.AbacPolicy;
import io.batchd.apiserver.security.UserInfo;
import io.vertx.core.net.KeyCertOptions;

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
 * @param maxRequestsInflight how many reads are served at once before 429 (watches not counted)
 * @param maxMutatingRequestsInflight how many writes are served at once before 429
 * @param users further bearer tokens and their users (a token file), beside {@code token}
 * @param policy who may do what, or null to let every authenticated user do everything
 */
public record ServingOptions(
    String host,
    int port,
    KeyCertOptions tls,
    int insecurePort,
    String token,
    int maxRequestsInflight,
    int maxMutatingRequestsInflight,
    java.util.Map<String, UserInfo> users,
    AbacPolicy policy) {

  /** kube-apiserver's default for reads in flight. */
  public static final int DEFAULT_MAX_REQUESTS_INFLIGHT = 400;

  /** kube-apiserver's default for writes in flight. */
  public static final int DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT = 200;

  /** Plain HTTP on {@code host:port} without authentication, for tests and embedding. */
  public static ServingOptions plain(String host, int port) {
    return new ServingOptions(
        host,
        port,
        null,
        -1,
        null,
        DEFAULT_MAX_REQUESTS_INFLIGHT,
        DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT,
        java.util.Map.of(),
        null);
  }

  /** The same options with other in-flight limits. */
  public ServingOptions withInflightLimits(int reads, int writes) {
    return new ServingOptions(host, port, tls, insecurePort, token, reads, writes, users, policy);
  }

  /** The same options with further users and an authorization policy. */
  public ServingOptions withAccess(java.util.Map<String, UserInfo> users, AbacPolicy policy) {
    return new ServingOptions(
        host,
        port,
        tls,
        insecurePort,
        token,
        maxRequestsInflight,
        maxMutatingRequestsInflight,
        users,
        policy);
  }
}
