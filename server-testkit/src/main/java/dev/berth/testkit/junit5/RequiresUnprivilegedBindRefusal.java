package dev.berth.testkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test or class only where an unprivileged process is really refused a bind of
 * a privileged port ({@code Privilege.privilegedBindRefusal()}); elsewhere it is skipped with the
 * reason, so a permission test never passes vacuously as root.
 */
@Documented
@Inherited
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresUnprivilegedBindRefusalExtension.class)
public @interface RequiresUnprivilegedBindRefusal {}
