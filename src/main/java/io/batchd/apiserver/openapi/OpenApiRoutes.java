package io.batchd.apiserver.openapi;

import io.batchd.api.ServerVersion;
import io.batchd.api.codec.Codecs;
import io.batchd.api.errors.StatusException;
import io.batchd.apiserver.openapi.OpenApiDocuments.Document;
import io.batchd.registry.ResourceType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the OpenAPI documents, as kube-openapi's handlers do:
 *
 * <ul>
 *   <li>{@code GET /openapi/v3}: the list of group versions, each with its document's URL and hash;
 *   <li>{@code GET /openapi/v3/apis/batch/v1} (and every served group version): that document. With
 *       {@code ?hash=} equal to the document's hash, the answer may be cached for good ({@code
 *       Cache-Control: public, immutable}); with another hash, a 301 to the current URL;
 *   <li>{@code GET /openapi/v2}: the swagger 2.0 document.
 * </ul>
 *
 * <p>Every answer carries its hash as a quoted {@code ETag} and honours {@code If-None-Match}. The
 * documents are JSON only: a request that accepts nothing but protobuf gets 406. kubectl asks for
 * v2 only as protobuf, and only when the v3 documents do not serve it, which they do.
 *
 * <p>The documents are built once, on a virtual thread started by the first request for any of
 * them: building them (half a second of CPU, cold) is work a start does not need, and on a small
 * machine it slowed the first requests of every start (docs/startup.md). That first request, and
 * any that come while the documents are built, wait for them without blocking the event loop. The
 * handlers only write bytes.
 */
public final class OpenApiRoutes {
  private static final String V3_PREFIX = "/openapi/v3/";
  private static final String NO_CACHE = "no-cache, private";

  private static final Logger log = LoggerFactory.getLogger(OpenApiRoutes.class);

  private final Supplier<OpenApiDocuments> build;
  private final AtomicReference<CompletableFuture<OpenApiDocuments>> documents =
      new AtomicReference<>();
  private final Clock clock;
  private final String lastModified;

  /** Routes that build their documents with {@code build}, once, when first asked for them. */
  OpenApiRoutes(Supplier<OpenApiDocuments> build, Clock clock) {
    this.build = build;
    this.clock = clock;
    this.lastModified =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC));
  }

  /**
   * Adds {@code /openapi/v2}, {@code /openapi/v3} and {@code /openapi/v3/*} to {@code router},
   * serving the documents of {@code types}, built on the first request. A type whose model has no
   * list class fails the build; the routes then answer 500 and the failure is logged.
   */
  public static void register(Router router, List<ResourceType<?>> types) {
    register(router, types, ServerVersion.current());
  }

  /**
   * As {@link #register(Router, List)}, with the documents' {@code info.version} taken from {@code
   * version}'s {@code gitVersion}, the Kubernetes version batchd reports on {@code /version}.
   */
  public static void register(Router router, List<ResourceType<?>> types, ServerVersion version) {
    new OpenApiRoutes(() -> OpenApiDocuments.build(types, version.gitVersion()), Clock.systemUTC())
        .addTo(router);
  }

  /**
   * The documents, completed when built: the first call starts the build on a virtual thread, every
   * call returns the same future.
   */
  CompletableFuture<OpenApiDocuments> documents() {
    CompletableFuture<OpenApiDocuments> current = documents.get();
    if (current != null) {
      return current;
    }
    CompletableFuture<OpenApiDocuments> mine = new CompletableFuture<>();
    if (!documents.compareAndSet(null, mine)) {
      return documents.get();
    }
    Thread.ofVirtual()
        .name("openapi-build")
        .start(
            () -> {
              try {
                mine.complete(build.get());
              } catch (RuntimeException e) {
                log.error("building the OpenAPI documents failed", e);
                mine.completeExceptionally(e);
              }
            });
    return mine;
  }

  void addTo(Router router) {
    router.get("/openapi/v2").handler(ctx -> whenBuilt(ctx, docs -> v2(ctx, docs)));
    router
        .get("/openapi/v3")
        .handler(ctx -> whenBuilt(ctx, docs -> serve(ctx, docs.v3Discovery(), NO_CACHE)));
    router.get("/openapi/v3/*").handler(ctx -> whenBuilt(ctx, docs -> v3GroupVersion(ctx, docs)));
  }

  /** Runs {@code handler} once the documents are built; a failed build is a 500, and logged. */
  private void whenBuilt(RoutingContext ctx, Consumer<OpenApiDocuments> handler) {
    documents()
        .whenComplete(
            (docs, failure) -> {
              if (failure == null) {
                handler.accept(docs);
              } else {
                fail(
                    ctx,
                    new StatusException(
                        500,
                        "InternalError",
                        "the OpenAPI documents could not be built: " + failure.getMessage(),
                        null));
              }
            });
  }

  private void v2(RoutingContext ctx, OpenApiDocuments documents) {
    ctx.response().putHeader("Vary", "Accept");
    if (!AcceptHeader.allowsJson(ctx.request().getHeader("Accept"))) {
      notAcceptable(ctx);
      return;
    }
    serve(ctx, documents.v2(), NO_CACHE);
  }

  private void v3GroupVersion(RoutingContext ctx, OpenApiDocuments documents) {
    String groupVersion = ctx.normalizedPath().substring(V3_PREFIX.length());
    Optional<Document> found = documents.v3(groupVersion);
    if (found.isEmpty()) {
      fail(
          ctx,
          new StatusException(
              404, "NotFound", "the server could not find the requested resource", null));
      return;
    }
    Document document = found.get();
    HttpServerResponse response = ctx.response().putHeader("Vary", "Accept");
    if (!AcceptHeader.allowsJson(ctx.request().getHeader("Accept"))) {
      notAcceptable(ctx);
      return;
    }
    String hash = ctx.request().getParam("hash");
    if (hash == null || hash.isEmpty()) {
      serve(ctx, document, NO_CACHE);
    } else if (!hash.equals(document.hash())) {
      // The client holds a URL from an older discovery document: send it to the current one.
      response
          .setStatusCode(301)
          .putHeader("Location", OpenApiDocuments.serverRelativeUrl(groupVersion, document))
          .end();
    } else {
      // The hash names these exact bytes, so the answer never goes stale.
      response.putHeader(
          "Expires",
          DateTimeFormatter.RFC_1123_DATE_TIME.format(
              clock.instant().atZone(ZoneOffset.UTC).plusYears(1)));
      serve(ctx, document, "public, immutable");
    }
  }

  private void serve(RoutingContext ctx, Document document, String cacheControl) {
    String etag = "\"" + document.hash() + "\"";
    HttpServerResponse response =
        ctx.response()
            .putHeader("ETag", etag)
            .putHeader("Cache-Control", cacheControl)
            .putHeader("Last-Modified", lastModified);
    if (matches(ctx.request().getHeader("If-None-Match"), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", "application/json").end(Buffer.buffer(document.body()));
  }

  /** Whether {@code If-None-Match} names {@code etag}, compared weakly as RFC 9110 asks. */
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static void notAcceptable(RoutingContext ctx) {
    fail(
        ctx,
        StatusException.notAcceptable(
            "the OpenAPI documents are served as application/json only; protobuf is not"
                + " offered"));
  }

  private static void fail(RoutingContext ctx, StatusException e) {
    ctx.response()
        .setStatusCode(e.code())
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", NO_CACHE)
        .end(Buffer.buffer(Codecs.JSON.writeValueAsBytes(e.toStatus())));
  }
}
