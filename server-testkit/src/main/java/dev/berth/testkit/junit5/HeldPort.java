package dev.berth.testkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Asks for a started {@code PortHolder} (or {@code ForeignPortHolder}) parameter or field on {@link
 * #host()}:{@link #port()}, closed when the test ends. Registers {@link TestkitExtension}.
 */
@Documented
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestkitExtension.class)
public @interface HeldPort {
  /** The address to hold; a literal such as {@code 127.0.0.1}, {@code ::1}, {@code 0.0.0.0}. */
  String host() default "127.0.0.1";

  /** The port to hold; 0 (the default, and the right choice almost always) for an ephemeral one. */
  int port() default 0;
}
