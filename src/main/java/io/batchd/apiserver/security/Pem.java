package io.batchd.apiserver.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM encoding of certificates and private keys, through BouncyCastle.
 *
 * <p>Private keys are written as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}): the one key format
 * that Vert.x, Go's crypto/tls (kubectl) and OpenSSL all read for both RSA and EC keys. Reading
 * also accepts the traditional OpenSSL forms ({@code BEGIN EC PRIVATE KEY}, {@code BEGIN RSA
 * PRIVATE KEY}), so that a key put in place by hand loads too.
 */
final class Pem {
  private Pem() {}

  /** The certificate as one {@code BEGIN CERTIFICATE} block. */
  static String encode(X509Certificate certificate) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode the certificate", e);
    }
    return out.toString();
  }

  /** The key as one unencrypted PKCS#8 {@code BEGIN PRIVATE KEY} block. */
  static String encode(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode a " + key.getAlgorithm() + " key", e);
    }
    return out.toString();
  }

  /** The first certificate in the PEM file. */
  static X509Certificate readCertificate(Path file) {
    Object first = readFirst(file);
    if (!(first instanceof X509CertificateHolder holder)) {
      throw new IllegalStateException(file + " does not start with a PEM certificate");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalStateException(file + " holds an unreadable certificate", e);
    }
  }

  /** The first private key in the PEM file (PKCS#8 or traditional OpenSSL, unencrypted). */
  static PrivateKey readPrivateKey(Path file) {
    Object first = readFirst(file);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (first instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (first instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
    } catch (PEMException e) {
      throw new IllegalStateException(file + " holds an unreadable private key", e);
    }
    throw new IllegalStateException(file + " does not start with an unencrypted PEM private key");
  }

  private static Object readFirst(Path file) {
    try (PEMParser parser =
        new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
      return parser.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
