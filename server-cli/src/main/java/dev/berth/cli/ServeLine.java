package dev.berth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code berth serve} as service files and scripts usually give it, parsed without building
 * picocli's model of the command tree. That model costs about 0.1 s at every start
 * (annotations, reflection and a few hundred classes for three subcommands), which was the
 * largest part of a usage error's or a busy port's time to exit (docs/performance.md).
 *
 * <p>What it knows of the options comes from picocli's own model, written to
 * {@code serve-line.tsv} at build time by {@link ServeLineTable}: the same fields, defaults and
 * converters, and a bad value worded the way picocli words it. Anything it does not handle
 * exactly like picocli (help, version, a negatable or optional-value option, an {@code @file},
 * a repeated single option, an unknown name, a value that starts with {@code -}, a built-in
 * conversion that fails, a missing table) makes it decline, and {@link BerthCommand} runs
 * picocli as before. ServeLineTest holds the two to the same result.
 */
final class ServeLine {

  /** {@code serve}'s command line, parsed: run it. */
  record Parsed(ServeCommand command) {}

  /** A value one of berth's converters refused: the message picocli would give. */
  record BadValue(String message) {}

  private final Map<String, Binding> byName = new HashMap<>();
  private final Set<Binding> given = new HashSet<>();

  private ServeLine() {}

  /**
   * {@link Parsed} or {@link BadValue} when {@code args} is a {@code serve} line this class
   * handles exactly as picocli would; empty when picocli must parse it.
   */
  static Optional<Object> parse(BerthCommand root, String... args) {
    if (args.length == 0 || !args[0].equals("serve")) {
      return Optional.empty();
    }
    try (InputStream table = ServeLine.class.getResourceAsStream(ServeLineTable.RESOURCE)) {
      if (table == null) {
        return Optional.empty();
      }
      ServeCommand serve = new ServeCommand();
      serve.parent = root;
      ServeLine line = new ServeLine();
      line.load(serve, new BufferedReader(new InputStreamReader(table, StandardCharsets.UTF_8)));
      return line.read(args).map(result -> Boolean.TRUE.equals(result) ? new Parsed(serve) : result);
    } catch (IOException | ReflectiveOperationException | RuntimeException unexpected) {
      // Whatever this class did not foresee, picocli handles (and words) as it always has.
      return Optional.empty();
    }
  }

  /** Creates the mixins, binds every option to its field and applies the defaults, as picocli does before parsing. */
  private void load(ServeCommand serve, BufferedReader table) throws IOException, ReflectiveOperationException {
    Map<String, Object> owners = new HashMap<>();
    owners.put("", serve);
    String row;
    while ((row = table.readLine()) != null) {
      String[] cells = row.split("\t", -1);
      if (cells[0].equals("mixin")) {
        Field field = ServeCommand.class.getDeclaredField(cells[1]);
        var constructor = field.getType().getDeclaredConstructor();
        constructor.setAccessible(true);
        Object mixin = constructor.newInstance();
        field.set(serve, mixin);
        owners.put(cells[1], mixin);
        continue;
      }
      // option|decline, names, owner, field, kind, type, converter, default, longest name, label
      boolean noField = cells[2].equals("-") || cells[3].equals("-");
      Binding binding = noField ? new Binding(cells, null, null) : bind(cells, owners.get(cells[2]));
      for (String name : cells[1].split(",")) {
        byName.put(name, binding);
      }
      if (binding.field != null && cells[7].startsWith("=")) {
        binding.set(binding.convert(cells[7].substring(1)), true);
      }
    }
  }

  private static Binding bind(String[] cells, Object owner) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(cells[3]);
    field.setAccessible(true);
    return new Binding(cells, owner, field);
  }

  /** TRUE when every argument was read; a {@link BadValue}; empty to decline. */
  private Optional<Object> read(String[] args) throws ReflectiveOperationException {
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 2) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      Binding binding = byName.get(name);
      if (binding == null || !binding.plain()) {
        return Optional.empty();
      }
      boolean first = given.add(binding);
      if (!first && !binding.multiValued()) {
        return Optional.empty(); // picocli: "should be specified only once"
      }
      if (binding.flag()) {
        if (value != null) {
          return Optional.empty();
        }
        binding.set(Boolean.TRUE, first);
        continue;
      }
      if (value == null) {
        if (i + 1 == args.length || args[i + 1].startsWith("-") || args[i + 1].startsWith("@")) {
          return Optional.empty();
        }
        value = args[++i];
      }
      Object converted;
      try {
        converted = binding.convert(value);
      } catch (TypeConversionException refused) {
        if (!binding.converted()) {
          return Optional.empty();
        }
        // picocli names the parameter label for a collection's value only.
        String label = binding.multiValued() ? " (" + binding.cells[9] + ")" : "";
        return Optional.of(new BadValue("Invalid value for option '" + binding.cells[8] + "'" + label + ": " + refused.getMessage()));
      } catch (RuntimeException other) {
        return Optional.empty();
      }
      binding.set(converted, first);
    }
    return Optional.of(Boolean.TRUE);
  }

  /**
   * One option: its row of the table, and the field it fills (none for picocli's help options).
   * A class, not a record: it is a set's key, and a record's hashCode is bootstrapped through
   * method handles at first use (about 10 ms of a failing start).
   */
  private static final class Binding {
    final String[] cells;
    final Object owner;
    final Field field;

    Binding(String[] cells, Object owner, Field field) {
      this.cells = cells;
      this.owner = owner;
      this.field = field;
    }

    boolean plain() {
      return cells[0].equals("option") && field != null;
    }

    boolean flag() {
      return cells[4].equals("flag");
    }

    boolean multiValued() {
      return cells[4].equals("multi");
    }

    boolean converted() {
      return !cells[6].equals("-");
    }

    Object convert(String text) throws ReflectiveOperationException {
      if (converted()) {
        var constructor = Class.forName(cells[6]).getDeclaredConstructor();
        constructor.setAccessible(true);
        try {
          return ((ITypeConverter<?>) constructor.newInstance()).convert(text);
        } catch (RuntimeException | ReflectiveOperationException thrown) {
          throw thrown;
        } catch (Exception checked) {
          throw new IllegalStateException(checked); // picocli words these its own way: decline
        }
      }
      switch (cells[5]) {
        case "java.lang.String":
          return text;
        case "int", "java.lang.Integer":
          return Integer.valueOf(text);
        case "long", "java.lang.Long":
          return Long.valueOf(text);
        case "boolean", "java.lang.Boolean":
          if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(text);
          }
          return Boolean.valueOf(text);
        case "java.nio.file.Path":
          return Path.of(text);
        default:
          Class<?> type = Class.forName(cells[5]);
          if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
              if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
                return constant;
              }
            }
          }
          throw new IllegalArgumentException("a value ServeLine does not convert: " + cells[5] + " " + text);
      }
    }

    /**
     * Like picocli: a collection option's first value replaces the field's initial collection
     * with a new one, and a converter that returns a collection adds all of it.
     */
    @SuppressWarnings("unchecked")
    void set(Object value, boolean first) throws ReflectiveOperationException {
      if (!multiValued()) {
        field.set(owner, value);
        return;
      }
      if (first) {
        field.set(owner, Set.class.isAssignableFrom(field.getType()) ? new LinkedHashSet<>() : new ArrayList<>());
      }
      Collection<Object> collection = (Collection<Object>) field.get(owner);
      if (value instanceof Collection<?> values) {
        collection.addAll(values);
      } else {
        collection.add(value);
      }
    }
  }
}
