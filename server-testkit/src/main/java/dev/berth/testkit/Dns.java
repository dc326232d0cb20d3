package dev.berth.testkit;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** The few bytes of RFC 1035 that an always-NXDOMAIN responder needs, kept apart from its socket. */
final class Dns {
  private static final int HEADER = 12;

  private Dns() {}

  /**
   * The NXDOMAIN reply to {@code query}: same id, opcode, RD and question; QR=1, RA=1, RCODE=3; no
   * answer, authority or additional records. Null for anything that is not a query.
   */
  static byte[] nxdomainReply(ByteBuffer query, Consumer<String> names) {
    if (query.remaining() < HEADER) {
      return null;
    }
    byte[] q = new byte[query.remaining()];
    query.get(q);
    if ((q[2] & 0x80) != 0) {
      return null;
    }
    int qdcount = u16(q, 4);
    int end = HEADER;
    for (int i = 0; i < qdcount; i++) {
      StringBuilder name = new StringBuilder();
      end = skipName(q, end, name);
      if (end < 0 || end + 4 > q.length) {
        return null;
      }
      end += 4;
      names.accept(name.toString());
    }
    byte[] reply = new byte[end];
    System.arraycopy(q, 0, reply, 0, end);
    reply[2] = (byte) (0x80 | (q[2] & 0x79));
    reply[3] = (byte) (0x80 | 3);
    reply[6] = reply[7] = reply[8] = reply[9] = reply[10] = reply[11] = 0;
    return reply;
  }

  private static int skipName(byte[] q, int at, StringBuilder name) {
    while (at < q.length) {
      int len = q[at] & 0xff;
      if (len == 0) {
        return at + 1;
      }
      if ((len & 0xc0) != 0 || at + 1 + len > q.length) {
        return -1;
      }
      if (name.length() > 0) {
        name.append('.');
      }
      name.append(new String(q, at + 1, len, java.nio.charset.StandardCharsets.ISO_8859_1));
      at += 1 + len;
    }
    return -1;
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
