package io.batchd.apiserver;

import io.batchd.api.ServerVersion;
import io.batchd.apiserver.openapi.OpenApiRoutes;
import io.batchd.registry.Registries;
import io.batchd.registry.Registry;
import io.batchd.registry.ResourceType;
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
  private final HttpServer insecure;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

  private ApiServer(Vertx vertx, HttpServer server, HttpServer insecure) {
    this.vertx = vertx;
    this.server = server;
    this.insecure = insecure;
  }

  /** Starts serving as {@code options} say and waits until every listener listens. */
  public static ApiServer start(
      ServingOptions options,
      Registries registries,
      StoreHealth health,
      ServerVersion version,
      Clock clock) {
    return start(options, registries, health, version, clock, null);
  }

  /**
   * Starts serving, with container logs read from {@code logs} (the node agent); without one
   * (null), a bound pod's {@code /log} answers 503.
   */
  public static ApiServer start(
      ServingOptions options,
      Registries registries,
      StoreHealth health,
      ServerVersion version,
      Clock clock,
      PodLogSource logs) {
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      if (options.token() != null) {
        new Authentication(options.token(), options.users()).register(router);
      }
      new InflightLimit(options.maxRequestsInflight(), options.maxMutatingRequestsInflight())
          .register(router);
      ApiServer[] self = new ApiServer[1];
      Blocking blocking = handler -> ctx -> self[0].handlers.execute(() -> handler.handle(ctx));
      new HealthRoutes(health, blocking).register(router);
      new VersionRoute(version).register(router);
      new io.batchd.apiserver.cloudrun.CloudRunRoutes(
              registries, task -> self[0].handlers.execute(task))
          .register(router);
      new ApiRoutes(
              Endpoints.of(registries, clock, logs), blocking, new Authorization(options.policy()))
          .register(router);
      OpenApiRoutes.register(
          router, registries.all().stream().<ResourceType<?>>map(Registry::type).toList(), version);
      router.route().handler(NotFound::respond);
      HttpServerOptions main =
          new HttpServerOptions().setHost(options.host()).setPort(options.port());
      if (options.tls() != null) {
        // ALPN lets kubectl negotiate HTTP/2, as it does with kube-apiserver.
        main.setSsl(true).setUseAlpn(true).setKeyCertOptions(options.tls());
      }
      HttpServer server = vertx.createHttpServer(main).requestHandler(router).listen().await();
      HttpServer insecure = null;
      if (options.insecurePort() >= 0) {
        insecure =
            vertx
                .createHttpServer(
                    new HttpServerOptions().setHost("127.0.0.1").setPort(options.insecurePort()))
                .requestHandler(router)
                .listen()
                .await();
      }
      self[0] = new ApiServer(vertx, server, insecure);
      return self[0];
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  /** The port the main listener listens on. */
  public int port() {
    return server.actualPort();
  }

  /** The port of the plain-HTTP loopback listener, or -1 when there is none. */
  public int insecurePort() {
    return insecure == null ? -1 : insecure.actualPort();
  }

  @Override
  public void close() {
    if (insecure != null) {
      insecure.close().await();
    }
    server.close().await();
    handlers.shutdownNow();
    vertx.close().await();
  }
}
