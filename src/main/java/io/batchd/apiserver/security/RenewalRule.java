package io.batchd.apiserver.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a stored serving certificate must be replaced at start-up, and says why.
 *
 * <p>A certificate is replaced when any of these holds:
 *
 * <ul>
 *   <li>it expires within {@link #RENEW_BEFORE} (30 days): a server that runs for weeks without a
 *       restart must not reach the expiry date;
 *   <li>it lacks a subject alternative name now asked for (a new extra name, or the machine was
 *       renamed);
 *   <li>it was not signed by the current CA, or its private key is not the one stored beside it.
 *       Neither happens in normal use; both are what a crash between writing one file and the next
 *       leaves behind, and a server must not come up serving a pair no client can use.
 * </ul>
 */
final class RenewalRule {
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private static final byte[] PROBE = "batchd key check".getBytes(StandardCharsets.US_ASCII);

  private RenewalRule() {}

  /** Why {@code serving} must be replaced at {@code now}, or empty if it may be kept. */
  static Optional<String> reasonToRenew(
      X509Certificate serving,
      PrivateKey servingKey,
      X509Certificate ca,
      SubjectAltNames wanted,
      Instant now) {
    Instant notAfter = serving.getNotAfter().toInstant();
    if (notAfter.isBefore(now.plus(RENEW_BEFORE))) {
      return Optional.of(
          "it expires at " + notAfter + ", within " + RENEW_BEFORE.toDays() + " days");
    }
    List<String> missing = wanted.missingFrom(serving);
    if (!missing.isEmpty()) {
      return Optional.of("it lacks the subject alternative names " + missing);
    }
    if (!issuedBy(serving, ca)) {
      return Optional.of("it was not signed by the CA in ca.crt");
    }
    if (!keyMatches(serving, servingKey)) {
      return Optional.of("its private key is not the one in server.key");
    }
    return Optional.empty();
  }

  private static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Signs a probe with the key and checks it with the certificate: the pair belongs together. */
  private static boolean keyMatches(X509Certificate certificate, PrivateKey key) {
    try {
      String algorithm = signatureAlgorithmFor(key);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String signatureAlgorithmFor(PrivateKey key) throws GeneralSecurityException {
    return switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default ->
          throw new GeneralSecurityException("unsupported key algorithm " + key.getAlgorithm());
    };
  }
}
