package dev.berth.cli;

import dev.berth.server.ExitCode;
import dev.berth.server.BerthApplication;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Loads {@code --app CLASS} before anything is bound. A name that does not denote a usable
 * application (no such class, not a BerthApplication, no public no-argument constructor) is
 * a usage error (64): the command line is wrong. A class that is found but breaks when
 * constructed is the application's failure (70).
 */
final class ApplicationLoader {

  private ApplicationLoader() {}

  static BerthApplication load(String className) {
    Class<?> type;
    try {
      type = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new CommandFailure(ExitCode.USAGE, "--app " + className + ": no such class on the class path;"
          + " check the name and put its jar on the class path (BERTH_CLASSPATH)", e);
    } catch (LinkageError e) {
      throw new CommandFailure(ExitCode.SOFTWARE, "--app " + className + ": cannot load the class: " + e, e);
    }
    if (!BerthApplication.class.isAssignableFrom(type)) {
      throw new CommandFailure(ExitCode.USAGE, "--app " + className + ": not a " + BerthApplication.class.getName()
          + "; implement that interface", null);
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new CommandFailure(ExitCode.USAGE, "--app " + className + ": needs a public no-argument constructor", e);
    }
    if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
      throw new CommandFailure(ExitCode.USAGE, "--app " + className + ": must be a public, concrete class", null);
    }
    try {
      return (BerthApplication) constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new CommandFailure(ExitCode.SOFTWARE, "--app " + className + ": its constructor threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      throw new CommandFailure(ExitCode.SOFTWARE, "--app " + className + ": cannot construct it: " + e, e);
    }
  }
}
