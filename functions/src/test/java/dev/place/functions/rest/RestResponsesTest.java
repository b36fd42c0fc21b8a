package dev.place.functions.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RestResponsesTest {

  @Test
  void errorsAreJsonWithCodeAndMessageEvenForAwkwardText() throws Exception {
    APIGatewayV2HTTPResponse r = RestResponses.error(503, "UNAVAILABLE", "redis said \"no\"\n\\ bye");

    assertThat(r.getStatusCode()).isEqualTo(503);
    var body = new ObjectMapper().readTree(r.getBody());
    assertThat(body.get("code").asText()).isEqualTo("UNAVAILABLE");
    assertThat(body.get("message").asText()).isEqualTo("redis said \"no\"\n\\ bye");
  }
}
