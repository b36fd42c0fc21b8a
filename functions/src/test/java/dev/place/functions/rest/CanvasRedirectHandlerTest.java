package dev.place.functions.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.config.PlaceConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanvasRedirectHandlerTest {

  @Test
  void redirectsToTheLatestIndexOnTheCdn() {
    PlaceConfig config = PlaceConfig.from(Map.of("PLACE_SNAPSHOT_BASE_URL", "https://d111.cloudfront.net/snapshots")::get);

    APIGatewayV2HTTPResponse response = new CanvasRedirectHandler(config).handleRequest(RestSampleEvents.load("http-canvas.json"), null);

    assertThat(response.getStatusCode()).isEqualTo(302);
    assertThat(response.getHeaders()).containsEntry("location", "https://d111.cloudfront.net/snapshots/latest.json");
  }

  @Test
  void aTrailingSlashInTheBaseUrlGivesNoDoubleSlash() {
    PlaceConfig config = PlaceConfig.from(Map.of("PLACE_SNAPSHOT_BASE_URL", "https://cdn.example/s/")::get);

    assertThat(CanvasRedirectHandler.indexUrl(config)).isEqualTo("https://cdn.example/s/latest.json");
  }
}
