package io.batchd.cli;

import io.batchd.apiserver.ServingOptions;
import io.batchd.apiserver.security.AbacPolicy;
import io.batchd.apiserver.security.Kubeconfig;
import io.batchd.apiserver.security.ServerCredentials;
import io.batchd.apiserver.security.StaticTokenFile;
import io.batchd.controller.leader.LeaderElectionOptions;
import io.batchd.store.Compactor;
import io.batchd.store.Store;
import io.batchd.store.StoreFactory;
import io.batchd.store.sqlite.SqliteOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code batchd server}: the API server with its store, until SIGTERM or SIGINT. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the batchd server.")
final class ServerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

  @Option(
      names = "--data-dir",
      description = "Where the server keeps its state (default: ${DEFAULT-VALUE}).",
      defaultValue = "${sys:user.home}/.batchd")
  Path dataDir;

  @Option(
      names = "--bind",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String bind;

  @Option(
      names = "--port",
      description = "HTTPS port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).",
      defaultValue = "6443")
  int port;

  @Option(
      names = "--insecure-port",
      description =
          "Also serve plain HTTP on 127.0.0.1 at this port (0 picks a free one), with the same"
              + " token rules; off by default.",
      defaultValue = "-1")
  int insecurePort;

  @Option(
      names = "--max-requests-inflight",
      description =
          "Reads served at once before answering 429; watches are not counted"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "400")
  int maxRequestsInflight;

  @Option(
      names = "--max-mutating-requests-inflight",
      description = "Writes served at once before answering 429 (default: ${DEFAULT-VALUE}).",
      defaultValue = "200")
  int maxMutatingRequestsInflight;

  @Option(
      names = "--tls-san",
      description = "An extra DNS name or IP address for the serving certificate; repeat for more.")
  List<String> tlsSans = new ArrayList<>();

  @Option(
      names = "--store",
      description =
          "sqlite (embedded, in the data dir), sqlite:PATH, or etcd://HOST:PORT[,HOST:PORT...]"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "sqlite")
  String store;

  @Option(
      names = "--sqlite-sync",
      description =
          "NORMAL keeps acknowledged writes across a crash of the process; FULL also across"
              + " power loss, with slower writes (default: ${DEFAULT-VALUE}).",
      defaultValue = "NORMAL")
  SqliteOptions.Synchronous sqliteSync;

  @Option(
      names = "--compaction-interval",
      description =
          "How often to drop store history older than one interval, as an ISO-8601 duration"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT5M")
  Duration compactionInterval;

  @Option(
      names = "--token-auth-file",
      description =
          "Further users: a CSV file of token,user,uid[,\"group1,group2\"] lines, as"
              + " kube-apiserver's --token-auth-file.")
  Path tokenAuthFile;

  @Option(
      names = "--authorization-policy-file",
      description =
          "Who may do what: an ABAC policy file (one abac.authorization.kubernetes.io/v1beta1"
              + " Policy per line), as kube-apiserver's; without it every authenticated user may"
              + " do everything.")
  Path authorizationPolicyFile;

  @Option(
      names = "--node-name",
      description = "The name of the server's own node (default: the host name).")
  String nodeName;

  @Option(
      names = "--no-local-node",
      description =
          "Run no pods on this machine: leave them to remote agents (by default the server runs"
              + " a node agent of its own).")
  boolean noLocalNode;

  @Option(
      names = "--no-controllers",
      description =
          "Serve the API only, without the scheduler, Job and TTL controllers (by default the"
              + " server runs them).")
  boolean noControllers;

  @Option(
      names = "--pod-failure-backoff",
      description =
          "Delay before a Job replaces a failed pod, doubling per failure, as an ISO-8601 duration"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT10S")
  Duration podFailureBackoff;

  @Option(
      names = "--pod-failure-backoff-max",
      description = "The longest such delay (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT10M")
  Duration podFailureBackoffMax;

  @Option(
      names = "--container-restart-backoff",
      description =
          "Delay before a crashed container restarts (restartPolicy OnFailure or Always),"
              + " doubling per restart (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT10S")
  Duration containerRestartBackoff;

  @Option(
      names = "--container-restart-backoff-max",
      description = "The longest such delay (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT5M")
  Duration containerRestartBackoffMax;

  @Option(
      names = "--no-leader-elect",
      description =
          "With a store shared by several servers (etcd), run the controllers in this server"
              + " whatever the others do. By default only the server holding the"
              + " kube-system/batchd-controllers Lease runs them; the embedded store belongs to one"
              + " server, which always runs them.")
  boolean noLeaderElect;

  @Option(
      names = "--leader-elect-lease-duration",
      description =
          "How long other servers wait after the leader's last renewal before taking over"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT15S")
  Duration leaderElectLeaseDuration;

  @Option(
      names = "--leader-elect-renew-deadline",
      description =
          "How long the leader tries to renew before it stops its controllers"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT10S")
  Duration leaderElectRenewDeadline;

  @Option(
      names = "--leader-elect-retry-period",
      description =
          "How often a server tries to become the leader, and the leader renews"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT2S")
  Duration leaderElectRetryPeriod;

  @Override
  public Integer call() throws InterruptedException {
    Started started = start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  started.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * Starts the server with this command's options and writes the kubeconfig; what {@link #call}
   * runs before it waits for a signal, and what {@link StartupTrainingCommand} starts.
   */
  Started start() {
    long began = System.nanoTime();
    TlsWarmUp.start();
    List<String> sans = new ArrayList<>(tlsSans);
    if (!isWildcard(bind)) {
      sans.add(bind);
    }
    // Making or checking the CA and serving certificate is CPU-bound work the store does not wait
    // for: it runs beside the store's opening and the registries' start.
    FutureTask<ServerCredentials> loadingCredentials =
        new FutureTask<>(() -> ServerCredentials.loadOrCreate(dataDir, sans));
    Thread.ofPlatform().daemon().name("credentials").start(loadingCredentials);
    if (store.equals("sqlite") || store.startsWith("sqlite:")) {
      SqliteNativeLibrary.useCopyIn(dataDir);
    }
    SqliteOptions sqlite = SqliteOptions.defaults().withSynchronous(sqliteSync);
    Store opened = StoreFactory.open(store, dataDir, sqlite);
    Compactor compactor = new Compactor(opened, compactionInterval);
    Clock clock = Clock.systemUTC();
    BatchdServer server =
        BatchdServer.serve(
            opened,
            () -> {
              ServerCredentials credentials = result(loadingCredentials);
              return new ServingOptions(
                  bind,
                  port,
                  credentials.keyCertOptions(),
                  insecurePort,
                  credentials.token(),
                  maxRequestsInflight,
                  maxMutatingRequestsInflight,
                  tokenAuthFile == null ? Map.of() : StaticTokenFile.read(tokenAuthFile),
                  authorizationPolicyFile == null
                      ? null
                      : AbacPolicy.read(authorizationPolicyFile));
            },
            dataDir,
            new Workloads(
                !noLocalNode,
                nodeName,
                podFailureBackoff,
                podFailureBackoffMax,
                containerRestartBackoff,
                containerRestartBackoffMax,
                !noControllers),
            clock,
            new LeaderElectionOptions(
                !noLeaderElect && store.startsWith("etcd://"),
                leaderElectLeaseDuration,
                leaderElectRenewDeadline,
                leaderElectRetryPeriod));
    ServerCredentials credentials = result(loadingCredentials);
    // The API serves now: the kubeconfig lets clients in while the controllers and the node agent
    // start, which the first requests do not need.
    String url = "https://" + urlHost(bind) + ":" + server.port();
    Path kubeconfig = dataDir.resolve("kubeconfig");
    Kubeconfig.write(kubeconfig, url, credentials.caCertPem(), credentials.token());
    server.startWorkloads();
    if (server.insecurePort() >= 0) {
      log.info("plain HTTP on http://127.0.0.1:{}", server.insecurePort());
    }
    log.info(
        "batchd serving on {} (store: {}, data dir: {}) in {} ms; KUBECONFIG={}",
        url,
        store,
        dataDir,
        (System.nanoTime() - began) / 1_000_000,
        kubeconfig);
    return new Started(server, compactor, opened, url, credentials);
  }

  /**
   * What {@code task} returned; what it threw is thrown here as it was, so that a bad setting is
   * still reported in one line by {@link Main}.
   */
  private static <T> T result(FutureTask<T> task) {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the credentials", e);
    }
  }

  /** A started server with its store; closing stops the server, then closes the store. */
  record Started(
      BatchdServer server,
      Compactor compactor,
      Store store,
      String url,
      ServerCredentials credentials)
      implements AutoCloseable {
    @Override
    public void close() {
      server.close();
      compactor.close();
      store.close();
    }
  }

  private static boolean isWildcard(String address) {
    return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
  }

  /** The host clients use in URLs: loopback for a wildcard bind, brackets for IPv6. */
  private static String urlHost(String address) {
    if (isWildcard(address)) {
      return "127.0.0.1";
    }
    return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
  }
}
