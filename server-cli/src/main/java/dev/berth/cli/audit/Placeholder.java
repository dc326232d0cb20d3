package dev.berth.cli.audit;

import java.util.Locale;
import java.util.Optional;

/**
 * The words an audited command line may contain, each filled per scenario: where the server
 * should listen and with what. {@code {host}} and {@code {port}} are required; a scenario that
 * needs another one the command does not use is not applicable to it.
 */
enum Placeholder {
  HOST("the address to listen on: 127.0.0.1, ::1, 0.0.0.0, ::, 192.0.2.1 or a name that does not resolve"),
  PORT("the port to listen on"),
  PORT2("a second port, for a second endpoint"),
  UNIX("a unix socket path"),
  CERT("a PEM certificate file (a good one, except in the TLS scenarios)"),
  KEY("the PEM private key file of {cert}"),
  URL("http://{host}:{port}, or https:// when the command uses {cert}");

  private final String meaning;

  Placeholder(String meaning) {
    this.meaning = meaning;
  }

  /** How it is written in a command line: {@code {port2}}. */
  String token() {
    return "{" + name().toLowerCase(Locale.ROOT) + "}";
  }

  String meaning() {
    return meaning;
  }

  static Optional<Placeholder> named(String word) {
    for (Placeholder p : values()) {
      if (p.name().equalsIgnoreCase(word)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
