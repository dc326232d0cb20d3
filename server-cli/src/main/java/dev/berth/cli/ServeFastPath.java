package dev.berth.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A thin front of picocli's model for the usual {@code serve} line (options with values and
 * plain flags): it reads the same {@code @Option} and {@code @Mixin} declarations picocli reads
 * and converts with the converters they name, without building picocli's model, which costs a
 * start about 0.25 s of CPU (bench/levers.md). It has no words of its own: anything it does not
 * take exactly as picocli would — help, version, a negatable or optional-value option, an
 * unknown or repeated option, a value that starts with {@code -}, a value that does not convert —
 * it declines, and picocli parses the whole line and words any error. ServeFastPathTest holds the
 * two to the same fields.
 */
final class ServeFastPath {

  /** One option's field and its owner (serve or a mixin). */
  private record Target(Object owner, Field field, Option option) {
    boolean flag() {
      return field.getType() == boolean.class || field.getType() == Boolean.class;
    }

    boolean multi() {
      return Collection.class.isAssignableFrom(field.getType());
    }

    Class<?> elementType() {
      return multi() ? (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0] : field.getType();
    }

    @SuppressWarnings("unchecked")
    void set(String text) throws Exception {
      Object value = convert(text);
      if (multi()) {
        Collection<Object> values = (Collection<Object>) field.get(owner);
        if (values == null) {
          values = Set.class.isAssignableFrom(field.getType()) ? new LinkedHashSet<>() : new ArrayList<>();
          field.set(owner, values);
        }
        if (value instanceof Collection<?> all) {
          values.addAll(all); // a converter that returns the whole collection, as picocli takes it
        } else {
          values.add(value);
        }
      } else {
        field.set(owner, value);
      }
    }

    private Object convert(String text) throws Exception {
      if (option.converter().length == 1) {
        Constructor<? extends ITypeConverter<?>> made = option.converter()[0].getDeclaredConstructor();
        made.setAccessible(true);
        return made.newInstance().convert(text);
      }
      Class<?> type = elementType();
      if (type == String.class) {
        return text;
      }
      if (type == Path.class) {
        return Path.of(text);
      }
      if (type == int.class || type == Integer.class) {
        return Integer.valueOf(text);
      }
      if (type == boolean.class) {
        return Boolean.valueOf(text);
      }
      if (type.isEnum()) {
        for (Object constant : type.getEnumConstants()) {
          if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
            return constant;
          }
        }
      }
      throw new IllegalArgumentException("left to picocli"); // never worded: the line is declined
    }
  }

  /** What {@code @Option.defaultValue} holds when none is given (picocli's own marker). */
  private static final String NO_DEFAULT = "__no_default_value__";

  private ServeFastPath() {}

  /** serve, its fields set as picocli would set them; empty when picocli must parse the line. */
  static Optional<ServeCommand> parse(BerthCommand root, String... args) {
    if (args.length == 0 || !args[0].equals("serve")) {
      return Optional.empty();
    }
    try {
      ServeCommand serve = new ServeCommand();
      serve.parent = root;
      Map<String, Target> byName = new HashMap<>();
      if (!declare(serve, byName)) {
        return Optional.empty();
      }
      Set<Target> given = new HashSet<>();
      for (int i = 1; i < args.length; i++) {
        String name = args[i];
        String value = null;
        int equals = name.indexOf('=');
        if (name.startsWith("--") && equals > 0) {
          value = name.substring(equals + 1);
          name = name.substring(0, equals);
        }
        Target target = byName.get(name);
        if (target == null || (!target.multi() && !given.add(target))) {
          return Optional.empty();
        }
        if (target.flag()) {
          if (value != null) {
            return Optional.empty();
          }
          target.field().set(target.owner(), true);
          continue;
        }
        if (value == null) {
          if (++i == args.length || args[i].startsWith("-")) {
            return Optional.empty();
          }
          value = args[i];
        }
        target.set(value);
      }
      return Optional.of(serve);
    } catch (Exception declined) {
      return Optional.empty();
    }
  }

  /** Creates the mixins and applies the defaults; false where an option is not one this front takes. */
  private static boolean declare(Object owner, Map<String, Target> byName) throws Exception {
    for (Field field : owner.getClass().getDeclaredFields()) {
      if (field.isAnnotationPresent(Mixin.class)) {
        Constructor<?> made = field.getType().getDeclaredConstructor();
        made.setAccessible(true);
        Object mixin = made.newInstance();
        field.setAccessible(true);
        field.set(owner, mixin);
        if (!declare(mixin, byName)) {
          return false;
        }
      }
      Option option = field.getAnnotation(Option.class);
      if (option == null) {
        continue;
      }
      field.setAccessible(true);
      Target target = new Target(owner, field, option);
      if (option.defaultValue().contains("${")) {
        return false; // picocli interpolates variables in defaults; this front does not
      }
      if (!option.defaultValue().equals(NO_DEFAULT)) {
        target.set(option.defaultValue());
      }
      // negatable and optional-value forms, and anything with an arity of its own, stay with picocli
      if (option.negatable() || !option.arity().isEmpty() || option.split().length() > 0) {
        continue;
      }
      for (String name : option.names()) {
        byName.put(name, target);
      }
    }
    return true;
  }
}
