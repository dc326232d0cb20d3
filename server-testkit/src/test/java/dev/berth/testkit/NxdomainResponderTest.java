package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Hashtable;
import javax.naming.NameNotFoundException;
import javax.naming.directory.InitialDirContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NxdomainResponderTest {
  @TempDir Path dir;

  @Test
  void answersARawQueryWithNxdomain() throws Exception {
    try (NxdomainResponder dns = NxdomainResponder.start();
        DatagramChannel client = DatagramChannel.open()) {
      assertThat(dns.hostAndPort()).isEqualTo("127.0.0.1:" + dns.port());
      byte[] query = query(0x1234, "berth-x.invalid");
      client.send(ByteBuffer.wrap(query), new InetSocketAddress("127.0.0.1", dns.port()));
      ByteBuffer reply = ByteBuffer.allocate(512);
      client.receive(reply);
      reply.flip();
      byte[] r = new byte[reply.remaining()];
      reply.get(r);
      assertThat(r[0] & 0xff).isEqualTo(0x12);
      assertThat(r[1] & 0xff).isEqualTo(0x34);
      assertThat(r[2] & 0x80).as("QR").isEqualTo(0x80);
      assertThat(r[2] & 0x01).as("RD echoed").isEqualTo(0x01);
      assertThat(r[3] & 0x80).as("RA").isEqualTo(0x80);
      assertThat(r[3] & 0x0f).as("RCODE").isEqualTo(3);
      assertThat(((r[4] & 0xff) << 8) | (r[5] & 0xff)).as("QDCOUNT").isEqualTo(1);
      assertThat(r.length).isEqualTo(query.length);
      assertThat(dns.queriesAnswered()).isEqualTo(1);
      assertThat(dns.queriedNames()).containsExactly("berth-x.invalid");
    }
  }

  @Test
  void aRealDnsClientGetsNameNotFound() throws Exception {
    String host = Addresses.unresolvableHost();
    try (NxdomainResponder dns = NxdomainResponder.start()) {
      Hashtable<String, String> env = new Hashtable<>();
      env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
      env.put("java.naming.provider.url", "dns://" + dns.hostAndPort());
      env.put("com.sun.jndi.dns.timeout.retries", "1");
      InitialDirContext ctx = new InitialDirContext(env);
      assertThatThrownBy(() -> ctx.getAttributes(host, new String[] {"A"}))
          .isInstanceOf(NameNotFoundException.class);
      ctx.close();
      assertThat(dns.queriedNames()).contains(host);
      dns.assertQueried(host);
      assertThatThrownBy(() -> dns.assertQueried("never-asked.invalid"))
          .isInstanceOf(AssertionError.class).hasMessageContaining("never asked for never-asked.invalid")
          .hasMessageContaining(host);
    }
  }

  @Test
  void writesAResolvConfNamingTheResponder() {
    try (NxdomainResponder dns = NxdomainResponder.start()) {
      Path conf = dns.writeResolvConf(dir);
      assertThat(conf).content(StandardCharsets.US_ASCII).contains("nameserver 127.0.0.1\n");
    }
  }

  @Test
  void closeIsIdempotent() {
    NxdomainResponder dns = NxdomainResponder.start();
    assertThat(dns.isRunning()).isTrue();
    dns.close();
    dns.close();
    assertThat(dns.isRunning()).isFalse();
  }

  static byte[] query(int id, String name) {
    ByteArrayOutputStream q = new ByteArrayOutputStream();
    q.write(id >> 8);
    q.write(id & 0xff);
    q.write(0x01);
    q.write(0x00);
    q.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 0, 0});
    for (String label : name.split("\\.")) {
      q.write(label.length());
      q.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    q.write(0);
    q.writeBytes(new byte[] {0, 1, 0, 1});
    return q.toByteArray();
  }
}
