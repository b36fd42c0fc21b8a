package dev.place.functions;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.GuestCooldowns;
import dev.place.shared.auth.IdTokenVerifier;
import dev.place.shared.auth.SessionIssuer;
import dev.place.shared.auth.SessionTerminator;
import dev.place.shared.auth.SignOutNotices;
import dev.place.shared.auth.TokenService;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.config.SecretValues;
import dev.place.shared.connection.ConnectionCloser;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.HistoryStore;
import dev.place.shared.kafka.KafkaEventPublisher;
import dev.place.shared.history.CassandraAuditLog;
import dev.place.shared.moderation.AreaActions;
import dev.place.shared.moderation.AuditLog;
import dev.place.shared.moderation.BanActions;
import dev.place.shared.moderation.Bans;
import dev.place.shared.redis.RedisBans;
import dev.place.shared.redis.RedisProtectedAreas;
import dev.place.shared.placement.Cooldowns;
import dev.place.shared.placement.PlacementService;
import dev.place.shared.identity.OidcIdTokenVerifier;
import dev.place.shared.redis.ConnectionRegistry;
import dev.place.shared.redis.RedisConnectTickets;
import dev.place.shared.redis.RedisGuestSessionLimit;
import dev.place.shared.redis.RedisSessionRevocations;
import dev.place.shared.redis.RedisSignOutNotices;
import dev.place.shared.redis.RedisUserConnections;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.redis.RedisMessageLimit;
import dev.place.shared.session.MessageLimit;
import dev.place.shared.redis.RedisCooldowns;
import dev.place.shared.resize.CanvasSizes;
import dev.place.shared.resize.LiveCanvas;
import dev.place.shared.session.ClientRequests;
import dev.place.shared.wiring.PlacementWiring;
import java.time.Clock;

/**
 * The clients of one execution environment, created on first use and reused by every invocation
 * (Lambda keeps static state between invocations of a warm environment). Each handler touches only
 * what it needs, so a function never opens a client it does not use.
 */
final class Dependencies {

  private static volatile Dependencies instance;
  // A placing connection's user is ~100 bytes remembered; 100,000 are ~10 MB of a 1 GB environment.
  private static final int REMEMBERED_USERS = 100_000;

  private final PlaceConfig config;
  private RedisConnector redis;
  private ConnectionRegistry registry;
  private RememberedUsers rememberedUsers;
  private TokenService tokens;
  private SessionIssuer sessionIssuer;
  private ConnectAuthenticator connectAuthenticator;
  private RedisUserConnections userConnections;
  private SessionTerminator sessionTerminator;
  private PlacementService placement;
  private Cooldowns cooldowns;
  private HistoryStore history;
  private CqlSession cassandra;
  private Bans bans;
  private AuditLog auditLog;
  private dev.place.shared.moderation.CanvasActions canvasActions;
  private dev.place.shared.moderation.CanvasActionWorker canvasActionWorker;
  private dev.place.shared.history.HistoryPlacementSource placementHistory;
  private dev.place.shared.moderation.CanvasActionLog canvasActionLog;
  private dev.place.shared.moderation.SyncedLedger syncedLedger;
  private dev.place.shared.redis.RedisCanvasStore moderationCanvasStore;
  private BanActions banActions;
  private AreaActions areaActions;
  private LiveCanvas liveCanvas;
  private ClientRequests requests;
  private KafkaEventPublisher events;

  private Dependencies(PlaceConfig config) {
    this.config = config;
  }

  static Dependencies get() {
    Dependencies d = instance;
    if (d == null) {
      synchronized (Dependencies.class) {
        d = instance;
        if (d == null) {
          instance = d = new Dependencies(PlaceConfig.fromEnvironment());
        }
      }
    }
    return d;
  }

  PlaceConfig config() {
    return config;
  }

