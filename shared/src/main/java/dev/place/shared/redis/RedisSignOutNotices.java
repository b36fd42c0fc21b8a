package dev.place.shared.redis;

import dev.place.shared.auth.SignOutNotices;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Sign-out notices on the Redis pub/sub channel {@value #CHANNEL}. Classic (not sharded) pub/sub, so a
 * notice published on any node of a cluster reaches every subscriber; Lettuce subscribes again after a
 * reconnect, and a notice sent while an instance was disconnected is missed (see {@link SignOutNotices}).
 */
public final class RedisSignOutNotices implements SignOutNotices {

  static final String CHANNEL = "place:auth:signed-out";

  private final RedisConnector connector;

  public RedisSignOutNotices(RedisConnector connector) {
    this.connector = connector;
  }

  @Override
  public void announce(String userId) {
    connector.sync().publish(CHANNEL, userId.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public AutoCloseable listen(Consumer<String> signedOut) {
    return connector.subscribe(CHANNEL, message -> signedOut.accept(new String(message, StandardCharsets.UTF_8)));
  }
}
