package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.moderation.AuditEntry;
import dev.place.shared.moderation.AuditLog;
import dev.place.shared.moderation.ModerationException;
import dev.place.shared.moderation.ModerationJson;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/mod/audit?limit=N} (1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}):
 * the moderation audit log, newest first, moderators and admins only (docs/moderation.md, Audit log).
 */
public final class AuditLogHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final ModeratorAccess access;
  private final Supplier<AuditLog> audit;

  public AuditLogHandler() {
    this(new ModeratorAccess(Dependencies.get().connectAuthenticator(), Clock.systemUTC()), Dependencies.get()::auditLog);
  }

  /** @param audit opened at the first request (Cassandra) */
  AuditLogHandler(ModeratorAccess access, Supplier<AuditLog> audit) {
    this.access = access;
    this.audit = audit;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    // The access check reads Redis (revocations, bans) too: inside run, so a failure is a clear 503.
    return ModerationAnswers.run(() -> {
      ModeratorAccess.Decision decision = access.check(event);
      if (decision.refusal() != null) {
        return decision.refusal();
      }
      int limit = limit(event.getQueryStringParameters());
      StringBuilder json = new StringBuilder("{\"entries\":[");
      boolean first = true;
      for (AuditEntry entry : audit.get().newest(limit)) {
        json.append(first ? "" : ",").append(ModerationJson.entry(entry));
        first = false;
      }
      return HttpAnswers.json(200, json.append("]}").toString());
    });
  }

  private static int limit(Map<String, String> query) throws ModerationException {
    String text = query == null ? null : query.get("limit");
    if (text == null || text.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw ModerationException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + text + "'");
  }
}