  CanvasGeometry canvas() {
    return new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize());
  }

  /** The size now, including growth by an admin (read from Redis at most once a second). */
  synchronized LiveCanvas liveCanvas() {
    if (liveCanvas == null) {
      liveCanvas = LiveCanvas.of(canvas(), new CanvasSizes(redis()));
    }
    return liveCanvas;
  }

  synchronized TokenService tokens() {
    if (tokens == null) {
      tokens = new TokenService(SecretValues.tokenSecret(config), config.tokenTtl());
    }
    return tokens;
  }

  /** Sign-in: the provider's keys are fetched on the first sign-in, not at a cold start. */
  synchronized SessionIssuer sessionIssuer() {
    if (sessionIssuer == null) {
      PlaceConfig.Identity identity = config.identity();
      sessionIssuer = new SessionIssuer(tokens(), identity.signInConfigured() ? idTokenVerifier(identity) : null,
          identity.guests(), new RedisGuestSessionLimit(redis(), identity.guestSessionsPerIpPerHour()), bans());
    }
    return sessionIssuer;
  }

  /**
   * Built on the first sign-in, not with the session function: reading the provider's discovery
   * document then, a provider that is down fails sign-ins only, never guest sessions.
   */
  private static IdTokenVerifier idTokenVerifier(PlaceConfig.Identity identity) {
    java.util.concurrent.atomic.AtomicReference<IdTokenVerifier> built = new java.util.concurrent.atomic.AtomicReference<>();
    return (idToken, now) -> {
      IdTokenVerifier verifier = built.get();
      if (verifier == null) {
        verifier = OidcIdTokenVerifier.fromConfig(identity);
        built.compareAndSet(null, verifier);
      }
      return built.get().verify(idToken, now);
    };
  }

  synchronized ConnectAuthenticator connectAuthenticator() {
    if (connectAuthenticator == null) {
      connectAuthenticator = new ConnectAuthenticator(tokens(), new RedisConnectTickets(redis()),
          new RedisSessionRevocations(redis(), config.tokenTtl()), bans(), config.identity().ticketTtl());
    }
    return connectAuthenticator;
  }

  ConnectionCloser connectionCloser() {
    return new ManagementApiConnectionCloser(config);
  }

  SignOutNotices signOutNotices() {
    return new RedisSignOutNotices(redis());
  }

  /** Sign-out and bans: revoke the user's sessions, close their sockets on both paths. */
  synchronized SessionTerminator sessionTerminator() {
    if (sessionTerminator == null) {
      sessionTerminator = new SessionTerminator(new RedisSessionRevocations(redis(), config.tokenTtl()),
          userConnections()::takeAll, registry(), connectionCloser(), signOutNotices());
    }
    return sessionTerminator;
  }

  synchronized RedisUserConnections userConnections() {
    if (userConnections == null) {
      userConnections = new RedisUserConnections(redis());
    }
    return userConnections;
  }

  synchronized ConnectionRegistry registry() {
    if (registry == null) {
      registry = new ConnectionRegistry(redis(), config.registryBuckets());
    }
    return registry;
  }

  /** The registry for the message routes, which only read a connection's user: remembered per environment. */
  synchronized RememberedUsers rememberedUsers() {
    if (rememberedUsers == null) {
      rememberedUsers = new RememberedUsers(registry(), REMEMBERED_USERS);
    }
    return rememberedUsers;
  }

  /** The cooldown store; guests claim their longer cooldown through it ({@link GuestCooldowns}). */
  synchronized Cooldowns cooldowns() {
    if (cooldowns == null) {
      cooldowns = GuestCooldowns.around(new RedisCooldowns(redis()), config.cooldown(), config.identity().guestCooldown());
    }
    return cooldowns;
  }

  synchronized PlacementService placement() {
    if (placement == null) {
      placement = PlacementWiring.placementService(config, redis(), cooldowns(), liveCanvas(), events());
    }
    return placement;
  }

  /** The WebSocket protocol: placement is built only when a client first places. */
  synchronized ClientRequests requests() {
    if (requests == null) {
      // Counted in Redis: API Gateway hands one connection's messages to any execution environment.
      MessageLimit messages = config.antiAbuse().limitsConnectionMessages()
          ? new RedisMessageLimit(redis(), config.antiAbuse().connectionMessageLimit(), config.antiAbuse().connectionMessageWindow())
          : MessageLimit.OFF;
      requests = new ClientRequests(config, this::placement, cooldowns(), liveCanvas(), messages,
          PlacementWiring.challengeGate(config, redis()), Clock.systemUTC());
    }
    return requests;
  }

  synchronized KafkaEventPublisher events() {
    if (events == null) {
      events = new KafkaEventPublisher(config);
    }
    return events;
  }

  synchronized HistoryStore history() {
    if (history == null) {
      history = new HistoryStore(cassandra());
    }
    return history;
  }

  /** Bans: asked by sign-in, connect tickets and $connect, written by the ban routes. */
  synchronized Bans bans() {
    if (bans == null) {
      bans = new RedisBans(redis());
    }
    return bans;
  }

  /** The moderation audit log; only the moderator functions open it (and may, in IAM). */
  synchronized AuditLog auditLog() {
    if (auditLog == null) {
      auditLog = new CassandraAuditLog(cassandra());
    }
    return auditLog;
  }

  synchronized BanActions banActions() {
    if (banActions == null) {
      banActions = new BanActions(bans(), auditLog(), sessionTerminator(), () -> java.util.UUID.randomUUID().toString());
    }
    return banActions;
  }

  synchronized AreaActions areaActions() {
    if (areaActions == null) {
      areaActions = new AreaActions(new RedisProtectedAreas(redis()), auditLog(), liveCanvas(),
          () -> java.util.UUID.randomUUID().toString());
    }
    return areaActions;
  }

  /**
   * Rollbacks, reverts and undos (docs/moderation.md): the routes log and queue them
   * ({@link #canvasActions}), the worker function applies them ({@link #canvasActionWorker}); both
   * rebuild the ledger from the audit log.
   */
  synchronized dev.place.shared.moderation.CanvasActions canvasActions() {
    if (canvasActions == null) {
      LiveCanvas canvas = liveCanvas();
      canvasActions = new dev.place.shared.moderation.CanvasActions(canvasActionServices(), canvas, this::currentCanvas,
          canvasActionLog(), syncedLedger(), new dev.place.shared.kafka.KafkaActionQueue(config),
          dev.place.shared.moderation.ActionIds::next);
    }
    return canvasActions;
  }

  synchronized dev.place.shared.moderation.CanvasActionWorker canvasActionWorker() {
    if (canvasActionWorker == null) {
      canvasActionWorker = new dev.place.shared.moderation.CanvasActionWorker(canvasActionServices(), this::currentCanvas,
          canvasActionLog(), syncedLedger(), System::currentTimeMillis);
    }
    return canvasActionWorker;
  }

  private dev.place.shared.moderation.CanvasActions.Services canvasActionServices() {
    LiveCanvas canvas = liveCanvas();
    dev.place.shared.redis.RedisRestoreWriter writer = new dev.place.shared.redis.RedisRestoreWriter(canvasStore(), events(),
        canvas.get().tileSize(), config.produceTimeout(), java.time.Clock.systemUTC());
    return (ledger, current) -> new dev.place.shared.moderation.ModerationService(canvas.get(), ledger, placementHistory(),
        current, writer, RESTORES_PER_BATCH);
  }

  private synchronized dev.place.shared.redis.RedisCanvasStore canvasStore() {
    if (moderationCanvasStore == null) {
      moderationCanvasStore = new dev.place.shared.redis.RedisCanvasStore(redis(), liveCanvas().get());
    }
    return moderationCanvasStore;
  }

  private dev.place.shared.moderation.RestorePlan.CurrentCanvas currentCanvas() {
    return new dev.place.shared.redis.RedisCurrentCanvas(canvasStore(), liveCanvas().get());
  }

  private synchronized dev.place.shared.history.HistoryPlacementSource placementHistory() {
    if (placementHistory == null) {
      placementHistory = new dev.place.shared.history.HistoryPlacementSource(cassandra(), liveCanvas(),
          new dev.place.shared.redis.RedisTileSequences(redis()), HISTORY_WAIT_MILLIS);
    }
    return placementHistory;
  }

  private synchronized dev.place.shared.moderation.CanvasActionLog canvasActionLog() {
    if (canvasActionLog == null) {
      canvasActionLog = new dev.place.shared.moderation.CanvasActionLog(auditLog());
    }
    return canvasActionLog;
  }

  private synchronized dev.place.shared.moderation.SyncedLedger syncedLedger() {
    if (syncedLedger == null) {
      syncedLedger = new dev.place.shared.moderation.SyncedLedger(canvasActionLog(), placementHistory());
    }
    return syncedLedger;
  }

  /** Restores per atomic tile write: ordinary placements on the tile wait at most one such script. */
  static final int RESTORES_PER_BATCH = 500;
  /** How long an action waits for the history writer to catch up before it fails. */
  static final long HISTORY_WAIT_MILLIS = 60_000;

  private CqlSession cassandra() {
    if (cassandra == null) {
      cassandra = CassandraSessions.open(config);
    }
    return cassandra;
  }

  private RedisConnector redis() {
    if (redis == null) {
      redis = new RedisConnector(config);
    }
    return redis;
  }
}
