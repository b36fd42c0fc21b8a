package dev.place.infra;

import java.util.List;

/**
 * The routing table of both APIs: adding a Lambda-backed route is one line here. Every function
 * gets the same code asset, VPC, configuration, SnapStart alias, JSON logs and throttle alarm;
 * {@link Access} adds the IAM it needs.
 */
public final class Routes {

  private Routes() {}

  static final String PKG = "dev.place.functions.";

  /** The place route is the only one whose concurrency is reserved (see docs/deploy.md, sizing). */
  public static final String PLACE_ROUTE = "place";

  /** WebSocket routes (route selection on {@code $request.body.action}). */
  public record WebSocketRoute(String routeKey, FunctionSpec function, boolean twoWay) {}

  /** HTTP API routes, payload format 2.0. */
  public record HttpRoute(String method, String path, FunctionSpec function) {}

  public static final List<WebSocketRoute> WEBSOCKET = List.of(
      new WebSocketRoute("$connect", FunctionSpec.of("Connect", PKG + "ConnectHandler"), false),
      new WebSocketRoute("$disconnect", FunctionSpec.of("Disconnect", PKG + "DisconnectHandler"), false),
      new WebSocketRoute(PLACE_ROUTE, FunctionSpec.of("Place", PKG + "PlaceHandler", Access.EVENTS_PRODUCE).withMemory(1769), true),
      new WebSocketRoute("$default", FunctionSpec.of("DefaultRoute", PKG + "DefaultHandler"), true));

  /**
   * Routes naming the same FunctionSpec share one function (timelapse: start, then poll). It is the
   * dispatcher: finished results and job statuses are in S3, jobs run in {@link #TIMELAPSE_WORKER}
   * or, when large, as a {@link TimelapseTasks} task (PlaceStack adds the wiring).
   */
  static final FunctionSpec TIMELAPSE = FunctionSpec.of("Timelapse", PKG + "history.TimelapseHandler",
      Access.TIMELAPSE_DISPATCH);

  /** Sign-out also closes the user's open WebSocket connections. */
  static final FunctionSpec SIGN_OUT = FunctionSpec.of("SignOut", PKG + "SignOutHandler", Access.CLOSE_CONNECTIONS);

  /**
   * The moderator routes (docs/moderation.md): one function per resource. Bans end the user's
   * sessions like a sign-out; both write the audit log, which only the audit route reads.
   */
  static final FunctionSpec MOD_BANS = FunctionSpec.of("ModBans", PKG + "BansHandler", Access.AUDIT_WRITE, Access.CLOSE_CONNECTIONS);
  static final FunctionSpec MOD_AREAS = FunctionSpec.of("ModProtectedAreas", PKG + "ProtectedAreasHandler", Access.AUDIT_WRITE);
  static final FunctionSpec MOD_AUDIT = FunctionSpec.of("ModAudit", PKG + "AuditLogHandler", Access.AUDIT_READ);
  /**
   * Rollbacks, reverts, undo and previews: logs an action and queues it ({@link #MOD_APPLY} applies
   * it); previews read history and the canvas and write nothing.
   */
  static final FunctionSpec MOD_CANVAS = FunctionSpec.of("ModCanvas", PKG + "CanvasModerationHandler", Access.AUDIT_WRITE,
      Access.HISTORY_READ, Access.MODERATION_QUEUE).withMemory(2048);

  public static final List<HttpRoute> HTTP = List.of(
      new HttpRoute("POST", "/api/v1/session", FunctionSpec.of("Session", PKG + "SessionHandler")),
      new HttpRoute("DELETE", "/api/v1/session", SIGN_OUT),
      new HttpRoute("POST", "/api/v1/connect-ticket", FunctionSpec.of("ConnectTicket", PKG + "ConnectTicketHandler")),
      new HttpRoute("GET", "/api/v1/canvas", FunctionSpec.of("CanvasRedirect", PKG + "rest.CanvasRedirectHandler")),
      new HttpRoute("GET", "/api/v1/canvas/info", FunctionSpec.of("CanvasInfo", PKG + "rest.CanvasInfoHandler")),
      new HttpRoute("GET", "/api/v1/health", FunctionSpec.of("Health", PKG + "rest.HealthHandler", Access.EVENTS_PRODUCE, Access.HISTORY_READ,
          Access.HISTORY_WRITER_LAG)),
      new HttpRoute("GET", "/api/v1/pixel", FunctionSpec.of("PixelHistory", PKG + "history.PixelHistoryHandler", Access.HISTORY_READ)),
      new HttpRoute("GET", "/api/v1/user/{userId}/placements", FunctionSpec.of("UserPlacements", PKG + "history.UserPlacementsHandler", Access.HISTORY_READ)),
      new HttpRoute("GET", "/api/v1/history/canvas.png", FunctionSpec.of("CanvasAt", PKG + "history.CanvasAtHandler", Access.HISTORY_READ).withMemory(2048)),
      new HttpRoute("POST", "/api/v1/timelapse", TIMELAPSE),
      new HttpRoute("GET", "/api/v1/timelapse/{id}", TIMELAPSE),
      new HttpRoute("POST", "/api/v1/mod/bans", MOD_BANS),
      new HttpRoute("GET", "/api/v1/mod/bans/{userId}", MOD_BANS),
      new HttpRoute("DELETE", "/api/v1/mod/bans/{userId}", MOD_BANS),
      new HttpRoute("POST", "/api/v1/mod/protected-areas", MOD_AREAS),
      new HttpRoute("GET", "/api/v1/mod/protected-areas", MOD_AREAS),
      new HttpRoute("DELETE", "/api/v1/mod/protected-areas/{id}", MOD_AREAS),
      new HttpRoute("GET", "/api/v1/mod/audit", MOD_AUDIT),
      new HttpRoute("POST", "/api/v1/mod/previews", MOD_CANVAS),
      new HttpRoute("POST", "/api/v1/mod/rollbacks", MOD_CANVAS),
      new HttpRoute("POST", "/api/v1/mod/reverts", MOD_CANVAS),
      new HttpRoute("POST", "/api/v1/mod/actions/{id}/undo", MOD_CANVAS),
      new HttpRoute("GET", "/api/v1/mod/actions/{id}", MOD_CANVAS),
      new HttpRoute("GET", "/api/v1/mod/actions", MOD_CANVAS));

  /** The timelapse worker, invoked asynchronously by the dispatcher with the job as the event. */
  public static final FunctionSpec TIMELAPSE_WORKER = FunctionSpec.of("TimelapseWorker",
      PKG + "timelapse.TimelapseWorkerHandler", Access.HISTORY_READ, Access.TIMELAPSE_RENDER).withMemory(3008);

  /**
   * The moderation worker, fed by the MSK event source mapping of the moderation topic: applies one
   * action at a time (one partition), restores go out as pixel events, statuses to the audit log.
   */
  public static final FunctionSpec MOD_APPLY = FunctionSpec.of("ModApply", PKG + "CanvasActionApplyHandler", Access.AUDIT_WRITE,
      Access.HISTORY_READ, Access.EVENTS_PRODUCE).withMemory(3008);

  /** The history writer, fed by the MSK event source mapping rather than a route. */
  public static final FunctionSpec HISTORY_WRITER =
      FunctionSpec.of("HistoryWriter", PKG + "HistoryWriterHandler", Access.HISTORY_WRITE);
}
