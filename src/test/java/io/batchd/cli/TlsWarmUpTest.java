package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TlsWarmUpTest {

  @AfterEach
  void clearIterations() {
    System.clearProperty(TlsWarmUp.PKCS12_KEY_ITERATIONS);
  }

  @Test
  void warmUpEndsAndLeavesNoSettingBehind() throws Exception {
    Thread warmUp = TlsWarmUp.start();

    assertThat(warmUp.join(Duration.ofSeconds(60))).as("the warm-up ended").isTrue();
    assertThat(System.getProperty(TlsWarmUp.PKCS12_KEY_ITERATIONS)).isNull();
    assertThat(Class.forName(TlsWarmUp.NETTY_JDK_SERVER_CONTEXT)).isNotNull();
  }

  @Test
  void aUsersOwnIterationCountIsKept() {
    System.setProperty(TlsWarmUp.PKCS12_KEY_ITERATIONS, "20000");

    TlsWarmUp.run();

    assertThat(System.getProperty(TlsWarmUp.PKCS12_KEY_ITERATIONS)).isEqualTo("20000");
  }

  @Test
  void bouncyCastlesRsaChecksAreBackOnTheThreadAfterwards() {
    TlsWarmUp.run();

    assertThat(
            org.bouncycastle.util.Properties.isOverrideSet(TlsWarmUp.BC_ALLOW_UNSAFE_RSA_MODULUS))
        .isFalse();
  }
}
