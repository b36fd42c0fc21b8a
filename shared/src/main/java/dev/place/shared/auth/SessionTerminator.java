package dev.place.shared.auth;

import dev.place.shared.connection.ConnectionCloser;
import dev.place.shared.connection.ConnectionDirectory;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends every session of a user, as sign-out and bans both need: the sessions issued until then are
 * revoked (no more tickets), the user's open API Gateway connections are unregistered and closed
 * ({@code @connections} DELETE), so nothing more is routed from them (a place environment that
 * remembers a connection's user never hears from it again), and the edge instances are told to close
 * the user's sockets there. Nothing is added to the place path.
 */
public final class SessionTerminator {

  private static final Logger LOG = LoggerFactory.getLogger(SessionTerminator.class);

  private final SessionRevocations revocations;
  private final Function<String, List<String>> takeConnections;
  private final ConnectionDirectory registry;
  private final ConnectionCloser closer;
  private final SignOutNotices notices;

  /** @param takeConnections the user's API Gateway connections, forgotten as they are returned */
  public SessionTerminator(SessionRevocations revocations, Function<String, List<String>> takeConnections,
      ConnectionDirectory registry, ConnectionCloser closer, SignOutNotices notices) {
    this.revocations = revocations;
    this.takeConnections = takeConnections;
    this.registry = registry;
    this.closer = closer;
    this.notices = notices;
  }

  /** Ends the user's sessions issued at or before {@code atMillis}; returns the API Gateway connections closed. */
  public int endAll(String userId, long atMillis) {
    revocations.revokeAll(userId, atMillis);
    int closed = 0;
    for (String connectionId : takeConnections.apply(userId)) {
      boolean registered = registry.unregister(connectionId);
      closed += (close(connectionId) || registered) ? 1 : 0;
    }
    notices.announce(userId);
    return closed;
  }

  /**
   * A failed close leaves a socket open but unregistered: it receives no updates and its placements
   * are answered UNAUTHORIZED except by an environment that remembers its user, until it ends (2 h at
   * most). The sessions have ended all the same, so that is not a failure of the whole.
   */
  private boolean close(String connectionId) {
    try {
      return closer.close(connectionId);
    } catch (RuntimeException e) {
      LOG.warn("sessions ended, but could not close connection {}: {}", connectionId, e.toString());
      return false;
    }
  }
}
