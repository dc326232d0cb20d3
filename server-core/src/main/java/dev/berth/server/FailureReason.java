package dev.berth.server;

/**
 * Why an endpoint could not be bound: a closed set, so that every caller (the CLI's exit
 * code, a supervisor reading the JSON report) can handle each case exhaustively.
 */
public enum FailureReason {
  /** Someone else listens there. Transient: a later attempt may succeed. */
  ADDRESS_IN_USE("address_in_use", "address already in use", true),
  /** The OS refused: a privileged port, or a socket directory we may not write. */
  PERMISSION_DENIED("permission_denied", "permission denied", false),
  /** The address is not assigned to any interface on this host. */
  ADDRESS_NOT_AVAILABLE("address_not_available", "address not available on this host", false),
  /** The host name does not resolve. */
  HOST_UNRESOLVED("host_unresolved", "host name does not resolve", false),
  /** The unix socket path cannot be used: missing directory, too long, or not a socket. */
  SOCKET_PATH("socket_path", "unix socket path unusable", false),
  /** The process or system ran out of descriptors or buffers (EMFILE, ENFILE, ENOBUFS). */
  RESOURCES_EXHAUSTED("resources_exhausted", "out of file descriptors or buffers", false),
  /**
   * A socket handed over by systemd or a parent process cannot be used: not passed to this
   * process, missing, not a socket, not a listening stream socket, or of the wrong kind.
   * Berth never binds an address itself instead.
   */
  INHERITED_SOCKET("inherited_socket", "inherited socket unusable", false),
  /**
   * The TLS certificate or key cannot be used: a file missing or a directory, not PEM or not
   * PKCS#12, a wrong keystore password, no private key, a key that does not belong to the
   * certificate, or a certificate expired or not yet valid. Found before anything binds.
   */
  TLS_MATERIAL("tls_material", "TLS certificate or key unusable", false),
  /** A TLS certificate, key, keystore or password file that this user may not read (EACCES). */
  TLS_UNREADABLE("tls_unreadable", "TLS certificate or key file not readable", false),
  /** Anything the OS said that none of the above covers. */
  UNKNOWN("unknown", "unexpected error", false);

  private final String code;
  private final String words;
  private final boolean transientCause;

  FailureReason(String code, String words, boolean transientCause) {
    this.code = code;
    this.words = words;
    this.transientCause = transientCause;
  }

  /**
   * The stable identifier used in the JSON report.
   *
   * @return e.g. {@code address_in_use}
   */
  public String code() {
    return code;
  }

  /**
   * The reason in a few plain words, for a human.
   *
   * @return e.g. {@code address already in use}
   */
  public String words() {
    return words;
  }

  /**
   * Whether retrying later may help; only "address in use" is retried.
   *
   * @return true for {@link #ADDRESS_IN_USE}
   */
  public boolean isTransient() {
    return transientCause;
  }

  /**
   * The reason with the given {@link #code()}.
   *
   * @param code a JSON report's {@code reason}
   * @return the reason
   * @throws IllegalArgumentException for an unknown code
   */
  public static FailureReason fromCode(String code) {
    for (FailureReason reason : values()) {
      if (reason.code.equals(code)) {
        return reason;
      }
    }
    throw new IllegalArgumentException("unknown failure reason code: " + code);
  }
}
