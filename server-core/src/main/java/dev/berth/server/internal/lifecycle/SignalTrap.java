package dev.berth.server.internal.lifecycle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.BiConsumer;

/**
 * The JDK's only way to take over SIGTERM and SIGINT, {@code sun.misc.Signal} (module
 * jdk.unsupported, exported to everyone), reached by reflection so that no source file
 * names a proprietary API: javac and javadoc warn about every such name, and the build
 * treats a javadoc warning as an error. Public so that a program embedding Berth (and the
 * CLI's SIGHUP reload and SIGUSR1 log reopening) handles any other signal the same way.
 */
public final class SignalTrap {

  private SignalTrap() {}

  /**
   * Routes the named signal to {@code onSignal(name, number)} from now on.
   *
   * @param name the signal without its {@code SIG} prefix, e.g. {@code HUP}, {@code USR1}
   * @param onSignal called on the JVM's signal thread with the signal's name and number
   * @throws IllegalArgumentException when the JVM will not let the signal be handled (-Xrs)
   */
  public static void handle(String name, BiConsumer<String, Integer> onSignal) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Method getName = signalType.getMethod("getName");
      Method getNumber = signalType.getMethod("getNumber");
      Object signal = signalType.getConstructor(String.class).newInstance(name);
      Object handler = Proxy.newProxyInstance(SignalTrap.class.getClassLoader(), new Class<?>[] {handlerType},
          (proxy, method, args) -> switch (method.getName()) {
            case "handle" -> {
              onSignal.accept((String) getName.invoke(args[0]), (Integer) getNumber.invoke(args[0]));
              yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> "SignalTrap(" + name + ")";
          });
      signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException refused) {
        throw refused;
      }
      throw new IllegalArgumentException(String.valueOf(e.getCause()), e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException("this JVM offers no sun.misc.Signal: " + e, e);
    }
  }
}
