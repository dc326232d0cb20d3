package dev.berth.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Turns class path text into real paths, seeing through manifest-only jars, for child JVMs. */
final class Classpath {
  private Classpath() {}

  static List<Path> entries(String classpath) {
    Set<Path> out = new LinkedHashSet<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path path = Path.of(entry).toAbsolutePath();
      if (!Files.exists(path)) {
        continue;
      }
      out.add(path);
      if (Files.isRegularFile(path)) {
        out.addAll(manifestClassPath(path));
      }
    }
    return List.copyOf(out);
  }

  private static List<Path> manifestClassPath(Path jar) {
    List<Path> out = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String value = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      if (value == null) {
        return out;
      }
      URI base = jar.getParent().toUri();
      for (String ref : value.trim().split("\\s+")) {
        if (ref.isEmpty()) {
          continue;
        }
        Path p = Path.of(base.resolve(ref));
        if (Files.exists(p)) {
          out.add(p);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // not a readable jar: keep the entry itself only
    }
    return out;
  }

  static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new IllegalStateException("cannot locate the classes of " + type.getName() + ": " + e.getMessage(), e);
    }
  }
}
