package dev.berth.cli;

import dev.berth.server.Endpoint;
import dev.berth.server.InvalidEndpointException;
import picocli.CommandLine;

/** Parses {@code --bind} text with core's one endpoint parser; its message names the input. */
final class EndpointConverter implements CommandLine.ITypeConverter<Endpoint> {
  @Override
  public Endpoint convert(String text) {
    try {
      return Endpoint.parse(text);
    } catch (InvalidEndpointException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
