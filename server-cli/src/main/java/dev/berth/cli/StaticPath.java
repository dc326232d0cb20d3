package dev.berth.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request's raw path into the names under the static root, refusing every spelling
 * that could step outside it or mean two things. Nothing is normalised away: {@code ..} and
 * {@code .} segments, an encoded slash, a backslash, NUL or another control character and
 * bytes that are not shortest-form UTF-8 (overlong {@code %c0%ae}) are a 400, so one name
 * on disk answers to exactly one URL. Names starting with a dot are hidden (404).
 */
final class StaticPath {

  /** What a raw path means: bad (400), hidden (404) or the segments to look up. */
  sealed interface Result permits Bad, Hidden, Names {}

  record Bad(String why) implements Result {}

  record Hidden() implements Result {}

  /** The segments below the root, and whether the URL ended with a slash (asks for a directory). */
  record Names(List<String> segments, boolean trailingSlash) implements Result {}

  private StaticPath() {}

  static Result parse(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return new Bad("the path must start with /");
    }
    List<String> segments = new ArrayList<>();
    boolean hidden = false;
    int start = 1;
    while (start <= rawPath.length()) {
      int end = rawPath.indexOf('/', start);
      if (end < 0) {
        end = rawPath.length();
      }
      String raw = rawPath.substring(start, end);
      start = end + 1;
      if (raw.isEmpty()) {
        continue;
      }
      String name;
      try {
        name = decode(raw);
      } catch (IllegalArgumentException e) {
        return new Bad(e.getMessage());
      }
      if (name.equals(".") || name.equals("..")) {
        return new Bad("dot segments are not accepted");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c == '/' || c == '\\') {
          return new Bad("an encoded slash or a backslash is not accepted");
        }
        if (c < 0x20 || c == 0x7f) {
          return new Bad("control characters are not accepted");
        }
      }
      hidden |= name.charAt(0) == '.';
      segments.add(name);
    }
    if (hidden) {
      return new Hidden();
    }
    return new Names(List.copyOf(segments), rawPath.endsWith("/"));
  }

  /** Percent-decoding to bytes, then strict UTF-8 (overlong and invalid sequences rejected). */
  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("a % must be followed by two hex digits");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("a % must be followed by two hex digits");
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
      } else {
        bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    bytes.flip();
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the path is not valid UTF-8");
    }
  }
}
