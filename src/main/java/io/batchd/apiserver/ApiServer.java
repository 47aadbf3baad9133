package io.batchd.apiserver;

import io.batchd.api.ServerVersion;
import io.batchd.registry.Registries;
import io.batchd.registry.StoreHealth;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP front of batchd. Vert.x owns the sockets; every request that may block (store reads and
 * writes, long watches) runs on a virtual thread of its own, never on the event loop.
 */
public final class ApiServer implements AutoCloseable {
  private final Vertx vertx;
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

  private ApiServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts serving on {@code host:port} (port 0 picks a free one) and waits until it listens. */
  public static ApiServer start(
      String host,
      int port,
      Registries registries,
      StoreHealth health,
      ServerVersion version,
      Clock clock) {
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      ApiServer[] self = new ApiServer[1];
      Blocking blocking = handler -> ctx -> self[0].handlers.execute(() -> handler.handle(ctx));
      new HealthRoutes(health, blocking).register(router);
      new VersionRoute(version).register(router);
      new ApiRoutes(Endpoints.of(registries, clock), blocking).register(router);
      router.route().handler(NotFound::respond);
      HttpServer server =
          vertx
              .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
              .requestHandler(router)
              .listen()
              .await();
      self[0] = new ApiServer(vertx, server);
      return self[0];
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  /** The port the server listens on. */
  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    server.close().await();
    handlers.shutdownNow();
    vertx.close().await();
  }
}
