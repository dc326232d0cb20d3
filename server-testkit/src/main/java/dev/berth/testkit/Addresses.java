package dev.berth.testkit;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;

/**
 * Addresses that must fail, chosen so that a failing test never sends a packet off the machine:
 * documentation-only IPv4 ranges (RFC 5737) that are not assigned here, and {@code .invalid} names
 * (RFC 6761) that no resolver may answer.
 */
public final class Addresses {
  private static final List<String> TEST_NETS = List.of("192.0.2.1", "198.51.100.1", "203.0.113.1");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Addresses() {}

  /**
   * An IPv4 address that no interface of this host has, so binding it fails with "cannot assign
   * requested address": 192.0.2.1, or 198.51.100.1 / 203.0.113.1 if a host uses the first.
   */
  public static String nonLocalIPv4() {
    for (String candidate : TEST_NETS) {
      if (!isLocal(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("every TEST-NET address " + TEST_NETS + " is assigned on this host");
  }

  /** True if an interface of this host has {@code literal} assigned. */
  public static boolean isLocal(String literal) {
    InetAddress wanted;
    try {
      wanted = InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal: " + literal, e);
    }
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a.equals(wanted)) {
            return true;
          }
        }
      }
      return false;
    } catch (SocketException e) {
      throw new IllegalStateException("cannot list network interfaces: " + e.getMessage(), e);
    }
  }

  /** A fresh {@code berth-<random>.invalid} name; resolving it must fail (RFC 6761). */
  public static String unresolvableHost() {
    return "berth-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE) + ".invalid";
  }
}
