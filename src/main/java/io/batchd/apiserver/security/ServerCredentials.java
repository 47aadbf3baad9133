package io.batchd.apiserver.security;

import io.vertx.core.net.KeyCertOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS identity and bearer token, kept in its data directory.
 *
 * <p>Layout, created on first start:
 *
 * <pre>
 * &lt;dataDir&gt;/pki/ca.crt      batchd's private CA (EC P-256, 10 years, CN batchd-ca), 0644
 * &lt;dataDir&gt;/pki/ca.key      its key, PKCS#8 PEM, 0600
 * &lt;dataDir&gt;/pki/server.crt  the serving certificate signed by the CA (1 year, serverAuth), 0644
 * &lt;dataDir&gt;/pki/server.key  its key, PKCS#8 PEM, 0600
 * &lt;dataDir&gt;/token           the bearer token (32 random bytes, base64url), 0600
 * </pre>
 *
 * <p>Later starts load these files. The CA and the token are never replaced, since kubeconfigs
 * already handed out trust them; the serving certificate is replaced when {@link RenewalRule} says
 * so (it expires within 30 days, lacks a requested name, or does not pair with the CA or with its
 * key). Every file is replaced atomically.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ServerCredentials {
  private static final Logger log = LoggerFactory.getLogger(ServerCredentials.class);

  private final String caCertPem;
  private final String serverCertPem;
  private final String serverKeyPem;
  private final String token;
  private final IssuedCertificate ca;
  private final IssuedCertificate serving;

  private ServerCredentials(IssuedCertificate ca, IssuedCertificate serving, String token) {
    this.caCertPem = Pem.encode(ca.certificate());
    this.serverCertPem = Pem.encode(serving.certificate()) + caCertPem;
    this.serverKeyPem = Pem.encode(serving.key());
    this.token = token;
    this.ca = ca;
    this.serving = serving;
  }

  /**
   * Loads the credentials from {@code dataDir}, creating what is missing and renewing the serving
   * certificate when needed.
   *
   * @param dataDir the server's data directory; created if absent
   * @param extraSans names the serving certificate must also be valid for, besides {@code
   *     localhost}, {@code 127.0.0.1}, {@code ::1} and the machine's hostname; each is an IPv4 or
   *     IPv6 literal (an IP SAN) or else a DNS name (a DNS SAN)
   * @throws IllegalArgumentException if an extra name is blank
   * @throws IllegalStateException if a stored file is unreadable, or {@code pki/ca.crt} exists
   *     without {@code pki/ca.key} (the CA is then neither usable nor replaced silently)
   * @throws java.io.UncheckedIOException if the files cannot be read or written
   */
  public static ServerCredentials loadOrCreate(Path dataDir, List<String> extraSans) {
    return loadOrCreate(dataDir, extraSans, Clock.systemUTC());
  }

  /** As {@link #loadOrCreate(Path, List)}, with the time taken from {@code clock}. */
  static ServerCredentials loadOrCreate(Path dataDir, List<String> extraSans, Clock clock) {
    Objects.requireNonNull(extraSans, "extraSans");
    SubjectAltNames names = SubjectAltNames.withMachineDefaults(extraSans);
    SecureRandom random = new SecureRandom();
    CertificateIssuer issuer = new CertificateIssuer(clock, random);
    Path pki = dataDir.resolve("pki");
    PrivateFiles.createPrivateDirectory(pki);

    IssuedCertificate ca = loadOrCreateCa(pki, issuer, clock);
    IssuedCertificate serving = loadOrIssueServing(pki, issuer, ca, names, clock);
    String token = TokenFile.loadOrCreate(dataDir.resolve("token"), random);

    return new ServerCredentials(ca, serving, token);
  }

  private static IssuedCertificate loadOrCreateCa(Path pki, CertificateIssuer issuer, Clock clock) {
    Path certFile = pki.resolve("ca.crt");
    Path keyFile = pki.resolve("ca.key");
    if (Files.exists(certFile)) {
      if (!Files.exists(keyFile)) {
        throw new IllegalStateException(
            certFile
                + " exists but "
                + keyFile
                + " does not: restore the key, or delete "
                + pki
                + " to have a new CA made (kubeconfigs that trust the old CA must then be"
                + " written again)");
      }
      IssuedCertificate ca =
          new IssuedCertificate(Pem.readCertificate(certFile), Pem.readPrivateKey(keyFile));
      Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
      if (caNotAfter.isBefore(clock.instant().plus(RenewalRule.RENEW_BEFORE))) {
        // The CA is never replaced on its own: every kubeconfig handed out trusts it.
        log.warn(
            "the CA in {} expires at {}; delete {} to have a new one made, then write the"
                + " kubeconfigs again",
            certFile,
            caNotAfter,
            pki);
      }
      return ca;
    }
    // No certificate means no client can trust this CA yet: a key without one is the remnant of
    // an interrupted first start, and is replaced. The key is written first for the same reason.
    IssuedCertificate ca = issuer.selfSignedCa();
    PrivateFiles.writeOwnerOnly(keyFile, Pem.encode(ca.key()));
    PrivateFiles.writeWorldReadable(certFile, Pem.encode(ca.certificate()));
    log.info("created the CA {} in {}", ca.certificate().getSubjectX500Principal(), certFile);
    return ca;
  }

  private static IssuedCertificate loadOrIssueServing(
      Path pki,
      CertificateIssuer issuer,
      IssuedCertificate ca,
      SubjectAltNames names,
      Clock clock) {
    Path certFile = pki.resolve("server.crt");
    Path keyFile = pki.resolve("server.key");
    Optional<String> reason;
    if (Files.exists(certFile) && Files.exists(keyFile)) {
      IssuedCertificate stored =
          new IssuedCertificate(Pem.readCertificate(certFile), Pem.readPrivateKey(keyFile));
      reason =
          RenewalRule.reasonToRenew(
              stored.certificate(), stored.key(), ca.certificate(), names, clock.instant());
      if (reason.isEmpty()) {
        return stored;
      }
    } else {
      reason = Optional.empty();
    }
    IssuedCertificate serving = issuer.servingCertificate(ca, names);
    PrivateFiles.writeOwnerOnly(keyFile, Pem.encode(serving.key()));
    PrivateFiles.writeWorldReadable(certFile, Pem.encode(serving.certificate()));
    X509Certificate cert = serving.certificate();
    if (reason.isPresent()) {
      log.info(
          "renewed the serving certificate because {}; the new one is valid until {} for {}",
          reason.get(),
          cert.getNotAfter().toInstant(),
          names);
    } else {
      log.info(
          "created the serving certificate, valid until {} for {}",
          cert.getNotAfter().toInstant(),
          names);
    }
    return serving;
  }

  /** The CA certificate, PEM: what clients trust (a kubeconfig's certificate-authority-data). */
  public String caCertPem() {
    return caCertPem;
  }

  /** The chain the server presents, PEM: the serving certificate followed by the CA. */
  public String serverCertPem() {
    return serverCertPem;
  }

  /** The serving certificate's private key, unencrypted PKCS#8 PEM. */
  public String serverKeyPem() {
    return serverKeyPem;
  }

  /** The bearer token clients present as {@code Authorization: Bearer <token>}. */
  public String token() {
    return token;
  }

  /**
   * Vert.x key and certificate options for the serving certificate, its chain and its key, for
   * {@code HttpServerOptions.setSsl(true).setKeyCertOptions(..)}; each call makes new ones.
   *
   * <p>They hold a JDK key manager over an in-memory JKS key store rather than the PEM text: Vert.x
   * turns PEM options into a PKCS#12 key store, whose key protection (PBKDF2 with 10,000 rounds of
   * HMAC-SHA256, run when the key is stored and again when it is read) cost about half a second of
   * CPU at each start. A JKS store protects its key with a single cheap pass, and the store never
   * leaves memory, so that protection guards nothing anyway.
   */
  public KeyCertOptions keyCertOptions() {
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(null, null);
      store.setKeyEntry(
          "batchd",
          serving.key(),
          password,
          new Certificate[] {serving.certificate(), ca.certificate()});
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return KeyCertOptions.wrap(factory);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot hold the serving key in a key store", e);
    }
  }

  /** Names what the credentials are without their secrets, so they can be logged safely. */
  @Override
  public String toString() {
    return "ServerCredentials[token and keys hidden]";
  }
}
