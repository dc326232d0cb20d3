package dev.berth.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The mechanics behind {@link Privilege#worldReadableCopy(List)}, including cleanup at JVM exit. */
final class WorldReadableCopy {
  private static final Set<Path> COPIES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> List.copyOf(COPIES).forEach(WorldReadableCopy::delete), "berth-testkit-copy-cleanup"));
  }

  private WorldReadableCopy() {}

  static Path of(List<Path> classpath) {
    try {
      Path dir = Files.createTempDirectory("berth-cp-");
      COPIES.add(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      int i = 0;
      for (Path entry : classpath) {
        Path target = dir.resolve(String.format("%04d-%s", i++, entry.getFileName()));
        if (Files.isDirectory(entry)) {
          copyTree(entry, target);
        } else if (Files.isRegularFile(entry)) {
          copyFile(entry, target);
        } else {
          throw new IllegalArgumentException("class path entry " + entry + " does not exist");
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a world-readable copy of " + classpath + ": " + e.getMessage(), e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else {
          copyFile(p, target);
        }
      }
    }
  }

  private static void copyFile(Path from, Path to) throws IOException {
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
  }

  static String classpathOf(Path copy) {
    try (Stream<Path> entries = Files.list(copy)) {
      return entries.sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + copy, e);
    }
  }

  static void delete(Path copy) {
    COPIES.remove(copy);
    if (!Files.exists(copy)) {
      return;
    }
    try (Stream<Path> all = Files.walk(copy)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + copy, e);
    }
  }
}
