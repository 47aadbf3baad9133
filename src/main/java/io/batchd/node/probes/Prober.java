package io.batchd.node.probes;

import io.batchd.api.ServerVersion;
import io.batchd.node.runtime.ExecResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs one attempt of a probe against a container: its command through the runtime, an HTTP GET or
 * a TCP connection to the pod's address. Containers share the host's network, so the address is the
 * probe's {@code host} or else loopback. Outputs and errors are worded as the kubelet's.
 */
public final class Prober {
  /** The kubelet reads at most 10 KiB of a probe's HTTP body. */
  private static final int MAX_BODY = 10 * 1024;

  /** Headers Java's HTTP client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("host", "connection", "content-length", "expect", "upgrade");

  private final String address;
  private final HttpClient http;

  /**
   * @param address where the pod's ports are reached (its IP; loopback for host processes)
   */
  public Prober(String address) {
    this.address = address;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(TrustingAll.context()) // the kubelet does not verify probe certificates
            .build();
  }

  public ProbeOutcome run(Probe probe, Container container, CommandRunner exec)
      throws InterruptedException {
    Duration timeout = ProbeTiming.of(probe).timeout();
    if (probe.getExec() != null) {
      return exec(probe.getExec().getCommand(), timeout, exec);
    }
    if (probe.getHttpGet() != null) {
      return httpGet(probe.getHttpGet(), container, timeout);
    }
    if (probe.getTcpSocket() != null) {
      return tcpSocket(probe.getTcpSocket(), container, timeout);
    }
    if (probe.getGrpc() != null) {
      return ProbeOutcome.error("grpc probes are not supported by batchd");
    }
    return ProbeOutcome.error("missing probe handler for " + container.getName());
  }

  private static ProbeOutcome exec(List<String> command, Duration timeout, CommandRunner exec)
      throws InterruptedException {
    ExecResult result;
    try {
      result = exec.run(command, timeout);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      // As a runtime's exec of a missing binary: the probe ran and failed.
      return ProbeOutcome.failure(e.getMessage());
    }
    if (result.timedOut()) {
      return ProbeOutcome.failure("command \"" + String.join(" ", command) + "\" timed out");
    }
    return result.exitCode() == 0
        ? ProbeOutcome.success(result.output())
        : ProbeOutcome.failure(result.output());
  }

  private ProbeOutcome httpGet(HTTPGetAction action, Container container, Duration timeout)
      throws InterruptedException {
    int port;
    try {
      port = ProbePorts.resolve(action.getPort(), container);
    } catch (IllegalArgumentException e) {
      return ProbeOutcome.error(e.getMessage());
    }
    String scheme =
        action.getScheme() == null ? "http" : action.getScheme().toLowerCase(Locale.ROOT);
    String host = hostOf(action.getHost());
    String path = action.getPath() == null ? "" : action.getPath();
    if (!path.isEmpty() && !path.startsWith("/")) {
      path = "/" + path;
    }
    String url = scheme + "://" + hostPort(host, port) + path;
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
    } catch (IllegalArgumentException e) {
      return ProbeOutcome.error("parse \"" + url + "\": " + e.getMessage());
    }
    request.header("User-Agent", "kube-probe/" + kubeletMinorVersion());
    request.header("Accept", "*/*");
    if (action.getHttpHeaders() != null) {
      for (HTTPHeader h : action.getHttpHeaders()) {
        if (!RESTRICTED_HEADERS.contains(h.getName().toLowerCase(Locale.ROOT))) {
          request.setHeader(h.getName(), h.getValue());
        }
      }
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      return ProbeOutcome.failure(
          "Get \"" + url + "\": dial tcp " + hostPort(host, port) + ": i/o timeout");
    } catch (HttpTimeoutException e) {
      return ProbeOutcome.failure(
          "Get \""
              + url
              + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    } catch (ConnectException e) {
      return ProbeOutcome.failure(
          "Get \""
              + url
              + "\": dial tcp "
              + hostPort(host, port)
              + ": connect: connection refused");
    } catch (IOException e) {
      return ProbeOutcome.failure("Get \"" + url + "\": " + e.getMessage());
    }
    String body;
    try (InputStream in = response.body()) {
      body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      body = "";
    }
    int code = response.statusCode();
    if (code >= 200 && code < 400) {
      return ProbeOutcome.success(body);
    }
    return ProbeOutcome.failure("HTTP probe failed with statuscode: " + code);
  }

  private ProbeOutcome tcpSocket(TCPSocketAction action, Container container, Duration timeout) {
    int port;
    try {
      port = ProbePorts.resolve(action.getPort(), container);
    } catch (IllegalArgumentException e) {
      return ProbeOutcome.error(e.getMessage());
    }
    String host = hostOf(action.getHost());
    String target = "dial tcp " + hostPort(host, port) + ": ";
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return ProbeOutcome.success("");
    } catch (SocketTimeoutException e) {
      return ProbeOutcome.failure(target + "i/o timeout");
    } catch (ConnectException e) {
      return ProbeOutcome.failure(target + "connect: connection refused");
    } catch (IOException e) {
      return ProbeOutcome.failure(target + e.getMessage());
    }
  }

  private String hostOf(String probeHost) {
    return probeHost == null || probeHost.isEmpty() ? address : probeHost;
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@code 1.32}: the kubelet's User-Agent carries its major and minor version. */
  private static String kubeletMinorVersion() {
    String v = ServerVersion.current().gitVersion().replaceFirst("^v", "");
    String[] parts = v.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : v;
  }
}
