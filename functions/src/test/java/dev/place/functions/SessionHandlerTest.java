package dev.place.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SessionHandlerTest {

  @Test
  void issuesAGuestTokenThatConnectAccepts() throws InvalidTokenException {
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC);
    TokenService tokens = new TokenService("test-secret-0123456789", Duration.ofHours(1));

    APIGatewayV2HTTPResponse response = new SessionHandler(tokens, clock)
        .handleRequest(SampleEvents.load("http-session.json", APIGatewayV2HTTPEvent.class), null);

    assertThat(response.getStatusCode()).isEqualTo(201);
    assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
    Matcher m = Pattern.compile("\"userId\":\"([^\"]+)\",\"token\":\"([^\"]+)\"").matcher(response.getBody());
    assertThat(m.find()).isTrue();
    assertThat(tokens.verify(m.group(2), clock.instant())).isEqualTo(m.group(1));
  }

  @Test
  void expiresAtHasMillisecondsAndIsWhenTheTokenStopsWorking() {
    Instant issued = Instant.parse("2026-11-28T08:00:25.079175645Z");
    TokenService tokens = new TokenService("test-secret-0123456789", Duration.ofHours(1));

    String body = new SessionHandler(tokens, Clock.fixed(issued, ZoneOffset.UTC))
        .handleRequest(SampleEvents.load("http-session.json", APIGatewayV2HTTPEvent.class), null).getBody();

    Matcher m = Pattern.compile("\"token\":\"([^\"]+)\",\"expiresAt\":\"([^\"]+)\"").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    assertThat(m.group(2)).isEqualTo("2026-11-28T09:00:25.000Z");
    Instant expiresAt = Instant.parse(m.group(2));
    assertThatCode(() -> tokens.verify(m.group(1), expiresAt.minusMillis(1))).doesNotThrowAnyException();
    assertThatThrownBy(() -> tokens.verify(m.group(1), expiresAt)).hasMessageContaining("expired");
  }
}
