package io.batchd.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vert.x serves HTTPS with the generated credentials; only clients trusting the CA connect. */
class HttpsServingIT {
  @TempDir Path dataDir;
  @TempDir Path otherDataDir;

  private ServerCredentials credentials;
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() {
    credentials = ServerCredentials.loadOrCreate(dataDir, List.of());
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost("127.0.0.1")
                    .setPort(0)
                    .setSsl(true)
                    // ALPN lets clients that ask for it (kubectl does) speak HTTP/2.
                    .setUseAlpn(true)
                    .setKeyCertOptions(credentials.keyCertOptions()))
            .requestHandler(request -> request.response().end("hello over TLS"))
            .listen()
            .await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private HttpResponse<String> get(HttpClient client) throws Exception {
    URI uri = URI.create("https://127.0.0.1:" + server.actualPort() + "/");
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aClientTrustingOnlyTheCaGetsAnAnswer() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(Certificates.trustingOnly(credentials.caCertPem()))
            .build();

    HttpResponse<String> response = get(client);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello over TLS");
    // The JDK checked the server's name (127.0.0.1) against the certificate's IP SAN.
    assertThat(response.sslSession().orElseThrow().getPeerCertificates()[0])
        .isEqualTo(Certificates.parse(credentials.serverCertPem()).getFirst());
  }

  @Test
  void http2IsNegotiatedOverTheSameCredentials() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .sslContext(Certificates.trustingOnly(credentials.caCertPem()))
            .build();

    HttpResponse<String> response = get(client);

    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.body()).isEqualTo("hello over TLS");
  }

  @Test
  void aClientWithTheDefaultTrustStoreIsRefused() {
    assertThatThrownBy(() -> get(HttpClient.newHttpClient()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aClientTrustingAnotherBatchdCaIsRefused() throws Exception {
    String otherCa = ServerCredentials.loadOrCreate(otherDataDir, List.of()).caCertPem();
    HttpClient client =
        HttpClient.newBuilder().sslContext(Certificates.trustingOnly(otherCa)).build();

    assertThatThrownBy(() -> get(client)).isInstanceOf(SSLHandshakeException.class);
  }
}
