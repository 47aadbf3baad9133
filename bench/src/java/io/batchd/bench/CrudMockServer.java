package io.batchd.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** fabric8's KubernetesMockServer in CRUD mode, the baseline of P3 and P4. */
final class CrudMockServer {
  /**
   * Kept here: java.util.logging holds loggers weakly, and a level set on one that is collected is
   * lost.
   */
  private static final Logger MOCK_LOG = Logger.getLogger(MockWebServer.class.getName());

  private CrudMockServer() {}

  /**
   * A mock server not yet listening (its {@code init} binds it); its per-request INFO logging is
   * turned off, since that is not serving work.
   */
  static KubernetesMockServer create() {
    MOCK_LOG.setLevel(Level.WARNING);
    return new KubernetesMockServer(
        new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
  }
}
