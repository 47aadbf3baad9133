package io.batchd.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A JDK HTTP client (HTTP/2 where offered) that trusts one CA, as a kubeconfig's client does. */
final class TrustingClient {
  private TrustingClient() {}

  static HttpClient forCa(String caPem) {
    try {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry(
          "ca",
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return HttpClient.newBuilder()
          .sslContext(tls)
          .version(HttpClient.Version.HTTP_2)
          .connectTimeout(Duration.ofSeconds(30))
          .build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the CA", e);
    }
  }
}
