package dev.place.functions.rest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.snapshot.SnapshotPaths;

/**
 * {@code GET /api/v1/canvas}: 302 to the latest snapshot index on the CDN. The canvas itself is
 * never served through the API: the index names immutable tile objects the CDN caches for ever.
 */
public final class CanvasRedirectHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final String indexUrl;

  public CanvasRedirectHandler() {
    this(RestDependencies.get().config());
  }

  CanvasRedirectHandler(PlaceConfig config) {
    this.indexUrl = indexUrl(config);
  }

  static String indexUrl(PlaceConfig config) {
    String base = config.snapshotBaseUrl();
    return (base.endsWith("/") ? base : base + "/") + SnapshotPaths.INDEX;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    // The target never changes, so the redirect may be cached as long as the index itself.
    return RestResponses.redirect(indexUrl, "public, max-age=1");
  }
}
