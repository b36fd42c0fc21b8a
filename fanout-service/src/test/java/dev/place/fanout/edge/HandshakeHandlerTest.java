package dev.place.fanout.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.auth.TokenService;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeHandlerTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final TokenService tokens = new TokenService("a secret of sixteen+ chars", Duration.ofHours(24));
  private final List<String> opened = new ArrayList<>();

  @Test
  void anUpgradeWithAGoodTokenBecomesAWebSocketOfTheTokensUser() {
    EmbeddedChannel channel = channel(EdgeSettings.defaults("127.0.0.1", 0));
    String token = tokens.issue("guest-abc", NOW).token();

    String response = send(channel, upgrade("/?token=" + token, ""));

    assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols");
    assertThat(opened).containsExactly("guest-abc@embedded");
    assertThat(channel.pipeline().get(HttpServerCodec.class)).as("no HTTP handler stays").isNull();
    assertThat(channel.pipeline().get(HttpObjectAggregator.class)).isNull();
  }

  @Test
  void anUpgradeWithoutATokenIsRefusedWith401AndTheReason() {
    EmbeddedChannel channel = channel(EdgeSettings.defaults("127.0.0.1", 0));

    String response = send(channel, upgrade("/", ""));

    assertThat(response).startsWith("HTTP/1.1 401 Unauthorized").endsWith("no token; get one from POST /api/v1/session");
    assertThat(opened).isEmpty();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aForgedOrExpiredTokenIsRefusedWith401SayingWhich() {
    String forged = tokens.issue("guest-abc", NOW).token() + "x";
    String expired = tokens.issue("guest-abc", NOW.minus(Duration.ofDays(2))).token();

    assertThat(send(channel(EdgeSettings.defaults("h", 0)), upgrade("/?token=" + forged, "")))
        .startsWith("HTTP/1.1 401").endsWith("bad token signature");
    assertThat(send(channel(EdgeSettings.defaults("h", 0)), upgrade("/?token=" + expired, "")))
        .startsWith("HTTP/1.1 401").endsWith("token expired; get a new one from POST /api/v1/session");
    assertThat(opened).isEmpty();
  }

  @Test
  void aPlainRequestGets426AndTheHealthPathGets200() {
    assertThat(send(channel(EdgeSettings.defaults("h", 0)), "GET / HTTP/1.1\r\nHost: edge\r\n\r\n"))
        .startsWith("HTTP/1.1 426");
    assertThat(send(channel(EdgeSettings.defaults("h", 0)), "GET /health HTTP/1.1\r\nHost: edge\r\n\r\n"))
        .startsWith("HTTP/1.1 200").endsWith("ok");
  }

  @Test
  void behindALoadBalancerTheClientIsTheAddressItAppendedNotOneTheClientClaimed() {
    EmbeddedChannel channel = channel(EdgeSettings.defaults("h", 0).withTrustForwardedFor(true));
    String token = tokens.issue("guest-abc", NOW).token();

    send(channel, upgrade("/?token=" + token, "X-Forwarded-For: 6.6.6.6, 203.0.113.7\r\n"));

    assertThat(opened).containsExactly("guest-abc@203.0.113.7");
  }

  private EmbeddedChannel channel(EdgeSettings settings) {
    HandshakeHandler handshake = new HandshakeHandler(tokens, Clock.fixed(NOW, ZoneOffset.UTC), settings,
        (channel, userId, ip) -> opened.add(userId + "@" + ip));
    return new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(8192), handshake);
  }

  private static String upgrade(String path, String extraHeaders) {
    return "GET " + path + " HTTP/1.1\r\nHost: edge\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
  }

  private static String send(EmbeddedChannel channel, String request) {
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder();
    Object o;
    while ((o = channel.readOutbound()) != null) {
      ByteBuf b = (ByteBuf) o;
      out.append(b.toString(StandardCharsets.UTF_8));
      b.release();
    }
    return out.toString();
  }
}
