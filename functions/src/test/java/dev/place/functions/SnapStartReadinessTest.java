package dev.place.functions;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.place.functions.history.CanvasAtHandler;
import dev.place.functions.history.PixelHistoryHandler;
import dev.place.functions.history.TimelapseHandler;
import dev.place.functions.history.UserPlacementsHandler;
import dev.place.functions.rest.CanvasInfoHandler;
import dev.place.functions.rest.CanvasRedirectHandler;
import dev.place.functions.rest.HealthHandler;
import dev.place.functions.timelapse.TimelapseWorkerHandler;
import dev.place.shared.config.Environment;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lambda builds a handler in the init phase, which SnapStart snapshots once and restores into every
 * new execution environment: a connection opened there is dead after restore. So building a handler
 * must open none. Here every store is unreachable (port 1 refuses at once), so a handler that
 * connected while being built would throw.
 */
class SnapStartReadinessTest {

  @BeforeEach
  void unreachableStores() {
    Environment.install(Map.of(
        "PLACE_REDIS_URI", "redis://127.0.0.1:1",
        "PLACE_KAFKA_BOOTSTRAP", "127.0.0.1:1",
        "PLACE_CASSANDRA_CONTACT_POINTS", "127.0.0.1:1"));
  }

  @AfterEach
  void restore() {
    Environment.install(Map.of());
  }

  @Test
  void everyHandlerIsBuiltWithoutOpeningAConnection() {
    List<Supplier<Object>> handlers = List.of(
        ConnectHandler::new, DisconnectHandler::new, PlaceHandler::new, DefaultHandler::new, SessionHandler::new,
        HistoryWriterHandler::new, CanvasRedirectHandler::new, CanvasInfoHandler::new, HealthHandler::new,
        PixelHistoryHandler::new, UserPlacementsHandler::new, CanvasAtHandler::new, TimelapseHandler::new,
        TimelapseWorkerHandler::new, SignOutHandler::new, ConnectTicketHandler::new, BansHandler::new,
        ProtectedAreasHandler::new, AuditLogHandler::new);
    for (Supplier<Object> handler : handlers) {
      assertThatCode(handler::get).doesNotThrowAnyException();
    }
  }
}
