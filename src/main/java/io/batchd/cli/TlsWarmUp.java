package io.batchd.cli;

/**
 * Starts, on a thread of its own, the one-time set-up the first HTTPS connection would otherwise
 * pay for on the event loop, so that it runs while the server is still opening its store.
 *
 * <p>Netty's JDK TLS server context checks in its static initializer whether the JDK can wrap trust
 * managers, by building a whole TLS context from an RSA test key built into Netty: BouncyCastle's
 * provider is instantiated (it is on the class path for the CA), the key is parsed and validated
 * (Miller-Rabin rounds on its modulus), put into a PKCS#12 key store (PBKDF2, 10,000 rounds of
 * HMAC-SHA256) and read back out (as many again), and the JDK's default trust store is loaded. On a
 * 2-core machine that was about a third of the server's start-up CPU, all of it between the first
 * {@code kubectl} connection and its answer (docs/startup.md).
 *
 * <p>The warm-up runs that initializer early and spares it the two costly checks, for this one
 * thread and this moment only: BouncyCastle's validation of RSA moduli is turned off by a
 * thread-local override (the key is Netty's constant, not input), and PKCS#12 key protection uses
 * one PBKDF2 round while the property is set (the store lives in memory for the duration of the
 * check and is dropped). A user's own setting of that property is left alone. Class initialisation
 * runs once per JVM; a connection that arrives before the warm-up is done waits for it rather than
 * doing it again.
 */
final class TlsWarmUp {
  static final String NETTY_JDK_SERVER_CONTEXT = "io.netty.handler.ssl.JdkSslServerContext";

  /** The JDK's PBKDF2 round count for keys put in PKCS#12 key stores (java.security). */
  static final String PKCS12_KEY_ITERATIONS = "keystore.pkcs12.keyPbeIterationCount";

  /** BouncyCastle's switch that skips the validation of RSA moduli. */
  static final String BC_ALLOW_UNSAFE_RSA_MODULUS = "org.bouncycastle.rsa.allow_unsafe_mod";

  private TlsWarmUp() {}

  /** Starts the warm-up; returns the thread, which ends when the set-up is done. */
  static Thread start() {
    return Thread.ofPlatform().daemon().name("tls-warm-up").start(TlsWarmUp::run);
  }

  static void run() {
    boolean setIterations = System.getProperty(PKCS12_KEY_ITERATIONS) == null;
    if (setIterations) {
      System.setProperty(PKCS12_KEY_ITERATIONS, "1");
    }
    org.bouncycastle.util.Properties.setThreadOverride(BC_ALLOW_UNSAFE_RSA_MODULUS, true);
    try {
      Class.forName(NETTY_JDK_SERVER_CONTEXT, true, TlsWarmUp.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      // Only a head start: a Netty without that class does its set-up another way, and a failure
      // here is the first connection's to report.
    } finally {
      org.bouncycastle.util.Properties.removeThreadOverride(BC_ALLOW_UNSAFE_RSA_MODULUS);
      if (setIterations) {
        System.clearProperty(PKCS12_KEY_ITERATIONS);
      }
    }
  }
}
