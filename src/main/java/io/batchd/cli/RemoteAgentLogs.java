package io.batchd.cli;

import io.batchd.api.PodLogOptions;
import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.apiserver.PodLogSource;
import io.batchd.client.ResourceClient;
import io.batchd.node.probes.TrustingAll;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Fetches the log of a pod on a remote node from that node's agent, as kube-apiserver fetches it
 * from a kubelet: at the Node's InternalIP and {@code status.daemonEndpoints.kubeletEndpoint.Port},
 * over HTTPS with the server's bearer token. Like kube-apiserver without {@code
 * --kubelet-certificate-authority}, it does not verify the agent's certificate.
 */
final class RemoteAgentLogs {
  private final ResourceClient<Node> nodes;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .sslContext(TrustingAll.context())
          .build();

  /**
   * @param token the bearer token the agents accept; null sends none
   */
  RemoteAgentLogs(ResourceClient<Node> nodes, String token) {
    this.nodes = nodes;
    this.token = token;
  }

  void stream(Pod pod, PodLogOptions options, PodLogSource.LogSink sink)
      throws InterruptedException {
    String nodeName = pod.getSpec().getNodeName();
    Node node =
        nodes
            .get(null, nodeName)
            .orElseThrow(() -> unavailable("node \"" + nodeName + "\" not found"));
    URI uri = uri(node, pod, options);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unavailable(
          "cannot reach the agent of node \""
              + nodeName
              + "\" at "
              + uri.getAuthority()
              + ": "
              + e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw agentError(response.statusCode(), body.readAllBytes());
      }
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = body.read(buffer)) >= 0) {
        if (n > 0 && !sink.write(Arrays.copyOf(buffer, n))) {
          return; // the client went away; closing the body ends the agent's stream
        }
      }
    } catch (IOException e) {
      if (!sink.closed()) {
        throw unavailable("the log stream from node \"" + nodeName + "\" broke: " + e.getMessage());
      }
    }
  }

  private static URI uri(Node node, Pod pod, PodLogOptions options) {
    String name = node.getMetadata().getName();
    Integer port =
        node.getStatus() == null
                || node.getStatus().getDaemonEndpoints() == null
                || node.getStatus().getDaemonEndpoints().getKubeletEndpoint() == null
            ? null
            : node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
    String address =
        node.getStatus() == null
            ? null
            : node.getStatus().getAddresses().stream()
                .filter(a -> "InternalIP".equals(a.getType()))
                .map(NodeAddress::getAddress)
                .findFirst()
                .orElse(null);
    if (port == null || port <= 0 || address == null) {
      throw unavailable(
          "node \""
              + name
              + "\" reports no log endpoint (an InternalIP address and"
              + " status.daemonEndpoints.kubeletEndpoint.Port): is its agent a batchd agent?");
    }
    String host = address.contains(":") ? "[" + address + "]" : address;
    String path =
        "/containerLogs/"
            + encode(pod.getMetadata().getNamespace())
            + "/"
            + encode(pod.getMetadata().getName())
            + "/"
            + encode(options.container());
    String query = KubeletLogQuery.of(options);
    return URI.create("https://" + host + ":" + port + path + (query.isEmpty() ? "" : "?" + query));
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  /** The agent's own refusal (a 400 for a container waiting to start, ...) passed on as it is. */
  private static StatusException agentError(int code, byte[] body) {
    try {
      Status status = Codecs.JSON.readValue(body, Status.class);
      return new StatusException(code, status.getReason(), status.getMessage(), null);
    } catch (RuntimeException e) {
      return new StatusException(
          code >= 500 ? 503 : code,
          code >= 500 ? "ServiceUnavailable" : "BadRequest",
          new String(body, StandardCharsets.UTF_8),
          null);
    }
  }

  private static StatusException unavailable(String message) {
    return new StatusException(503, "ServiceUnavailable", message, null);
  }
}
