package dev.berth.cli;

import dev.berth.server.ExitCode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the JSON bind report so that a reader never sees half a file: a temporary file in
 * the same directory, flushed to disk, then renamed over the target. rename(2) replaces a
 * symlink at the target instead of writing through it, so the report cannot be aimed at
 * another file.
 */
final class ReportFile {

  /** The OS's words for ENOSPC, as the JDK passes them on. */
  private static final String NO_SPACE = "No space left on device";

  private final Path target;

  ReportFile(Path target) {
    this.target = target.toAbsolutePath().normalize();
  }

  Path path() {
    return target;
  }

  /** Fails early, before anything is bound, when the report could never be written. */
  void checkWritable() {
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw unwritable("its directory " + dir + " does not exist", null);
    }
    if (!Files.isWritable(dir)) {
      throw unwritable("its directory " + dir + " is not writable", null);
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw unwritable("it is a directory", null);
    }
  }

  void write(JsonObject report) {
    Path dir = target.getParent();
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      byte[] bytes = (report.encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw unwritable("the file system cannot rename atomically", e);
      }
      temp = null;
    } catch (IOException e) {
      String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
      if (NO_SPACE.equals(reason)) {
        // Not the directory's fault: the usual hint would send the operator looking in the wrong place.
        throw new CommandFailure(ExitCode.CONFIG, "cannot write --report " + target + ": its file system is full ("
            + NO_SPACE + "); free space there or choose a file on another file system", e);
      }
      throw unwritable(e.toString(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: the write already failed and says so
        }
      }
    }
  }

  private CommandFailure unwritable(String why, Throwable cause) {
    return new CommandFailure(ExitCode.CONFIG, "cannot write --report " + target + ": " + why
        + "; choose a file in an existing, writable directory", cause);
  }
}
