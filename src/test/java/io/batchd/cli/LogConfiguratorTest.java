package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {

  @AfterEach
  void clearProperties() {
    System.clearProperty(LogConfigurator.LEVEL_VARIABLE);
    System.clearProperty("logback.configurationFile");
  }

  private static LoggerContext configured() {
    LoggerContext context = new LoggerContext();
    LogConfigurator configurator = new LogConfigurator();
    configurator.setContext(context);
    assertThat(configurator.configure(context))
        .isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    return context;
  }

  @Test
  void linesGoToStderrInBatchdsPatternAtInfo() {
    LoggerContext context = configured();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
    assertThat(stderr.isStarted()).isTrue();
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern())
        .isEqualTo("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
  }

  @Test
  void chattyLibrariesLogWarningsOnly() {
    LoggerContext context = configured();

    for (String name : LogConfigurator.QUIET) {
      assertThat(context.getLogger(name).getLevel()).as(name).isEqualTo(Level.WARN);
    }
    assertThat(context.getLogger("io.batchd.cli").getEffectiveLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void batchdLogLevelSetsTheRootLevel() {
    System.setProperty(LogConfigurator.LEVEL_VARIABLE, "debug");

    assertThat(configured().getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void anUnknownLevelMeansInfo() {
    assertThat(LogConfigurator.level("loud")).isEqualTo(Level.INFO);
    assertThat(LogConfigurator.level(" WARN ")).isEqualTo(Level.WARN);
    assertThat(LogConfigurator.level(null)).isEqualTo(Level.INFO);
  }

  @Test
  void aConfigurationFileNamedByTheUserWins() {
    System.setProperty("logback.configurationFile", "/etc/batchd/logback.xml");
    LoggerContext context = new LoggerContext();
    LogConfigurator configurator = new LogConfigurator();
    configurator.setContext(context);

    assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
  }
}
