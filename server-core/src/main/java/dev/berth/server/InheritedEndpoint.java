package dev.berth.server;

import java.util.Objects;

/**
 * A listening socket this process did not bind but was handed: by systemd (socket
 * activation, {@code LISTEN_FDS}) or by another parent as a plain descriptor number. Berth
 * validates such a socket as strictly as one of its own binds and never replaces it with a
 * bind of its own when it is missing or wrong.
 *
 * <p>Forms: {@code systemd} (every socket systemd passed), {@code systemd:NAME} (the one
 * whose {@code LISTEN_FDNAMES} entry is NAME) and {@code fd:N} (descriptor N, 3 or higher).
 *
 * @param source who passed the socket
 * @param name the {@code FileDescriptorName=} asked for, or null for every systemd socket / for {@code fd:N}
 * @param fd the descriptor: as asked for {@code fd:N}; for systemd forms -1 until the
 *     environment was read, then the descriptor found there
 */
public record InheritedEndpoint(Source source, String name, int fd) implements Endpoint {

  /** Who handed the socket over; the bind report's {@code "source"}. */
  public enum Source {
    /** Passed by systemd's socket activation ({@code LISTEN_FDS}). */
    SYSTEMD("systemd"),
    /** A descriptor number from any other parent. */
    FD("fd");

    private final String code;

    Source(String code) {
      this.code = code;
    }

    /**
     * The report's word for it.
     *
     * @return {@code systemd} or {@code fd}
     */
    public String code() {
      return code;
    }
  }

  /** The prefix of {@code systemd:NAME}. */
  static final String SYSTEMD = "systemd";
  /** The prefix of {@code fd:N}. */
  static final String FD_PREFIX = "fd:";
  private static final String FORMS = "use systemd, systemd:NAME or fd:N (N >= 3)";

  /**
   * Checks the descriptor number of {@code fd:N}.
   *
   * @param source who passed the socket
   * @param name the {@code FileDescriptorName=} asked for, or null
   * @param fd the descriptor, or -1 while a systemd form is not yet resolved
   * @throws InvalidEndpointException for a descriptor below 3 (stdin, stdout, stderr)
   */
  public InheritedEndpoint {
    Objects.requireNonNull(source, "source");
    if (source == Source.FD && fd < 3) {
      throw new InvalidEndpointException(FD_PREFIX + fd, "descriptors 0-2 are stdin, stdout and stderr",
          "pass the listening socket as descriptor 3 or higher, e.g. fd:3");
    }
  }

  /** True for the texts this class parses; Endpoint.parse asks before trying TCP. */
  static boolean looksInherited(String text) {
    return text.equalsIgnoreCase(SYSTEMD) || text.regionMatches(true, 0, SYSTEMD + ":", 0, SYSTEMD.length() + 1)
        || text.regionMatches(true, 0, FD_PREFIX, 0, FD_PREFIX.length());
  }

  static InheritedEndpoint parse(String text) {
    if (text.equalsIgnoreCase(SYSTEMD)) {
      return new InheritedEndpoint(Source.SYSTEMD, null, -1);
    }
    if (text.regionMatches(true, 0, FD_PREFIX, 0, FD_PREFIX.length())) {
      String number = text.substring(FD_PREFIX.length());
      if (number.isEmpty() || number.length() > 9 || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new InvalidEndpointException(text, "'" + number + "' is not a descriptor number", FORMS);
      }
      return new InheritedEndpoint(Source.FD, null, Integer.parseInt(number));
    }
    String name = text.substring(SYSTEMD.length() + 1);
    // systemd's own rule for FileDescriptorName=: at most 255 printable ASCII characters, no ':'.
    if (name.isEmpty() || name.length() > 255 || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
      throw new InvalidEndpointException(text, "'" + name + "' is not a systemd FileDescriptorName", FORMS);
    }
    return new InheritedEndpoint(Source.SYSTEMD, name, -1);
  }

  /** This endpoint bound to the descriptor found for it in the environment. */
  InheritedEndpoint at(int descriptor) {
    return new InheritedEndpoint(source, name, descriptor);
  }

  /** Equal when asked the same way: the descriptor found later is not part of what was asked. */
  @Override
  public boolean equals(Object other) {
    return other instanceof InheritedEndpoint e && e.toString().equals(toString()) && (source == Source.FD || e.fd == fd);
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    if (source == Source.FD) {
      return FD_PREFIX + fd;
    }
    return name == null ? SYSTEMD : SYSTEMD + ":" + name;
  }
}
