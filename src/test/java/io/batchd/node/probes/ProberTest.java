package io.batchd.node.probes;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.batchd.node.runtime.ExecResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One probe attempt against a real HTTP server, real sockets and a command runner. */
class ProberTest {
  private static final CommandRunner NO_EXEC =
      (command, timeout) -> {
        throw new AssertionError("no exec expected");
      };

  private HttpServer server;
  private final Map<String, String> seenHeaders = new ConcurrentHashMap<>();
  private final Prober prober = new Prober("127.0.0.1");

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/status/",
        exchange -> {
          exchange.getRequestHeaders().forEach((k, v) -> seenHeaders.put(k, v.get(0)));
          int code = Integer.parseInt(exchange.getRequestURI().getPath().substring(8));
          byte[] body = ("answer " + code).getBytes(StandardCharsets.UTF_8);
          if (code >= 300 && code < 400) {
            exchange.getResponseHeaders().add("Location", "/status/200");
          }
          exchange.sendResponseHeaders(code, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.createContext(
        "/slow",
        exchange -> {
          try {
            Thread.sleep(3000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private static Container container(int namedPort) {
    return new ContainerBuilder()
        .withName("web")
        .addNewPort()
        .withName("http")
        .withContainerPort(namedPort)
        .endPort()
        .build();
  }

  private Probe httpGet(String path, IntOrString port) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(port)
        .endHttpGet()
        .withTimeoutSeconds(1)
        .build();
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "200, SUCCESS, answer 200",
    "204, SUCCESS, ''",
    "302, SUCCESS, answer 302",
    "399, SUCCESS, answer 399",
    "400, FAILURE, HTTP probe failed with statuscode: 400",
    "404, FAILURE, HTTP probe failed with statuscode: 404",
    "500, FAILURE, HTTP probe failed with statuscode: 500",
  })
  void httpGetSucceedsFrom200To399(int code, ProbeOutcome.Result result, String output)
      throws Exception {
    ProbeOutcome outcome =
        prober.run(httpGet("/status/" + code, new IntOrString(port())), container(1), NO_EXEC);

    assertThat(outcome).isEqualTo(new ProbeOutcome(result, output));
  }

  @Test
  void httpGetFindsANamedPortAndSendsTheHeaders() throws Exception {
    Probe probe = httpGet("/status/200", new IntOrString("http"));
    probe
        .getHttpGet()
        .setHttpHeaders(List.of(new io.fabric8.kubernetes.api.model.HTTPHeader("X-Probe", "yes")));

    ProbeOutcome outcome = prober.run(probe, container(port()), NO_EXEC);

    assertThat(outcome.succeeded()).isTrue();
    assertThat(seenHeaders)
        .containsEntry("X-probe", "yes")
        .containsEntry("User-agent", "kube-probe/1.32")
        .containsEntry("Accept", "*/*");
  }

  @Test
  void aPortNameTheContainerDoesNotDeclareIsAnError() throws Exception {
    ProbeOutcome outcome =
        prober.run(httpGet("/", new IntOrString("metrics")), container(port()), NO_EXEC);

    assertThat(outcome)
        .isEqualTo(ProbeOutcome.error("strconv.Atoi: parsing \"metrics\": invalid syntax"));
    assertThat(outcome.eventMessage(ProbeKind.READINESS))
        .isEqualTo("Readiness probe errored: strconv.Atoi: parsing \"metrics\": invalid syntax");
  }

  @Test
  void httpGetToAClosedPortIsRefusedInTheKubeletsWords() throws Exception {
    int closed = closedPort();

    ProbeOutcome outcome =
        prober.run(httpGet("/healthz", new IntOrString(closed)), container(1), NO_EXEC);

    assertThat(outcome)
        .isEqualTo(
            ProbeOutcome.failure(
                "Get \"http://127.0.0.1:"
                    + closed
                    + "/healthz\": dial tcp 127.0.0.1:"
                    + closed
                    + ": connect: connection refused"));
    assertThat(outcome.eventMessage(ProbeKind.LIVENESS)).startsWith("Liveness probe failed: Get ");
  }

  @Test
  void httpGetSlowerThanItsTimeoutFails() throws Exception {
    ProbeOutcome outcome =
        prober.run(httpGet("/slow", new IntOrString(port())), container(1), NO_EXEC);

    assertThat(outcome.result()).isEqualTo(ProbeOutcome.Result.FAILURE);
    assertThat(outcome.output())
        .isEqualTo(
            "Get \"http://127.0.0.1:"
                + port()
                + "/slow\": context deadline exceeded (Client.Timeout exceeded while awaiting"
                + " headers)");
  }

  @Test
  void tcpSocketSucceedsOnAListeningPortAndFailsOnAClosedOne() throws Exception {
    int closed = closedPort();
    Probe open =
        new ProbeBuilder()
            .withNewTcpSocket()
            .withPort(new IntOrString(port()))
            .endTcpSocket()
            .build();
    Probe shut =
        new ProbeBuilder()
            .withNewTcpSocket()
            .withPort(new IntOrString(closed))
            .endTcpSocket()
            .build();

    assertThat(prober.run(open, container(1), NO_EXEC).succeeded()).isTrue();
    assertThat(prober.run(shut, container(1), NO_EXEC))
        .isEqualTo(
            ProbeOutcome.failure("dial tcp 127.0.0.1:" + closed + ": connect: connection refused"));
  }

  @ParameterizedTest(name = "exit {0}, timed out {1} -> {2}")
  @CsvSource({
    "0, false, SUCCESS, ok",
    "1, false, FAILURE, ok",
    "-1, true, FAILURE, command \"check --deep\" timed out",
  })
  void execSucceedsOnExitZero(
      int exitCode, boolean timedOut, ProbeOutcome.Result result, String output) throws Exception {
    Probe probe = new ProbeBuilder().withNewExec().withCommand("check", "--deep").endExec().build();

    ProbeOutcome outcome =
        prober.run(
            probe,
            container(1),
            (command, timeout) -> {
              assertThat(command).containsExactly("check", "--deep");
              return new ExecResult(exitCode, "ok", timedOut);
            });

    assertThat(outcome).isEqualTo(new ProbeOutcome(result, output));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
