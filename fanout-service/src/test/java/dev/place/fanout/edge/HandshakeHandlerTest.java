package dev.place.fanout.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.SessionRevocations;
import dev.place.shared.auth.UserBannedException;
import dev.place.shared.moderation.Ban;
import dev.place.shared.moderation.Bans;
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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class HandshakeHandlerTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final TokenService tokens = new TokenService("a secret of sixteen+ chars", Duration.ofHours(24));
  private final List<String> opened = new ArrayList<>();

  @Test
  void anUpgradeWithAGoodTokenBecomesAWebSocketOfTheTokensUser() {
    EmbeddedChannel channel = channel(EdgeSettings.defaults("127.0.0.1", 0));
    String token = tokens.issue("user-abc", NOW).token();

    String response = send(channel, upgrade("/?token=" + token, ""));

    assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols");
    assertThat(opened).containsExactly("user-abc@embedded");
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
    String forged = tokens.issue("user-abc", NOW).token() + "x";
    String expired = tokens.issue("user-abc", NOW.minus(Duration.ofDays(2))).token();

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
    String token = tokens.issue("user-abc", NOW).token();

    send(channel, upgrade("/?token=" + token, "X-Forwarded-For: 6.6.6.6, 203.0.113.7\r\n"));

    assertThat(opened).containsExactly("user-abc@203.0.113.7");
  }

  @Test
  void aTicketIsRedeemedWithoutBlockingTheLoopAndItsUserGetsTheSocket() {
    CompletableFuture<String> redemption = new CompletableFuture<>();
    List<String> asked = new ArrayList<>();
    EmbeddedChannel channel = channel((ticket, token, now) -> {
      asked.add(ticket + "/" + token);
      return redemption;
    });

    assertThat(send(channel, upgrade("/?ticket=t-1", ""))).as("nothing is answered while Redis is asked").isEmpty();
    redemption.complete("user-7");
    channel.runPendingTasks();

    assertThat(asked).containsExactly("t-1/null");
    assertThat(read(channel)).startsWith("HTTP/1.1 101 Switching Protocols");
    assertThat(opened).containsExactly("user-7@embedded");
  }

  @Test
  void aRefusedTicketIs401AndAnUncheckableOneIs503() {
    EmbeddedChannel refused = channel((ticket, token, now) ->
        CompletableFuture.failedFuture(new InvalidTokenException("unknown, used or expired ticket")));
    EmbeddedChannel broken = channel((ticket, token, now) ->
        CompletableFuture.failedFuture(new IllegalStateException("redis down")));

    assertThat(send(refused, upgrade("/?ticket=t-2", ""))).startsWith("HTTP/1.1 401").endsWith("unknown, used or expired ticket");
    assertThat(send(broken, upgrade("/?ticket=t-3", ""))).startsWith("HTTP/1.1 503");
    assertThat(opened).isEmpty();
  }

  @Test
  void aBannedUserIsRefusedWith403AndTheSameUserBannedJsonAsConnect() {
    UserBannedException banned = new UserBannedException(new Ban("user-m", NOW.toEpochMilli(), 0, "botting", "u-mod"));
    EmbeddedChannel channel = channel((ticket, token, now) -> CompletableFuture.failedFuture(banned));

    String response = send(channel, upgrade("/?ticket=t-4", ""));

    assertThat(response).startsWith("HTTP/1.1 403 Forbidden").contains("content-type: application/json")
        .endsWith("\r\n\r\n" + banned.body());
    assertThat(banned.body()).contains("\"code\":\"USER_BANNED\"");
    assertThat(opened).isEmpty();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aBannedUsersDeprecatedTokenHandshakeIs403NotA401() throws Exception {
    Bans bans = new Bans() {
      @Override
      public Ban inForce(String userId, long nowMillis) {
        return userId.equals("user-m") ? new Ban("user-m", 0, 0, "botting", "u-mod") : null;
      }

      @Override
      public void put(Ban ban) {}

      @Override
      public Ban lift(String userId) {
        return null;
      }
    };
    SessionRevocations none = new SessionRevocations() {
      @Override
      public void revokeAll(String userId, long atMillis) {}

      @Override
      public long revokedBefore(String userId) {
        return 0;
      }
    };
    ConnectAuthenticator authenticator = new ConnectAuthenticator(tokens, null, none, bans, Duration.ofSeconds(30));
    EmbeddedChannel channel = channel(Admission.of(authenticator));

    String response = send(channel, upgrade("/?token=" + tokens.issue("user-m", NOW).token(), ""));
    // The token is checked off the loop; its answer comes back as a task of the channel's loop.
    for (long end = System.nanoTime() + 5_000_000_000L; response.isEmpty() && System.nanoTime() < end; ) {
      Thread.onSpinWait();
      channel.runPendingTasks();
      response = read(channel);
    }

    assertThat(response).startsWith("HTTP/1.1 403").contains("USER_BANNED").contains("botting");
  }

  private EmbeddedChannel channel(Admission admission) {
    HandshakeHandler handshake = new HandshakeHandler(admission, Clock.fixed(NOW, ZoneOffset.UTC),
        EdgeSettings.defaults("127.0.0.1", 0), (channel, userId, ip) -> opened.add(userId + "@" + ip));
    return new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(8192), handshake);
  }

  private static String read(EmbeddedChannel channel) {
    StringBuilder out = new StringBuilder();
    Object o;
    while ((o = channel.readOutbound()) != null) {
      ByteBuf b = (ByteBuf) o;
      out.append(b.toString(StandardCharsets.UTF_8));
      b.release();
    }
    return out.toString();
  }

  private EmbeddedChannel channel(EdgeSettings settings) {
    HandshakeHandler handshake = new HandshakeHandler(Admission.tokens(tokens), Clock.fixed(NOW, ZoneOffset.UTC), settings,
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
