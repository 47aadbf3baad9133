package io.batchd.cli;

import io.batchd.client.HttpApiClient;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code batchd agent}: runs this machine's pods for a remote server started with {@code
 * --no-local-node}, until SIGTERM or SIGINT.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Run a node agent that runs pods for a remote batchd server.")
final class AgentCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

  @Option(
      names = "--kubeconfig",
      required = true,
      description =
          "The server and credentials to use (its current context); the server's own kubeconfig"
              + " works. Its token also guards the agent's log endpoint.")
  Path kubeconfig;

  @Option(names = "--node-name", description = "The name of this node (default: the host name).")
  String nodeName;

  @Option(
      names = "--data-dir",
      description =
          "Where the agent keeps pods' directories and its TLS key (default: ${DEFAULT-VALUE}).",
      defaultValue = "${sys:user.home}/.batchd-agent")
  Path dataDir;

  @Option(
      names = "--node-ip",
      description =
          "The address the server reaches this node at: the Node's InternalIP, the pods' IP and"
              + " where the log endpoint listens (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String nodeIp;

  @Option(
      names = "--port",
      description =
          "The HTTPS port of the log endpoint the server proxies kubectl logs to; 0 picks a free"
              + " one (default: ${DEFAULT-VALUE}).",
      defaultValue = "10250")
  int port;

  @Option(
      names = "--container-restart-backoff",
      description =
          "Delay before a crashed container restarts, doubling per restart, as an ISO-8601"
              + " duration (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT10S")
  Duration containerRestartBackoff;

  @Option(
      names = "--container-restart-backoff-max",
      description = "The longest such delay (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT5M")
  Duration containerRestartBackoffMax;

  @Override
  public Integer call() throws InterruptedException {
    Config config = readKubeconfig(kubeconfig);
    String token = config.getAutoOAuthToken();
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException(
          "kubeconfig "
              + kubeconfig
              + " has no bearer token: the agent needs one to reach the server and to guard its"
              + " log endpoint");
    }
    String name = nodeName != null ? nodeName : NodeNames.ofThisHost();
    HttpApiClient client =
        new HttpApiClient(new KubernetesClientBuilder().withConfig(config).build());
    StandaloneAgent agent =
        StandaloneAgent.start(
            client,
            token,
            name,
            dataDir,
            nodeIp,
            port,
            containerRestartBackoff,
            containerRestartBackoffMax,
            Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    log.info(
        "batchd agent for node {} running pods for {}; logs served on https://{}:{}",
        name,
        config.getMasterUrl(),
        nodeIp,
        agent.port());
    stopped.await();
    return 0;
  }

  private static Config readKubeconfig(Path file) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(file));
      config.setRequestRetryBackoffLimit(3);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
    }
  }
}
