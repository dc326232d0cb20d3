package dev.berth.server.internal.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM blocks of a file, and the two DER re-wrappings that let the JDK read the
 * traditional OpenSSL key forms ({@code RSA PRIVATE KEY}, PKCS#1; {@code EC PRIVATE KEY},
 * SEC 1) as PKCS#8, which is all {@link java.security.KeyFactory} takes. JDK only: no
 * BouncyCastle for a dozen bytes of ASN.1.
 */
public final class PemBlocks {

  /** One {@code -----BEGIN TYPE-----} ... {@code -----END TYPE-----} block, decoded. */
  public record Block(String type, byte[] der) {}

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
      (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00}; // SEQUENCE { 1.2.840.113549.1.1.1, NULL }
  private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private PemBlocks() {}

  /** Every block in the text, in order; a block whose base64 is broken is skipped. */
  public static List<Block> of(byte[] file) {
    String text = new String(file, StandardCharsets.US_ASCII);
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      if (body.contains(":")) {
        continue; // "Proc-Type: 4,ENCRYPTED" headers: an encrypted traditional key, reported by type below
      }
      try {
        blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
      } catch (IllegalArgumentException broken) {
        // not base64: not a block we can use
      }
    }
    return blocks;
  }

  /** Whether the text has a BEGIN line of this type at all (used to name what was found). */
  public static boolean mentions(byte[] file, String type) {
    return new String(file, StandardCharsets.US_ASCII).contains("-----BEGIN " + type + "-----");
  }

  /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey. */
  public static byte[] pkcs8FromRsa(byte[] pkcs1) {
    return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, pkcs1)));
  }

  /** PKCS#8 PrivateKeyInfo around a SEC 1 ECPrivateKey, whose [0] parameters name the curve. */
  public static byte[] pkcs8FromEc(byte[] sec1) {
    byte[] curve = null;
    int[] seq = header(sec1, 0);
    for (int at = seq[0]; at < seq[0] + seq[1]; ) {
      int[] child = header(sec1, at);
      if ((sec1[at] & 0xff) == 0xa0) {
        curve = java.util.Arrays.copyOfRange(sec1, child[0], child[0] + child[1]);
      }
      at = child[0] + child[1];
    }
    if (curve == null) {
      throw new IllegalArgumentException("the EC key does not name its curve");
    }
    return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, tlv(0x30, concat(EC_PUBLIC_KEY_OID, curve)), tlv(0x04, sec1)));
  }

  /** {content offset, content length} of the DER element at {@code at}. */
  private static int[] header(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    if (first < 0x80) {
      return new int[] {at + 2, first};
    }
    int n = first & 0x7f;
    int length = 0;
    for (int i = 0; i < n; i++) {
      length = (length << 8) | (der[at + 2 + i] & 0xff);
    }
    if (at + 2 + n + length > der.length) {
      throw new IllegalArgumentException("truncated DER");
    }
    return new int[] {at + 2 + n, length};
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = length > 0xffff ? 3 : length > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
