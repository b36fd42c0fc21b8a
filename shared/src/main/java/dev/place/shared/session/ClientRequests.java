package dev.place.shared.session;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.moderation.ChallengeGate;
import dev.place.shared.placement.Cooldowns;
import dev.place.shared.placement.PlacementOutcome;
import dev.place.shared.placement.PlacementService;
import dev.place.shared.protocol.ClientMessage;
import dev.place.shared.protocol.ClientMessageParser;
import dev.place.shared.protocol.ErrorCode;
import dev.place.shared.protocol.ProtocolException;
import dev.place.shared.protocol.ServerMessages;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to one client message (docs/protocol.md), whatever carried it: the API Gateway
 * handlers and the edge both call this, so both speak the same protocol with the same errors.
 */
public final class ClientRequests {

  private static final Logger LOG = LoggerFactory.getLogger(ClientRequests.class);
  private static final String ACTIONS = "use hello, place, subscribe or ping";

  private final ClientMessageParser parser;
  private final Supplier<PlacementService> placement;
  private final Cooldowns cooldowns;
  private final Supplier<CanvasGeometry> canvas;
  private final Duration cooldown;
  private final String snapshotIndexUrl;
  private final Clock clock;
  private final MessageLimit messages;
  // Null when off: then the placement path does not touch it.
  private final ChallengeGate challenges;
  private final int messageLimit;
  private final Duration messageWindow;

  public ClientRequests(PlaceConfig config, PlacementService placement, Cooldowns cooldowns,
      Supplier<CanvasGeometry> liveCanvas, Clock clock) {
    this(config, () -> placement, cooldowns, liveCanvas, clock);
  }

  /** {@code placement} is asked for only when a client places: a route that never places never builds it. */
  public ClientRequests(PlaceConfig config, Supplier<PlacementService> placement, Cooldowns cooldowns,
      Supplier<CanvasGeometry> liveCanvas, Clock clock) {
    this(config, placement, cooldowns, liveCanvas, MessageLimit.OFF, clock);
  }

  public ClientRequests(PlaceConfig config, Supplier<PlacementService> placement, Cooldowns cooldowns,
      Supplier<CanvasGeometry> liveCanvas, MessageLimit messages, Clock clock) {
    this(config, placement, cooldowns, liveCanvas, messages, null, clock);
  }

  /**
   * {@code messages} counts every message before it is answered (docs/protocol.md, TOO_MANY_MESSAGES);
   * {@code challenges}, when not null, asks for a solved challenge every N placements (CHALLENGE_REQUIRED).
   */
  public ClientRequests(PlaceConfig config, Supplier<PlacementService> placement, Cooldowns cooldowns,
      Supplier<CanvasGeometry> liveCanvas, MessageLimit messages, ChallengeGate challenges, Clock clock) {
    this.messages = messages;
    this.challenges = challenges;
    this.messageLimit = config.antiAbuse().connectionMessageLimit();
    this.messageWindow = config.antiAbuse().connectionMessageWindow();
    this.parser = new ClientMessageParser(config.maxMessageBytes());
    this.placement = placement;
    this.cooldowns = cooldowns;
    this.canvas = liveCanvas;
    this.cooldown = config.cooldown();
    this.snapshotIndexUrl = config.snapshotBaseUrl() + "/latest.json";
    this.clock = clock;
  }

  public String answer(ConnectionState connection, String body) {
    ClientMessage message;
    try {
      message = parser.parse(body);
    } catch (ProtocolException e) {
      String refused = refusedForVolume(connection);
      return ServerMessages.withId(refused != null ? refused : ServerMessages.error(e.code(), e.getMessage()), e.requestId());
    }
    // Parsing is pure, so it may come first (the refusal echoes the id); nothing else runs before the count.
    String refused = refusedForVolume(connection);
    if (refused != null) {
      return ServerMessages.withId(refused, message.id());
    }
    String answer;
    try {
      answer = answer(connection, message);
    } catch (RuntimeException e) {
      // The connection's user, hello's cooldown and subscribe's registry write all go to Redis: a
      // timeout there is the documented INTERNAL error too, never API Gateway's raw error frame.
      LOG.error("could not answer {} of connection {}", message.getClass().getSimpleName(), connection.connectionId(), e);
      answer = ServerMessages.error(ErrorCode.INTERNAL, "the server could not answer; nothing was changed, try again");
    }
    return ServerMessages.withId(answer, message.id());
  }

