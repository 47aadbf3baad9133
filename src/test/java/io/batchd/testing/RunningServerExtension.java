package io.batchd.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RunningServer} for all the tests of a class, with one client: started in a temp
 * directory before the class's first test (and before its {@code @BeforeAll} methods), closed and
 * removed after its last. Register it in a static field:
 *
 * <pre>
 * {@code @RegisterExtension static final RunningServerExtension server = new RunningServerExtension();}
 * </pre>
 */
public final class RunningServerExtension implements BeforeAllCallback, AfterAllCallback {
  private Path dir;
  private RunningServer server;
  private KubernetesClient client;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("batchd-it-");
    server = new RunningServer(dir);
    client = server.client();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      client.close();
      server.close();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The client every test of the class shares, in namespace {@code default}. */
  public KubernetesClient client() {
    return client;
  }

  public String url() {
    return server.url();
  }
}
