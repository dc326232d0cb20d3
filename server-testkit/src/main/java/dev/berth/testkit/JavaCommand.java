package dev.berth.testkit;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds the command line that runs a main class in a fresh JVM — the same {@code java} and, by
 * default, the same class path as the test — because a server's exit code can only be asserted
 * from outside its JVM ({@code System.exit} can no longer be intercepted on modern JDKs).
 */
public final class JavaCommand {
  private JavaCommand() {}

  /**
   * {@code [<java.home>/bin/java, -cp, <this JVM's class path>, mainClass, args...]}; the class path
   * never has an empty entry (which would put the child's working directory on it).
   */
  public static List<String> of(String mainClass, String... args) {
    return builder().main(mainClass).args(args).build();
  }

  /** The {@code java} executable of this JVM. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * This JVM's class path as paths, with any jar whose manifest names a {@code Class-Path} (such as
   * surefire's manifest-only booter jar) followed by the entries it names — what a copy for
   * another user ({@link Privilege#worldReadableCopy(List)}) needs.
   */
  public static List<Path> classpathEntries() {
    return Classpath.entries(System.getProperty("java.class.path"));
  }

  /** The jar or directory {@code type} was loaded from. */
  public static Path locationOf(Class<?> type) {
    return Classpath.locationOf(type);
  }

  /** For JVM options or another class path. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The class path without empty entries: the JVM reads an empty entry (a leading or trailing
   * {@code :}, or {@code ::}, as surefire's {@code java.class.path} can end) as the working
   * directory, so a stray class there would be loaded ahead of, or instead of, the real one.
   */
  static String withoutEmptyEntries(String classpath) {
    return Arrays.stream(classpath.split(File.pathSeparator)).filter(e -> !e.isEmpty())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** Collects JVM options, class path, main class and arguments. Not thread-safe. */
  public static final class Builder {
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private String classpath = System.getProperty("java.class.path");
    private String main;

    private Builder() {}

    /** Adds a JVM option such as {@code -Xmx64m} or {@code -Djava.net.preferIPv4Stack=true}. */
    public Builder jvmArg(String option) {
      jvmArgs.add(Objects.requireNonNull(option, "option"));
      return this;
    }

    /** Replaces the class path (default: this JVM's {@code java.class.path}); empty entries are dropped. */
    public Builder classpath(String classpath) {
      this.classpath = Objects.requireNonNull(classpath, "classpath");
      return this;
    }

    /** Replaces the class path with these jars and directories. */
    public Builder classpath(List<Path> entries) {
      return classpath(entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    }

    /** The main class to run. */
    public Builder main(String mainClass) {
      this.main = Objects.requireNonNull(mainClass, "mainClass");
      return this;
    }

    /** Appends program arguments. */
    public Builder args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    /** The command line; throws if no main class was given. */
    public List<String> build() {
      if (main == null) {
        throw new IllegalStateException("JavaCommand needs a main class: call main(...)");
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(javaExecutable());
      cmd.addAll(jvmArgs);
      cmd.add("-cp");
      cmd.add(withoutEmptyEntries(classpath));
      cmd.add(main);
      cmd.addAll(args);
      return List.copyOf(cmd);
    }
  }
}
