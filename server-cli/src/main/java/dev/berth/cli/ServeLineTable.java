package dev.berth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes {@code serve-line.tsv}, what {@link ServeLine} knows of {@code serve}'s options,
 * from picocli's own model at build time (pom.xml, process-classes), so the two cannot drift:
 * which ServeCommand field holds each mixin, and per option its names, field, kind, converter,
 * default (as picocli applies it) and whether ServeLine may parse it or must decline.
 */
public final class ServeLineTable {

  static final String RESOURCE = "serve-line.tsv";

  private ServeLineTable() {}

  /** Usage: {@code ServeLineTable OUTPUT_DIRECTORY} (the classes directory). */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0], "dev", "berth", "cli", RESOURCE);
    Files.createDirectories(file.getParent());
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      rows().forEach(out::println);
    }
  }

  /** The table, one tab-separated row per mixin and per option, from a fresh model. */
  static List<String> rows() {
    CommandSpec serve = new BerthCommand().commandLine(new PrintWriter(System.out), new PrintWriter(System.err))
        .getSubcommands().get("serve").getCommandSpec();
    List<String> rows = new ArrayList<>();
    for (Map.Entry<String, CommandSpec> mixin : serve.mixins().entrySet()) {
      if (declaredIn(ServeCommand.class, mixin.getKey())) {
        rows.add(String.join("\t", "mixin", mixin.getKey()));
      }
    }
    for (OptionSpec option : serve.options()) {
      rows.add(row(serve, option));
    }
    return rows;
  }

  private static String row(CommandSpec serve, OptionSpec option) {
    String owner = ownerOf(serve, option);
    boolean field = option.userObject() instanceof Field && owner != null;
    String kind = option.arity().max() == 0 ? "flag" : Collection.class.isAssignableFrom(option.type()) ? "multi" : "value";
    boolean plain = field && !option.negatable() && option.splitRegex().isEmpty() && !option.required() && !option.interactive()
        && option.converters().length <= 1
        && (kind.equals("flag") ? option.arity().min() == 0 : option.arity().min() == 1 && option.arity().max() == 1);
    Class<?> type = kind.equals("multi") ? option.auxiliaryTypes()[0] : option.type();
    return String.join("\t", plain ? "option" : "decline", String.join(",", option.names()),
        owner == null ? "-" : owner, field ? ((Field) option.userObject()).getName() : "-", kind, type.getName(),
        option.converters().length == 1 ? option.converters()[0].getClass().getName() : "-",
        option.defaultValue() == null ? "-" : "=" + option.defaultValue(),
        option.longestName(), option.paramLabel());
  }

  /** "" for serve's own options, the mixin's field name for a mixin's, null for picocli's help mixin. */
  private static String ownerOf(CommandSpec serve, OptionSpec option) {
    for (Map.Entry<String, CommandSpec> mixin : serve.mixins().entrySet()) {
      if (mixin.getValue().options().stream().anyMatch(o -> o.longestName().equals(option.longestName()))) {
        return declaredIn(ServeCommand.class, mixin.getKey()) ? mixin.getKey() : null;
      }
    }
    return "";
  }

  private static boolean declaredIn(Class<?> type, String field) {
    try {
      type.getDeclaredField(field);
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }
}
