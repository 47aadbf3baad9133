package io.batchd.apiserver.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names a serving certificate must be valid for, each classified as an IP address or a DNS
 * name.
 *
 * <p>The classification matters: clients (Go's crypto/x509 in kubectl, the JDK) match an address
 * such as {@code 127.0.0.1} only against an IP-address SAN, never against a DNS SAN with the same
 * text.
 */
final class SubjectAltNames {
  private static final Logger log = LoggerFactory.getLogger(SubjectAltNames.class);

  /** Dot-separated labels of letters, digits, '-' and '_', optionally under a leading "*.". */
  private static final String LABEL = "[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?";

  private static final Pattern DNS_NAME =
      Pattern.compile("(\\*\\.)?" + LABEL + "(\\." + LABEL + ")*");

  /** Each name as it will appear in the certificate, mapped to its text for messages. */
  private final Map<GeneralName, String> names;

  private SubjectAltNames(Map<GeneralName, String> names) {
    this.names = names;
  }

  /**
   * The names batchd always serves under ({@code localhost}, {@code 127.0.0.1}, {@code ::1}, the
   * machine's hostname) followed by {@code extra}.
   */
  static SubjectAltNames withMachineDefaults(Collection<String> extra) {
    List<String> all = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
    String hostname = machineHostname();
    if (hostname != null) {
      all.add(hostname);
    }
    all.addAll(extra);
    return of(all);
  }

  /**
   * Classifies each text: an IPv4 or IPv6 literal (optionally in brackets, as in URLs) becomes an
   * IP-address SAN, anything else a DNS SAN, lower-cased since DNS names are case-insensitive.
   *
   * @throws IllegalArgumentException if a name is blank, or neither an IP address nor a DNS name
   */
  static SubjectAltNames of(Collection<String> texts) {
    Map<GeneralName, String> names = new LinkedHashMap<>();
    for (String text : texts) {
      String name = text == null ? "" : text.strip();
      if (name.startsWith("[") && name.endsWith("]")) {
        name = name.substring(1, name.length() - 1);
      }
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a subject alternative name is blank: " + texts);
      }
      if (IPAddress.isValid(name)) {
        names.putIfAbsent(new GeneralName(GeneralName.iPAddress, name), name);
      } else {
        String dns = name.toLowerCase(Locale.ROOT);
        if (!DNS_NAME.matcher(dns).matches()) {
          // Catches a URL or host:port given by mistake, which no client would ever match.
          throw new IllegalArgumentException(
              "subject alternative name '" + text + "' is neither an IP address nor a DNS name");
        }
        names.putIfAbsent(new GeneralName(GeneralName.dNSName, dns), dns);
      }
    }
    return new SubjectAltNames(names);
  }

  /** The names in the form a certificate's subjectAltName extension holds them. */
  GeneralNames toGeneralNames() {
    return new GeneralNames(names.keySet().toArray(GeneralName[]::new));
  }

  /** The names that {@code certificate}'s subjectAltName extension lacks, as text. */
  List<String> missingFrom(X509Certificate certificate) {
    Set<GeneralName> present;
    try {
      GeneralNames inCertificate =
          GeneralNames.fromExtensions(
              new JcaX509CertificateHolder(certificate).getExtensions(),
              Extension.subjectAlternativeName);
      present = inCertificate == null ? Set.of() : Set.of(inCertificate.getNames());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("unreadable certificate", e);
    }
    // GeneralName equality is on the DER encoding: "::1" and "0:0:0:0:0:0:0:1" are the same
    // 16-byte address, so no textual normalisation is needed.
    return names.entrySet().stream()
        .filter(entry -> !present.contains(entry.getKey()))
        .map(Map.Entry::getValue)
        .toList();
  }

  /** The names as text, in order, IP literals without brackets and DNS names lower-cased. */
  List<String> texts() {
    return List.copyOf(names.values());
  }

  /**
   * The machine's hostname, or null if the JDK cannot tell it: the JDK offers the hostname only
   * through {@code getLocalHost}, which also resolves it and fails where it does not resolve.
   */
  private static String machineHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      log.warn(
          "cannot determine this machine's hostname ({}); the serving certificate will not carry"
              + " it. Pass it as an extra subject alternative name if clients use it.",
          e.getMessage());
      return null;
    }
  }

  @Override
  public String toString() {
    return texts().toString();
  }
}
