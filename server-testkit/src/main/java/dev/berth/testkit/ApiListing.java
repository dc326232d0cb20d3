package dev.berth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A module's public API as text, one line per public type and member, so that a test can
 * compare it with a committed file (the way OkHttp keeps {@code api/*.api}): changing the
 * API is then a visible edit a reviewer reads in the diff, never an accident. Reads the
 * compiled classes by reflection; plain JDK, no test framework needed.
 */
public final class ApiListing {

  /** Set {@code -Dberth.api.update=true} to rewrite the committed listing instead of comparing. */
  public static final String UPDATE_PROPERTY = "berth.api.update";

  private ApiListing() {}

  /**
   * The listing of the public types in these packages, found under a classes directory.
   *
   * @param classes a directory of compiled classes, e.g. {@code target/classes}
   * @param packages package names, e.g. {@code dev.berth.server}
   * @return one line per type and member, sorted, ending in a newline
   */
  public static String of(Path classes, String... packages) {
    List<String> lines = new ArrayList<>();
    for (String pkg : packages) {
      Path dir = classes.resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
          String name = pkg + "." + file.getFileName().toString().replace(".class", "").replace('/', '.');
          Class<?> type = load(name);
          if (isPublicApi(type)) {
            lines.addAll(describe(type));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return String.join("\n", lines) + "\n";
  }

  /**
   * Compares the listing with the committed file, or rewrites the file when
   * {@code -Dberth.api.update=true} is set.
   *
   * @param committed the committed listing, e.g. {@code api/server-core.api}
   * @param classes a directory of compiled classes
   * @param packages the module's public packages
   * @throws AssertionError when they differ, saying how to regenerate the file
   */
  public static void assertUnchanged(Path committed, Path classes, String... packages) {
    String actual = of(classes, packages);
    try {
      if (Boolean.getBoolean(UPDATE_PROPERTY)) {
        Files.createDirectories(committed.toAbsolutePath().getParent());
        Files.writeString(committed, actual, StandardCharsets.UTF_8);
        return;
      }
      String expected = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
      if (!expected.equals(actual)) {
        throw new AssertionError("the public API differs from " + committed + ". If the change is intended, regenerate it with"
            + " -D" + UPDATE_PROPERTY + "=true (e.g. mvn -pl MODULE test -Dtest=PublicApiTest -D" + UPDATE_PROPERTY + "=true)"
            + " and commit the file.\n" + diff(expected, actual));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String diff(String expected, String actual) {
    List<String> was = expected.lines().toList();
    List<String> now = actual.lines().toList();
    return Stream.concat(was.stream().filter(l -> !now.contains(l)).map(l -> "- " + l),
        now.stream().filter(l -> !was.contains(l)).map(l -> "+ " + l)).collect(Collectors.joining("\n"));
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ApiListing.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("cannot load " + name + ": " + e, e);
    }
  }

  private static boolean isPublicApi(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isSynthetic() || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> describe(Class<?> type) {
    List<String> lines = new ArrayList<>();
    String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : type.isEnum() ? "enum"
        : type.isRecord() ? "record" : "class";
    int modifiers = type.getModifiers() & ~(Modifier.INTERFACE | Modifier.ABSTRACT * (type.isInterface() ? 1 : 0));
    StringBuilder head = new StringBuilder(Modifier.toString(modifiers)).append(' ').append(kind).append(' ').append(type.getTypeName());
    if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum() && !type.isRecord()) {
      head.append(" extends ").append(type.getGenericSuperclass().getTypeName());
    }
    if (type.getGenericInterfaces().length > 0) {
      head.append(type.isInterface() ? " extends " : " implements ")
          .append(Arrays.stream(type.getGenericInterfaces()).map(java.lang.reflect.Type::getTypeName).collect(Collectors.joining(", ")));
    }
    if (type.isSealed()) {
      head.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses()).map(Class::getTypeName).collect(Collectors.joining(", ")));
    }
    lines.add(head.toString());
    List<String> members = new ArrayList<>();
    Stream.of(type.getDeclaredConstructors()).filter(ApiListing::visible).forEach(c -> members.add("  " + c.toGenericString()));
    Stream.of(type.getDeclaredFields()).filter(ApiListing::visible).forEach(f -> members.add("  " + field(f)));
    Stream.of(type.getDeclaredMethods()).filter(ApiListing::visible).filter(m -> !m.isBridge())
        .forEach(m -> members.add("  " + method(m)));
    members.sort(null);
    lines.addAll(members);
    return lines;
  }

  private static boolean visible(Member member) {
    int m = member.getModifiers();
    return !member.isSynthetic() && (Modifier.isPublic(m) || Modifier.isProtected(m));
  }

  private static String field(Field f) {
    return f.toGenericString();
  }

  private static String method(Method m) {
    return Objects.requireNonNull(m.toGenericString());
  }
}
