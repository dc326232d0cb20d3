package dev.berth.testkit.junit5;

import dev.berth.testkit.ForeignPortHolder;
import dev.berth.testkit.NxdomainResponder;
import dev.berth.testkit.PortHolder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts and closes testkit fixtures around tests, so a test cannot leak a held port or a child
 * process even when it fails.
 *
 * <p>Fields: a null field annotated {@link HeldPort} or {@link NxdomainDns} is filled with a
 * started fixture; every non-null field whose value is an {@link AutoCloseable} from {@code
 * dev.berth.testkit} is managed: the fixture is closed after each test (instance fields, default lifecycle) or after the class (static fields,
 * and instance fields under {@code @TestInstance(PER_CLASS)}). Parameters: {@link PortHolder} and
 * {@link ForeignPortHolder} (optionally {@link HeldPort}), {@link NxdomainResponder} (optionally
 * {@link NxdomainDns}) are created started and closed when the test or class they belong to ends.
 *
 * <p>Closing goes through {@link ExtensionContext.Store.CloseableResource}, so it needs no JUnit
 * configuration flag. The extension keeps no state of its own: every fixture lives in the store
 * of the context that owns it, which makes it safe under parallel execution.
 */
public final class TestkitExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  static final Namespace NAMESPACE = Namespace.create(TestkitExtension.class);
  private static final String FIXTURE_PACKAGE = "dev.berth.testkit";

  @Override
  public void beforeAll(ExtensionContext context) throws IllegalAccessException {
    Class<?> testClass = context.getRequiredTestClass();
    for (Field field : fixtureFields(testClass, true)) {
      manage(field.get(null), field, null, context);
    }
    if (context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) == Lifecycle.PER_CLASS) {
      Optional<Object> instance = context.getTestInstance();
      if (instance.isPresent()) {
        manageInstanceFields(instance.get(), context);
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      manageInstanceFields(instance, owner(instance, context));
    }
  }

  /** The class context for a PER_CLASS instance, else the test's own context. */
  private static ExtensionContext owner(Object instance, ExtensionContext test) {
    for (Optional<ExtensionContext> c = test.getParent(); c.isPresent(); c = c.get().getParent()) {
      ExtensionContext ctx = c.get();
      if (ctx.getTestMethod().isEmpty() && ctx.getTestClass().orElse(null) == instance.getClass()) {
        return ctx.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) == Lifecycle.PER_CLASS ? ctx : test;
      }
    }
    return test;
  }

  private static void manageInstanceFields(Object instance, ExtensionContext owner) throws IllegalAccessException {
    for (Field field : fixtureFields(instance.getClass(), false)) {
      manage(field.get(instance), field, instance, owner);
    }
  }

  private static List<Field> fixtureFields(Class<?> type, boolean statics) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        boolean candidate = AutoCloseable.class.isAssignableFrom(f.getType())
            || f.isAnnotationPresent(HeldPort.class) || f.isAnnotationPresent(NxdomainDns.class);
        if (Modifier.isStatic(f.getModifiers()) == statics && candidate) {
          f.setAccessible(true);
          fields.add(f);
        }
      }
    }
    return fields;
  }

  private static void manage(Object value, Field field, Object instance, ExtensionContext owner)
      throws IllegalAccessException {
    if (value == null && (field.isAnnotationPresent(HeldPort.class) || field.isAnnotationPresent(NxdomainDns.class))) {
      inject(field, instance, owner);
      return;
    }
    if (value == null || !value.getClass().getPackageName().equals(FIXTURE_PACKAGE)) {
      return;
    }
    owner.getStore(NAMESPACE).getOrComputeIfAbsent(new Identity(value), key -> new ClosingResource((AutoCloseable) value));
  }

  /** Fills a null {@code @HeldPort} or {@code @NxdomainDns} field with a started fixture. */
  private static void inject(Field field, Object instance, ExtensionContext owner) throws IllegalAccessException {
    Class<?> type = field.getType();
    check(field.isAnnotationPresent(HeldPort.class), field.isAnnotationPresent(NxdomainDns.class), type,
        "field", field.getName(), IllegalStateException::new);
    if (Modifier.isFinal(field.getModifiers())) {
      throw new IllegalStateException("field " + field.getName() + " is final: drop final so it can be injected");
    }
    AutoCloseable fixture;
    try {
      fixture = create(type, Optional.ofNullable(field.getAnnotation(HeldPort.class)));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot provide " + type.getSimpleName() + " field " + field.getName()
          + ": " + e.getMessage(), e);
    }
    owner.getStore(NAMESPACE).put(new Identity(fixture), new ClosingResource(fixture));
    field.set(instance, fixture);
  }

  /** Rejects an annotation on the wrong type, in one line naming the field or parameter. */
  private static <E extends RuntimeException> void check(boolean held, boolean dns, Class<?> type, String kind,
      String name, Function<String, E> failure) {
    if (held && type != PortHolder.class && type != ForeignPortHolder.class) {
      throw failure.apply("@HeldPort needs a PortHolder or ForeignPortHolder " + kind + ", not "
          + type.getSimpleName() + " " + name);
    }
    if (dns && type != NxdomainResponder.class) {
      throw failure.apply("@NxdomainDns needs an NxdomainResponder " + kind + ", not " + type.getSimpleName() + " " + name);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    check(parameter.isAnnotated(HeldPort.class), parameter.isAnnotated(NxdomainDns.class), type,
        "parameter", parameter.getParameter().getName(), ParameterResolutionException::new);
    return type == PortHolder.class || type == ForeignPortHolder.class || type == NxdomainResponder.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    AutoCloseable fixture;
    try {
      fixture = create(type, parameter.findAnnotation(HeldPort.class));
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("cannot provide " + type.getSimpleName() + " "
          + parameter.getParameter().getName() + ": " + e.getMessage(), e);
    }
    context.getStore(NAMESPACE).put(new Identity(fixture), new ClosingResource(fixture));
    return fixture;
  }

  private static AutoCloseable create(Class<?> type, Optional<HeldPort> held) {
    String host = held.map(HeldPort::host).orElse("127.0.0.1");
    int port = held.map(HeldPort::port).orElse(0);
    if (type == PortHolder.class) {
      return PortHolder.hold(host, port);
    }
    if (type == ForeignPortHolder.class) {
      return ForeignPortHolder.hold(host, port);
    }
    return NxdomainResponder.start();
  }

  /** Store key comparing fixtures by identity, so equal-looking fixtures are managed apart. */
  private static final class Identity {
    private final Object value;

    Identity(Object value) {
      this.value = value;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Identity && ((Identity) o).value == value;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(value);
    }
  }
}
