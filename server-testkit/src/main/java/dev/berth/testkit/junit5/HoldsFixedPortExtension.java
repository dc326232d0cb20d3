package dev.berth.testkit.junit5;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Checks before each {@link HoldsFixedPort} test that its ports are free on 127.0.0.1. */
public final class HoldsFixedPortExtension implements BeforeEachCallback {
  @Override
  public void beforeEach(ExtensionContext context) {
    List<HoldsFixedPort> found = new ArrayList<>();
    AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), HoldsFixedPort.class).ifPresent(found::add);
    AnnotationSupport.findAnnotation(context.getRequiredTestClass(), HoldsFixedPort.class).ifPresent(found::add);
    for (HoldsFixedPort annotation : found) {
      for (int port : annotation.value()) {
        String busy = bindError(port);
        Assumptions.assumeTrue(busy == null,
            () -> "fixed port " + port + " is already taken on 127.0.0.1 by another process: " + busy);
      }
    }
  }

  private static String bindError(int port) {
    try (ServerSocketChannel ch = ServerSocketChannel.open()) {
      ch.bind(new InetSocketAddress("127.0.0.1", port), 1);
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }
}
