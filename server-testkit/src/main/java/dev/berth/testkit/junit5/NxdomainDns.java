package dev.berth.testkit.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Asks for a started {@code NxdomainResponder} parameter or field on 127.0.0.1, closed when the test ends.
 * Registers {@link TestkitExtension}.
 */
@Documented
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestkitExtension.class)
public @interface NxdomainDns {}
