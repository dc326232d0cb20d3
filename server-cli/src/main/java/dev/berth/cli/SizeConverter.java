package dev.berth.cli;

import picocli.CommandLine;

/** Parses size options with {@link SizeText}. */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {
  @Override
  public Long convert(String text) {
    try {
      return SizeText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
