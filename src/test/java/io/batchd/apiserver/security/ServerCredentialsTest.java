package io.batchd.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCredentialsTest {
  @TempDir Path dataDir;
  @TempDir Path otherDataDir;

  private static X509Certificate first(String pem) throws Exception {
    return Certificates.parse(pem).getFirst();
  }

  private static Clock daysAgo(int days) {
    return Clock.fixed(Instant.now().minus(Duration.ofDays(days)), ZoneOffset.UTC);
  }

  @Test
  void firstStartWritesCaServingCertificateTokenAndOwnerOnlyKeys() throws Exception {
    ServerCredentials.loadOrCreate(dataDir, List.of());

    Path pki = dataDir.resolve("pki");
    assertThat(pki.resolve("ca.crt")).isRegularFile();
    assertThat(pki.resolve("server.crt")).isRegularFile();
    for (Path secret : List.of(pki.resolve("ca.key"), pki.resolve("server.key"), tokenFile())) {
      assertThat(Files.getPosixFilePermissions(secret))
          .as(secret.toString())
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
    assertThat(Files.getPosixFilePermissions(pki))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    try (var files = Files.list(pki)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file is left behind")
          .containsExactlyInAnyOrder("ca.crt", "ca.key", "server.crt", "server.key");
    }
  }

  @Test
  void keysAreUnencryptedPkcs8Pem() throws Exception {
    ServerCredentials credentials = ServerCredentials.loadOrCreate(dataDir, List.of());

    assertThat(credentials.serverKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(dataDir.resolve("pki/ca.key")))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(dataDir.resolve("pki/server.key")))
        .isEqualTo(credentials.serverKeyPem());
  }

  @Test
  void keyCertOptionsServeTheChainAndKeyOfThePemFiles() throws Exception {
    ServerCredentials credentials = ServerCredentials.loadOrCreate(dataDir, List.of());

    X509KeyManager keys =
        (X509KeyManager)
            credentials.keyCertOptions().getKeyManagerFactory(null).getKeyManagers()[0];
    String alias = keys.chooseServerAlias("EC", null, null);

    assertThat(alias).isNotNull();
    assertThat(keys.getCertificateChain(alias))
        .containsExactlyElementsOf(Certificates.parse(credentials.serverCertPem()));
    assertThat(keys.getPrivateKey(alias).getEncoded())
        .isEqualTo(Pem.readPrivateKey(dataDir.resolve("pki/server.key")).getEncoded());
    assertThat(keys.chooseServerAlias("RSA", null, null)).as("no RSA key is offered").isNull();
  }

  @Test
  void caIsSelfSignedForTenYearsAsBatchdCa() throws Exception {
    X509Certificate ca = first(ServerCredentials.loadOrCreate(dataDir, List.of()).caCertPem());

    ca.verify(ca.getPublicKey());
    assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=batchd-ca");
    assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(ca.getNotAfter().toInstant())
        .isCloseTo(Instant.now().plus(Duration.ofDays(3650)), within(1, ChronoUnit.MINUTES));
  }

  @Test
  void servingCertificateIsSignedByTheCaForEveryRequestedName() throws Exception {
    ServerCredentials credentials =
        ServerCredentials.loadOrCreate(
            dataDir, List.of("batchd.example.com", "10.1.2.3", "[fd00::7]", "Mixed.Example"));
    X509Certificate ca = first(credentials.caCertPem());
    X509Certificate serving = first(credentials.serverCertPem());

    serving.verify(ca.getPublicKey());
    assertThat(serving.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    String hostname = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    // Type 2 is a DNS name, 7 an IP address; the JDK prints IPv6 addresses in full.
    assertThat(serving.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"),
            List.of(7, "127.0.0.1"),
            List.of(7, "0:0:0:0:0:0:0:1"),
            List.of(2, hostname),
            List.of(2, "batchd.example.com"),
            List.of(7, "10.1.2.3"),
            List.of(7, "fd00:0:0:0:0:0:0:7"),
            List.of(2, "mixed.example"));
    assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(serving.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(serving.getNotAfter().toInstant())
        .isCloseTo(Instant.now().plus(Duration.ofDays(365)), within(1, ChronoUnit.MINUTES));
    assertThat(serving.getNotBefore().toInstant()).isBefore(Instant.now());
  }

  @Test
  void serverCertPemIsTheServingCertificateFollowedByTheCa() throws Exception {
    ServerCredentials credentials = ServerCredentials.loadOrCreate(dataDir, List.of());

    List<X509Certificate> chain = Certificates.parse(credentials.serverCertPem());

    assertThat(chain).hasSize(2);
    assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=batchd");
    assertThat(chain.get(1)).isEqualTo(first(credentials.caCertPem()));
    assertThat(chain.get(0)).isEqualTo(first(Files.readString(dataDir.resolve("pki/server.crt"))));
  }

  @Test
  void tokenIs32RandomBytesInBase64url() throws Exception {
    String token = ServerCredentials.loadOrCreate(dataDir, List.of()).token();
    String other = ServerCredentials.loadOrCreate(otherDataDir, List.of()).token();

    assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(32);
    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(Files.readString(tokenFile()).strip()).isEqualTo(token);
    assertThat(other).isNotEqualTo(token);
  }

  @Test
  void secondStartReturnsTheSameCaServingCertificateAndToken() {
    ServerCredentials first = ServerCredentials.loadOrCreate(dataDir, List.of("10.1.2.3"));
    ServerCredentials second = ServerCredentials.loadOrCreate(dataDir, List.of("10.1.2.3"));

    assertThat(second.caCertPem()).isEqualTo(first.caCertPem());
    assertThat(second.token()).isEqualTo(first.token());
    assertThat(second.serverCertPem()).isEqualTo(first.serverCertPem());
    assertThat(second.serverKeyPem()).isEqualTo(first.serverKeyPem());
  }

  @Test
  void servingCertificateExpiringWithin30DaysIsRenewedWhileTheCaAndTokenStay() throws Exception {
    // Made 340 days ago, the serving certificate has 25 days left.
    ServerCredentials old = ServerCredentials.loadOrCreate(dataDir, List.of(), daysAgo(340));

    ServerCredentials renewed = ServerCredentials.loadOrCreate(dataDir, List.of());

    X509Certificate serving = first(renewed.serverCertPem());
    assertThat(serving).isNotEqualTo(first(old.serverCertPem()));
    assertThat(serving.getNotAfter().toInstant())
        .isCloseTo(Instant.now().plus(Duration.ofDays(365)), within(1, ChronoUnit.MINUTES));
    assertThat(renewed.serverKeyPem()).isNotEqualTo(old.serverKeyPem());
    assertThat(renewed.caCertPem()).isEqualTo(old.caCertPem());
    assertThat(renewed.token()).isEqualTo(old.token());
    serving.verify(first(renewed.caCertPem()).getPublicKey());
    assertThat(first(Files.readString(dataDir.resolve("pki/server.crt")))).isEqualTo(serving);
  }

  @Test
  void servingCertificateWithMoreThan30DaysLeftIsKept() throws Exception {
    // Made 330 days ago, the serving certificate has 35 days left.
    ServerCredentials old = ServerCredentials.loadOrCreate(dataDir, List.of(), daysAgo(330));

    ServerCredentials again = ServerCredentials.loadOrCreate(dataDir, List.of());

    assertThat(again.serverCertPem()).isEqualTo(old.serverCertPem());
  }

  @Test
  void aNewlyRequestedNameRenewsTheServingCertificate() throws Exception {
    ServerCredentials old = ServerCredentials.loadOrCreate(dataDir, List.of());

    ServerCredentials renewed =
        ServerCredentials.loadOrCreate(dataDir, List.of("batchd.internal", "192.168.7.9"));

    assertThat(renewed.serverCertPem()).isNotEqualTo(old.serverCertPem());
    assertThat(first(renewed.serverCertPem()).getSubjectAlternativeNames())
        .contains(List.of(2, "batchd.internal"), List.of(7, "192.168.7.9"));
    assertThat(renewed.caCertPem()).isEqualTo(old.caCertPem());
  }

  @Test
  void servingCertificateSignedByAnotherCaIsReplaced() throws Exception {
    ServerCredentials own = ServerCredentials.loadOrCreate(dataDir, List.of());
    ServerCredentials.loadOrCreate(otherDataDir, List.of());
    for (String file : List.of("server.crt", "server.key")) {
      Files.copy(
          otherDataDir.resolve("pki").resolve(file),
          dataDir.resolve("pki").resolve(file),
          StandardCopyOption.REPLACE_EXISTING);
    }

    ServerCredentials reloaded = ServerCredentials.loadOrCreate(dataDir, List.of());

    first(reloaded.serverCertPem()).verify(first(own.caCertPem()).getPublicKey());
  }

  @Test
  void servingKeyThatDoesNotMatchTheCertificateIsReplaced() throws Exception {
    ServerCredentials own = ServerCredentials.loadOrCreate(dataDir, List.of());
    ServerCredentials.loadOrCreate(otherDataDir, List.of());
    // What a crash between writing the new key and the new certificate would leave.
    Files.copy(
        otherDataDir.resolve("pki/server.key"),
        dataDir.resolve("pki/server.key"),
        StandardCopyOption.REPLACE_EXISTING);

    ServerCredentials reloaded = ServerCredentials.loadOrCreate(dataDir, List.of());

    assertThat(reloaded.serverCertPem()).isNotEqualTo(own.serverCertPem());
    assertThat(reloaded.serverKeyPem())
        .isEqualTo(Files.readString(dataDir.resolve("pki/server.key")));
    assertThat(
            RenewalRule.reasonToRenew(
                first(reloaded.serverCertPem()),
                Pem.readPrivateKey(dataDir.resolve("pki/server.key")),
                first(reloaded.caCertPem()),
                SubjectAltNames.of(List.of("localhost")),
                Instant.now()))
        .isEmpty();
  }

  @Test
  void aCaCertificateWithoutItsKeyIsRefusedRatherThanReplaced() throws Exception {
    ServerCredentials.loadOrCreate(dataDir, List.of());
    String ca = Files.readString(dataDir.resolve("pki/ca.crt"));
    Files.delete(dataDir.resolve("pki/ca.key"));

    assertThatThrownBy(() -> ServerCredentials.loadOrCreate(dataDir, List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ca.key");
    assertThat(Files.readString(dataDir.resolve("pki/ca.crt"))).isEqualTo(ca);
  }

  @Test
  void aBlankExtraNameIsRejected() {
    assertThatThrownBy(() -> ServerCredentials.loadOrCreate(dataDir, List.of("ok.example", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }

  @Test
  void toStringRevealsNoSecret() {
    ServerCredentials credentials = ServerCredentials.loadOrCreate(dataDir, List.of());

    assertThat(credentials.toString())
        .doesNotContain(credentials.token())
        .doesNotContain("PRIVATE KEY");
  }

  private Path tokenFile() {
    return dataDir.resolve("token");
  }
}
