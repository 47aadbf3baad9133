package io.batchd.apiserver.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes batchd's private CA and the serving certificates it signs, with BouncyCastle's certificate
 * builder over the JDK's own crypto providers (no provider is registered globally).
 *
 * <p>Keys are EC P-256 signed with ECDSA-SHA256: every client batchd targets (Go, the JDK, Node,
 * Python) accepts them, and they are generated in milliseconds where RSA 2048 takes far longer.
 */
final class CertificateIssuer {
  static final String CA_COMMON_NAME = "batchd-ca";
  static final String SERVING_COMMON_NAME = "batchd";

  /** Ten years, the lifetime client-go gives the self-signed CAs it makes. */
  static final Duration CA_VALIDITY = Duration.ofDays(10 * 365);

  /** One year, what kubeadm gives the kube-apiserver serving certificate. */
  static final Duration SERVING_VALIDITY = Duration.ofDays(365);

  /**
   * Certificates start a little in the past so that a client whose clock lags the server's still
   * accepts a certificate made a moment ago.
   */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  private final Clock clock;
  private final SecureRandom random;

  CertificateIssuer(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  /** A new key and a self-signed CA certificate for it, valid for {@link #CA_VALIDITY}. */
  IssuedCertificate selfSignedCa() {
    KeyPair keys = newKeyPair();
    X500Name subject = commonName(CA_COMMON_NAME);
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  serialNumber(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(CA_VALIDITY)),
                  subject,
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new IssuedCertificate(sign(builder, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the CA certificate", e);
    }
  }

  /**
   * A new key and a certificate for it, signed by {@code ca}, for TLS servers only (serverAuth),
   * valid for {@link #SERVING_VALIDITY} under each of {@code names}.
   */
  IssuedCertificate servingCertificate(IssuedCertificate ca, SubjectAltNames names) {
    KeyPair keys = newKeyPair();
    Instant now = clock.instant();
    X509Certificate issuer = ca.certificate();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      PublicKey publicKey = keys.getPublic();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  issuer,
                  serialNumber(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(SERVING_VALIDITY)),
                  commonName(SERVING_COMMON_NAME),
                  publicKey)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              // digitalSignature is all an ECDHE handshake with an EC key needs.
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(Extension.subjectAlternativeName, false, names.toGeneralNames())
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(publicKey))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  // The key identifier alone: naming the CA's serial too would tie this
                  // certificate to one CA certificate rather than to the CA's key.
                  extensions.createAuthorityKeyIdentifier(issuer.getPublicKey()));
      return new IssuedCertificate(sign(builder, ca.key()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the serving certificate", e);
    }
  }

  private KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
    }
  }

  /** A random positive serial of 127 bits: unique per certificate, within RFC 5280's 20 octets. */
  private BigInteger serialNumber() {
    return new BigInteger(127, random).setBit(126);
  }

  private static X500Name commonName(String cn) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder(SIGNATURE_ALGORITHM)
                      .setSecureRandom(random)
                      .build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with " + SIGNATURE_ALGORITHM, e);
    }
  }
}
