package io.batchd.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code target/batchd.jar server} in a JVM of its own, on a data dir that outlives it, so that a
 * test can kill it with SIGKILL and start it again on the same state. It serves plain HTTP on a
 * free loopback port besides HTTPS; {@link #client()} reaches it there with the data dir's token.
 * The child's output goes to {@code server.log} in the data dir, each start appended.
 */
public final class ChildServer implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("serving on https://127\\.0\\.0\\.1:\\d+");
  private static final Pattern INSECURE =
      Pattern.compile("plain HTTP on http://127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final int insecurePort;
  private final String token;

  private ChildServer(Process process, int insecurePort, String token) {
    this.process = process;
    this.insecurePort = insecurePort;
    this.token = token;
  }

  /**
   * Starts the server and waits until it serves.
   *
   * @param extraArgs more {@code server} options, such as {@code --pod-failure-backoff PT1S}
   */
  public static ChildServer start(Path dataDir, List<String> extraArgs) throws IOException {
    return start(dataDir, List.of(), extraArgs);
  }

  /**
   * Starts the server with options for its JVM (such as {@code -Xmx1g}) and waits until it serves.
   */
  public static ChildServer start(Path dataDir, List<String> jvmArgs, List<String> extraArgs)
      throws IOException {
    Path jar = Path.of("target/batchd.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("run mvn package first: " + jar.toAbsolutePath());
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmArgs);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "server",
            "--data-dir",
            dataDir.toString(),
            "--port",
            "0",
            "--insecure-port",
            "0"));
    command.addAll(extraArgs);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Path log = dataDir.resolve("server.log");
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              int insecure = -1;
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  Files.writeString(
                      log,
                      line + "\n",
                      StandardCharsets.UTF_8,
                      StandardOpenOption.CREATE,
                      StandardOpenOption.APPEND);
                  Matcher plain = INSECURE.matcher(line);
                  if (plain.find()) {
                    insecure = Integer.parseInt(plain.group(1));
                  }
                  if (SERVING.matcher(line).find()) {
                    port.complete(insecure);
                  }
                }
              } catch (IOException e) {
                port.completeExceptionally(e);
              }
              port.completeExceptionally(new IllegalStateException("server exited; see " + log));
            });
    try {
      int insecure = port.get(60, TimeUnit.SECONDS);
      String token = Files.readString(dataDir.resolve("token"), StandardCharsets.US_ASCII).strip();
      return new ChildServer(process, insecure, token);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("server did not serve within 60 s; see " + log, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(e);
    }
  }

  /** A fabric8 client over plain HTTP, namespace {@code default}, that does not retry. */
  public KubernetesClient client() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + insecurePort)
            .withOauthToken(token)
            .withNamespace("default")
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The plain-HTTP address, such as {@code http://127.0.0.1:41234}. */
  public String insecureUrl() {
    return "http://127.0.0.1:" + insecurePort;
  }

  /** The bearer token the server accepts. */
  public String token() {
    return token;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed; waits until the process is gone. */
  public void killDashNine() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server " + process.pid() + " survived SIGKILL");
    }
  }

  /**
   * SIGTERM; returns the exit status once the server has stopped, or throws if it did not stop
   * within 20 s.
   */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server " + process.pid() + " did not stop within 20 s");
    }
    return process.exitValue();
  }

  /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      killDashNine();
    }
  }
}
