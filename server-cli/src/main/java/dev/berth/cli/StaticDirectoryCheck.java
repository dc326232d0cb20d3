package dev.berth.cli;

import dev.berth.server.ExitCode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks {@code --static DIR} before anything binds, the way an endpoint is checked: a
 * directory that is missing or is not one is a configuration error (78), one the user berth
 * runs as cannot read or enter is a permission error (77). A server that binds and then
 * answers every request with 404 would look healthy to its supervisor while serving nothing.
 */
final class StaticDirectoryCheck {

  private StaticDirectoryCheck() {}

  /** The directory's real path, which every served file's real path must start with. */
  static Path check(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw new CommandFailure(ExitCode.CONFIG, "--static " + dir + ": no such directory"
          + (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) ? " (a symlink to nothing)" : "")
          + "; create it or give the directory that holds the files", e);
    } catch (AccessDeniedException e) {
      throw unreadable(dir, "a directory on the way to it cannot be entered", e);
    } catch (IOException e) {
      throw new CommandFailure(ExitCode.CONFIG, "--static " + dir + ": cannot be read: " + e, e);
    }
    if (!attributes.isDirectory()) {
      throw new CommandFailure(ExitCode.CONFIG, "--static " + dir + ": not a directory"
          + "; give the directory that holds the files (its index.html is served for /)", null);
    }
    if (!Files.isReadable(absolute) || !Files.isExecutable(absolute)) {
      throw unreadable(dir, "it cannot be " + (Files.isReadable(absolute) ? "entered" : "read"), null);
    }
    try {
      return absolute.toRealPath();
    } catch (IOException e) {
      throw unreadable(dir, "its real path cannot be resolved: " + e.getMessage(), e);
    }
  }

  private static CommandFailure unreadable(Path dir, String why, Throwable cause) {
    return new CommandFailure(ExitCode.NOPERM, "--static " + dir + ": permission denied for user "
        + System.getProperty("user.name") + ": " + why + "; grant it read and search permission (chmod a+rX)"
        + " or run berth as a user who has them", cause);
  }
}
