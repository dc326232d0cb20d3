package dev.berth.cli;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses {@code --socket-mode}: an octal mode as chmod takes it ({@code 0660}, {@code 660},
 * {@code 0600}), read/write/execute bits only. Set-id and sticky bits mean nothing on a
 * socket and are refused rather than silently dropped.
 */
final class SocketModeConverter implements CommandLine.ITypeConverter<Set<PosixFilePermission>> {

  private static final Pattern OCTAL = Pattern.compile("0?[0-7]{3}");
  /** Bit 8 (0400) first, as PosixFilePermission declares them. */
  private static final PosixFilePermission[] BY_BIT = PosixFilePermission.values();

  @Override
  public Set<PosixFilePermission> convert(String text) {
    if (!OCTAL.matcher(text).matches()) {
      throw new CommandLine.TypeConversionException("'" + text
          + "' is not a socket mode; write an octal mode of read/write bits such as 0660 or 0600");
    }
    int mode = Integer.parseInt(text, 8);
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BY_BIT.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        permissions.add(BY_BIT[i]);
      }
    }
    return permissions;
  }

  /** The octal text of a permission set, e.g. {@code 0660}. */
  static String format(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 0400 >> p.ordinal();
    }
    return String.format("0%03o", mode);
  }
}
