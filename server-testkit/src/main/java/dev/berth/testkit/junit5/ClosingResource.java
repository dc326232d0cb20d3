package dev.berth.testkit.junit5;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lets JUnit close a fixture when its context ends, whatever the configuration says about
 * AutoCloseable. JUnit 5.13 deprecated CloseableResource in favour of closing AutoCloseable store
 * values, but that closing can be switched off ({@code
 * junit.jupiter.extensions.store.close.autocloseable.enabled=false}) and does not exist before
 * 5.13: a fixture that outlives its test holds a port or a process, so the testkit keeps the
 * interface that is honoured everywhere, and says so here instead of in a compiler warning.
 */
@SuppressWarnings("deprecation") // see above: the one route every JUnit 5 honours
final class ClosingResource implements ExtensionContext.Store.CloseableResource {
  private final AutoCloseable fixture;

  ClosingResource(AutoCloseable fixture) {
    this.fixture = fixture;
  }

  @Override
  public void close() throws Exception {
    fixture.close();
  }
}
