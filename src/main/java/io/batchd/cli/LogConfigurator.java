package io.batchd.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.Locale;

/**
 * batchd's logging set-up, made in code: lines on stderr as {@code 12:00:00.000 INFO
 * i.b.c.ServerCommand - message}, at the level named by {@code BATCHD_LOG_LEVEL} (default {@code
 * INFO}), the chatty libraries at WARN.
 *
 * <p>Logback finds it through {@code META-INF/services}. A configuration file still wins: with
 * {@code -Dlogback.configurationFile} set, or a {@code logback-test.xml} or {@code logback.xml} on
 * the class path (an application embedding batchd), this steps aside for logback's own lookup.
 * Configuring in code rather than from an XML file saves logback's XML parser and configuration
 * model at each start (docs/startup.md).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
  static final String LEVEL_VARIABLE = "BATCHD_LOG_LEVEL";

  /** Libraries that log too much below WARN for a server's stderr. */
  static final List<String> QUIET =
      List.of("io.netty", "io.grpc", "io.vertx", "io.etcd", "com.zaxxer.hikari");

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || resource("logback-test.xml")
        || resource("logback.xml")) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    for (String name : QUIET) {
      context.getLogger(name).setLevel(Level.WARN);
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(System.getProperty(LEVEL_VARIABLE, System.getenv(LEVEL_VARIABLE))));
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The level named by {@code value} (any case), INFO when unset or not a level. */
  static Level level(String value) {
    return value == null || value.isBlank()
        ? Level.INFO
        : Level.toLevel(value.strip().toUpperCase(Locale.ROOT), Level.INFO);
  }

  private static boolean resource(String name) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = LogConfigurator.class.getClassLoader();
    }
    return loader.getResource(name) != null;
  }
}