  /** The placement is made and acknowledged either way: a failed count only delays the next challenge. */
  private void countForChallenge(String userId) {
    try {
      challenges.placed(userId);
    } catch (RuntimeException e) {
      LOG.warn("could not count a placement of {} towards its next challenge", userId, e);
    }
  }

  /** Counts the message against its connection's limit; the refusal when it is over, else null. */
  private String refusedForVolume(ConnectionState connection) {
    long now = clock.millis();
    Duration wait;
    try {
      wait = messages.count(connection, now);
    } catch (RuntimeException e) {
      LOG.error("could not count a message of connection {}", connection.connectionId(), e);
      return ServerMessages.error(ErrorCode.INTERNAL, "the server could not answer; nothing was changed, try again");
    }
    if (wait == null) {
      return null;
    }
    return ServerMessages.retryableError(ErrorCode.TOO_MANY_MESSAGES, "this connection sent more than " + messageLimit
        + " messages in " + messageWindow.toSeconds() + " s; this one was not read, send again later", wait, now + wait.toMillis());
  }

  private String answer(ConnectionState connection, ClientMessage message) {
    if (message instanceof ClientMessage.Ping) {
      return ServerMessages.pong(clock.millis());
    }
    if (message instanceof ClientMessage.Unknown unknown) {
      return ServerMessages.error(ErrorCode.UNKNOWN_ACTION, unknown.action().isEmpty()
          ? "the message has no \"action\" string; " + ACTIONS
          : "unknown action '" + unknown.action() + "'; " + ACTIONS);
    }
    String userId = connection.userId();
    if (userId == null) {
      return ServerMessages.error(ErrorCode.UNAUTHORIZED, "this connection is not signed in; reconnect with a token");
    }
    if (message instanceof ClientMessage.Hello hello) {
      connection.setEncoding(hello.encoding());
      long now = clock.millis();
      long wait = cooldowns.remaining(userId).toMillis();
      return ServerMessages.hello(userId, connection.connectionId(), canvas.get(), cooldown,
          wait > 0 ? now + wait : now, now, snapshotIndexUrl, hello.encoding());
    }
    if (message instanceof ClientMessage.Subscribe subscribe) {
      connection.subscribe(subscribe.subscription());
      return ServerMessages.subscribed(subscribe.subscription());
    }
    return place(connection, userId, (ClientMessage.Place) message);
  }

  private String place(ConnectionState connection, String userId, ClientMessage.Place place) {
    try {
      if (challenges != null) {
        ChallengeGate.Demand demand = challenges.demand(userId, place.challenge(), place.answer(), clock.millis());
        if (demand != null) {
          return ServerMessages.challengeRequired(demand.message(), demand.challenge());
        }
      }
      PlacementOutcome outcome = placement.get().place(userId, connection.sourceIp(), place.x(), place.y(), place.colour());
      if (outcome instanceof PlacementOutcome.Placed placed) {
        if (challenges != null) {
          countForChallenge(userId);
        }
        var e = placed.event();
        return ServerMessages.placed(e.x(), e.y(), e.colour(), e.tile(), e.seq(), placed.nextPlacementAtMillis());
      }
      PlacementOutcome.Rejected rejected = (PlacementOutcome.Rejected) outcome;
      return rejected.retryAfter() == null
          ? ServerMessages.error(rejected.code(), rejected.message())
          : ServerMessages.retryableError(rejected.code(), rejected.message(), rejected.retryAfter(), rejected.retryAtMillis());
    } catch (RuntimeException e) {
      // Every step before the tile write only reads or claims (a limit window, the cooldown), and a
      // failed write is refunded: so a Redis timeout anywhere is the documented INTERNAL error, not
      // API Gateway's raw "Internal server error" frame.
      LOG.error("placement failed for {}", userId, e);
      return ServerMessages.error(ErrorCode.INTERNAL, "the server could not place the pixel; nothing was placed, try again");
    }
  }
}
