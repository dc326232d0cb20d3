package dev.berth.server.internal.http1;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Follows one chunked request body as its bytes arrive, so that the framing guard knows where
 * the body ends and the next request begins, and refuses what parsers read differently:
 * anything but plain hex digits as a chunk size (Netty 4.2.9 accepts a trailing space and
 * wraps an overflowing size), malformed or oversized chunk extensions, data not followed by
 * CRLF, and framing fields or folding in the trailer section.
 */
public final class ChunkedBody {

  /** Longest chunk-size line, extensions included. */
  public static final int MAX_SIZE_LINE = 1024;
  /** All chunk extensions of one body together: beyond this it is abuse, not metadata. */
  public static final int MAX_EXTENSION_BYTES = 16 * 1024;
  /** 15 hex digits: sizes below 2^60, far past any body berth accepts, and no overflow. */
  private static final int MAX_SIZE_DIGITS = 15;

  private enum Phase { SIZE, DATA, DATA_END, TRAILER, DONE }

  private final int maxTrailer;
  private final long maxBody;
  private long total;
  private Phase phase = Phase.SIZE;
  private long remaining;
  private int extensionBytes;
  private int trailerBytes;

  /** {@code maxBody}: the most data all chunks together may carry (413 beyond: no Content-Length to judge up front). */
  public ChunkedBody(int maxTrailer, long maxBody) {
    this.maxTrailer = maxTrailer;
    this.maxBody = maxBody;
  }

  public boolean done() {
    return phase == Phase.DONE;
  }

  /**
   * How many bytes from index {@code from} on are valid parts of this body (no index of
   * {@code buf} is moved); stops at the body's end, or where a line is still incomplete.
   */
  public int advance(ByteBuf buf, int from) throws RefusedRequest {
    int to = buf.writerIndex();
    int at = from;
    while (at < to && phase != Phase.DONE) {
      switch (phase) {
        case DATA -> {
          int n = (int) Math.min(remaining, to - at);
          at += n;
          remaining -= n;
          if (remaining == 0) {
            phase = Phase.DATA_END;
          }
        }
        case DATA_END -> {
          if (to - at < 2) {
            return at - from;
          }
          if (buf.getByte(at) != '\r' || buf.getByte(at + 1) != '\n') {
            throw RefusedRequest.badRequest("chunk data not followed by CRLF");
          }
          at += 2;
          phase = Phase.SIZE;
        }
        default -> {
          int lf = buf.indexOf(at, to, (byte) '\n');
          int limit = phase == Phase.SIZE ? MAX_SIZE_LINE : maxTrailer - trailerBytes;
          if ((lf < 0 ? to : lf + 1) - at > limit) {
            throw phase == Phase.SIZE ? RefusedRequest.badRequest("chunk-size line too long")
                : new RefusedRequest(431, "trailer section too large");
          }
          if (lf < 0) {
            return at - from;
          }
          if (lf == at || buf.getByte(lf - 1) != '\r') {
            throw RefusedRequest.badRequest("bare LF in a chunked body");
          }
          byte[] line = new byte[lf - 1 - at];
          buf.getBytes(at, line);
          if (phase == Phase.SIZE) {
            sizeLine(line);
          } else {
            trailerLine(line);
            trailerBytes += lf + 1 - at;
          }
          at = lf + 1;
        }
      }
    }
    return at - from;
  }

  private void sizeLine(byte[] line) throws RefusedRequest {
    int i = 0;
    long size = 0;
    int digits = 0;
    for (; i < line.length && Character.digit(line[i], 16) >= 0; i++) {
      size = size << 4 | Character.digit(line[i], 16);
      if (size != 0 && ++digits > MAX_SIZE_DIGITS) {
        throw RefusedRequest.badRequest("chunk size overflow");
      }
    }
    if (i == 0) {
      throw RefusedRequest.badRequest("chunk size is not hexadecimal");
    }
    extensionBytes += line.length - i;
    if (extensionBytes > MAX_EXTENSION_BYTES) {
      throw RefusedRequest.badRequest("chunk extensions too large");
    }
    extensions(new String(line, i, line.length - i, StandardCharsets.ISO_8859_1));
    total += size;
    if (total > maxBody) {
      throw new RefusedRequest(413, "chunked body larger than " + maxBody + " bytes");
    }
    remaining = size;
    phase = size == 0 ? Phase.TRAILER : Phase.DATA;
  }

  /** {@code *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )}, RFC 9112 section 7.1.1. */
  private static void extensions(String s) throws RefusedRequest {
    int i = 0;
    while (i < s.length()) {
      i = skipOws(s, i);
      if (i >= s.length() || s.charAt(i) != ';') {
        throw RefusedRequest.badRequest("invalid chunk extension");
      }
      i = skipOws(s, i + 1);
      int name = i;
      while (i < s.length() && Tokens.isTchar((byte) s.charAt(i))) {
        i++;
      }
      if (i == name) {
        throw RefusedRequest.badRequest("invalid chunk extension");
      }
      int afterName = i;
      i = skipOws(s, i);
      if (i < s.length() && s.charAt(i) == '=') {
        i = value(s, skipOws(s, i + 1));
      } else {
        i = afterName;
      }
    }
  }

  private static int value(String s, int i) throws RefusedRequest {
    if (i < s.length() && s.charAt(i) == '"') {
      for (i++; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"') {
          return i + 1;
        }
        if (c == '\\') {
          i++;
          c = i < s.length() ? s.charAt(i) : '\0';
        }
        if (c != '\t' && (c < 0x20 || c == 0x7f)) {
          break;
        }
      }
      throw RefusedRequest.badRequest("invalid quoted chunk extension value");
    }
    int start = i;
    while (i < s.length() && Tokens.isTchar((byte) s.charAt(i))) {
      i++;
    }
    if (i == start) {
      throw RefusedRequest.badRequest("invalid chunk extension value");
    }
    return i;
  }

  private static int skipOws(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private void trailerLine(byte[] line) throws RefusedRequest {
    if (line.length == 0) {
      phase = Phase.DONE;
      return;
    }
    String name = RequestFraming.fieldName(line, 0, line.length);
    if (name.equals("content-length") || name.equals("transfer-encoding") || name.equals("host")) {
      throw RefusedRequest.badRequest(name + " in the trailer section");
    }
  }
}
