package dev.berth.testkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Marks a test or class that needs fixed ports (prefer port 0 wherever you can). Under parallel
 * execution JUnit runs such tests one at a time: they share the resource lock {@value #LOCK}
 * (JUnit 5.9's annotations cannot carry a per-port lock key, so it is one lock for all fixed
 * ports). Before each test, a port already taken on 127.0.0.1 by someone else aborts the test with
 * a reason instead of letting it fail obscurely.
 */
@Documented
@Inherited
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ResourceLock(HoldsFixedPort.LOCK)
@ExtendWith(HoldsFixedPortExtension.class)
public @interface HoldsFixedPort {
  /** The resource lock key shared by every test that holds fixed ports. */
  String LOCK = "port:fixed";

  /** The fixed ports the test uses. */
  int[] value();
}
