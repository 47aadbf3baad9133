package io.batchd.node.probes;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts any server certificate and host name, as the kubelet's HTTPS probes do (they check that
 * the container answers, not who it is).
 */
public final class TrustingAll extends X509ExtendedTrustManager {

  /**
   * A TLS context that trusts any server, as the kubelet's probes and kube-apiserver's calls to
   * kubelets without {@code --kubelet-certificate-authority} do.
   */
  public static javax.net.ssl.SSLContext context() {
    try {
      javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
      tls.init(
          null,
          new javax.net.ssl.TrustManager[] {new TrustingAll()},
          new java.security.SecureRandom());
      return tls;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JVM", e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
