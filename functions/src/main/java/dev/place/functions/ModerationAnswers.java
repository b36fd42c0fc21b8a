package dev.place.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.moderation.ModerationException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the moderator routes share: the request's method and path parameters, and errors as answers. */
final class ModerationAnswers {

  private static final Logger LOG = LoggerFactory.getLogger(ModerationAnswers.class);

  /** A route's work, which may refuse ({@link ModerationException}) or fail (a store unreachable). */
  @FunctionalInterface
  interface Work {
    APIGatewayV2HTTPResponse run() throws ModerationException;
  }

  private ModerationAnswers() {}

  /**
   * The answer of the work: a refusal is its documented error; a failure is 503, because the audit
   * entry is written before the change: the action may stand in the log without having been applied,
   * and the moderator should look and retry.
   */
  static APIGatewayV2HTTPResponse run(Work work) {
    try {
      return work.run();
    } catch (ModerationException e) {
      return HttpAnswers.error(e.status(), e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("moderation request failed", e);
      return HttpAnswers.error(503, "UNAVAILABLE", "a store could not be reached; the action may be in the audit log "
          + "without having been applied: check GET /api/v1/mod/audit and retry");
    }
  }

  static String method(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
    return context == null || context.getHttp() == null || context.getHttp().getMethod() == null ? "" : context.getHttp().getMethod();
  }

  static String pathParameter(APIGatewayV2HTTPEvent event, String name) throws ModerationException {
    Map<String, String> parameters = event.getPathParameters();
    String value = parameters == null ? null : parameters.get(name);
    if (value == null || value.isEmpty()) {
      throw ModerationException.badRequest("the path names no " + name);
    }
    return value;
  }
}
