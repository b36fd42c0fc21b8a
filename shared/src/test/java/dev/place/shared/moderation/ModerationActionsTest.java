package dev.place.shared.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.auth.Role;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.SessionRevocations;
import dev.place.shared.auth.SessionTerminator;
import dev.place.shared.auth.SignOutNotices;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ModerationActionsTest {

  private static final long NOW = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
  private static final long HOUR = 3_600_000;

  private final InMemoryBans bans = new InMemoryBans();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final InMemoryProtectedAreas areas = new InMemoryProtectedAreas();
  private final Map<String, Long> revoked = new HashMap<>();
  private final Map<String, List<String>> connections = new HashMap<>(Map.of("u-mallory", List.of("c1")));
  private final List<String> announced = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  private final SessionRevocations revocations = new SessionRevocations() {
    @Override
    public void revokeAll(String userId, long atMillis) {
      revoked.put(userId, atMillis);
    }

    @Override
    public long revokedBefore(String userId) {
      return revoked.getOrDefault(userId, 0L);
    }
  };
  private final ConnectionDirectory registry = new ConnectionDirectory() {
    @Override
    public void register(String connectionId, String userId) {}

    @Override
    public boolean unregister(String connectionId) {
      return true;
    }

    @Override
    public String userOf(String connectionId) {
      return null;
    }

    @Override
    public void setEncoding(String connectionId, Encoding encoding) {}

    @Override
    public void subscribe(String connectionId, Subscription subscription) {}
  };
  private final SignOutNotices notices = new SignOutNotices() {
    @Override
    public void announce(String userId) {
      announced.add(userId);
    }

    @Override
    public AutoCloseable listen(Consumer<String> signedOut) {
      return () -> {};
    }
  };
  private final SessionTerminator terminator = new SessionTerminator(revocations,
      user -> connections.getOrDefault(user, List.of()), registry, id -> true, notices);
  private final BanActions banning = new BanActions(bans, audit, terminator, () -> "action-" + ids.incrementAndGet());
  private final AreaActions protecting = new AreaActions(areas, audit, () -> new CanvasGeometry(2000, 2000, 256),
      () -> "action-" + ids.incrementAndGet());

  private static SessionClaims session(String user, Role role) {
    return new SessionClaims(user, role, NOW - 60_000, Instant.ofEpochMilli(NOW + HOUR));
  }

  private final SessionClaims moderator = session("u-mod", Role.MODERATOR);
  private final SessionClaims admin = session("u-admin", Role.ADMIN);

  @Test
  void aBanIsLoggedThenStoredThenEndsEverySessionOfTheUser() throws Exception {
    BanActions.Banned banned = banning.ban(moderator, "u-mallory", " botting ", NOW + HOUR, NOW);

    assertThat(banned.ban()).isEqualTo(new Ban("u-mallory", NOW, NOW + HOUR, "botting", "u-mod"));
    assertThat(banned.previous()).isNull();
    assertThat(banned.connectionsClosed()).isEqualTo(1);
    assertThat(bans.inForce("u-mallory", NOW + 1)).isEqualTo(banned.ban());
    assertThat(revoked).containsEntry("u-mallory", NOW);
    assertThat(announced).containsExactly("u-mallory");
    assertThat(audit.entries).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(banned.auditId());
      assertThat(e.moderator()).isEqualTo("u-mod");
      assertThat(e.moderatorRole()).isEqualTo("moderator");
      assertThat(e.action()).isEqualTo("ban");
      assertThat(e.target()).isEqualTo("u-mallory");
      assertThat(e.reason()).isEqualTo("botting");
      assertThat(e.parameters()).isEqualTo("{\"expiresAt\":\"2026-12-01T11:00:00.000Z\"}");
      assertThat(e.changes()).isEqualTo("{\"replaced\":null,\"sessionsRevoked\":true}");
      assertThat(e.pixelsChanged()).isZero();
    });
  }

  @Test
  void banningAgainReplacesTheBanAndTheLogSaysWhatWasReplaced() throws Exception {
    banning.ban(moderator, "u-mallory", "spam", NOW + HOUR, NOW);
    BanActions.Banned longer = banning.ban(moderator, "u-mallory", "spam again", NOW + 24 * HOUR, NOW + 1);

    assertThat(longer.previous().reason()).isEqualTo("spam");
    assertThat(bans.inForce("u-mallory", NOW + 2 * HOUR).reason()).isEqualTo("spam again");
    assertThat(audit.entries.get(1).changes()).contains("\"replaced\":{\"userId\":\"u-mallory\",\"reason\":\"spam\"");
  }

  @Test
  void aBanNeedsAReasonAFutureEndAUserIdAndSomeoneElseAndARefusedOneChangesAndLogsNothing() {
    assertThatThrownBy(() -> banning.ban(moderator, "u-mallory", "  ", NOW + HOUR, NOW)).hasMessageContaining("reason");
    assertThatThrownBy(() -> banning.ban(moderator, "u-mallory", "x".repeat(501), NOW + HOUR, NOW)).hasMessageContaining("500");
    assertThatThrownBy(() -> banning.ban(moderator, "u-mallory", "spam", NOW, NOW)).hasMessageContaining("future");
    assertThatThrownBy(() -> banning.ban(moderator, "a|b", "spam", NOW + HOUR, NOW)).hasMessageContaining("userId");
    assertThatThrownBy(() -> banning.ban(moderator, "", "spam", NOW + HOUR, NOW)).hasMessageContaining("userId");
    assertThatThrownBy(() -> banning.ban(moderator, "u-mod", "spam", NOW + HOUR, NOW))
        .isInstanceOfSatisfying(ModerationException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("BAD_REQUEST");
          assertThat(e.getMessage()).contains("yourself");
        });
    assertThat(bans.inForce("u-mallory", NOW)).isNull();
    assertThat(revoked).isEmpty();
    assertThat(audit.entries).isEmpty();
  }

  @Test
  void onlyAnAdminBansWithoutAnExpiryAndOnlyAnAdminLiftsOrChangesSuchABan() throws Exception {
    assertThatThrownBy(() -> banning.ban(moderator, "u-mallory", "raid", 0, NOW))
        .isInstanceOfSatisfying(ModerationException.class, e -> assertThat(e.status()).isEqualTo(403));
    banning.ban(admin, "u-mallory", "raid", 0, NOW);
    assertThat(bans.inForce("u-mallory", Long.MAX_VALUE - 1)).isNotNull();

    assertThatThrownBy(() -> banning.unban(moderator, "u-mallory", "", NOW + 1)).hasMessageContaining("only an admin");
    assertThatThrownBy(() -> banning.ban(moderator, "u-mallory", "shorter", NOW + HOUR, NOW + 1))
        .hasMessageContaining("only an admin");
    assertThat(audit.entries).hasSize(1);
    assertThat(banning.unban(admin, "u-mallory", "appeal granted", NOW + 2).reason()).isEqualTo("raid");
  }

  @Test
  void anotherModeratorMayLiftAModeratorsBanAndTheUnbanLiftsOnlyTheRefusal() throws Exception {
    banning.ban(moderator, "u-mallory", "spam", NOW + HOUR, NOW);
    SessionClaims nextShift = session("u-mod2", Role.MODERATOR);

    Ban lifted = banning.unban(nextShift, "u-mallory", "mistaken identity", NOW + 5);

    assertThat(lifted.moderator()).isEqualTo("u-mod");
    assertThat(bans.inForce("u-mallory", NOW + 6)).isNull();
    assertThat(revoked).as("the sessions the ban ended stay ended").containsEntry("u-mallory", NOW);
    assertThat(audit.entries.get(1)).satisfies(e -> {
      assertThat(e.action()).isEqualTo("unban");
      assertThat(e.moderator()).isEqualTo("u-mod2");
      assertThat(e.reason()).isEqualTo("mistaken identity");
      assertThat(e.changes()).startsWith("{\"lifted\":{\"userId\":\"u-mallory\"");
    });
    assertThatThrownBy(() -> banning.unban(nextShift, "u-mallory", "", NOW + 7))
        .isInstanceOfSatisfying(ModerationException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
    assertThat(audit.entries).hasSize(2);
  }

  @Test
  void anExpiredBanIsNoBan() throws Exception {
    banning.ban(moderator, "u-mallory", "spam", NOW + HOUR, NOW);
    assertThat(banning.lookup(moderator, "u-mallory", NOW + HOUR - 1).reason()).isEqualTo("spam");
    assertThatThrownBy(() -> banning.lookup(moderator, "u-mallory", NOW + HOUR)).hasMessageContaining("not banned");
    assertThatThrownBy(() -> banning.unban(moderator, "u-mallory", "", NOW + HOUR)).hasMessageContaining("not banned");
  }

  @Test
  void usersAndGuestsMayNotModerate() {
    for (SessionClaims s : List.of(session("u-bob", Role.USER), session("guest-abc", Role.GUEST))) {
      assertThatThrownBy(() -> banning.ban(s, "u-mallory", "spam", NOW + HOUR, NOW))
          .isInstanceOfSatisfying(ModerationException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("FORBIDDEN");
          });
      assertThatThrownBy(() -> banning.lookup(s, "u-mallory", NOW)).hasMessageContaining("moderator or admin");
      assertThatThrownBy(() -> protecting.protect(s, 0, 0, 1, 1, "logo", NOW)).hasMessageContaining("moderator or admin");
      assertThatThrownBy(() -> protecting.list(s)).hasMessageContaining("moderator or admin");
    }
    assertThat(audit.entries).isEmpty();
  }

  @Test
  void whenTheAuditLogCannotBeWrittenNothingIsApplied() {
    audit.failing = true;
    assertThatThrownBy(() -> banning.ban(moderator, "u-mallory", "spam", NOW + HOUR, NOW)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> protecting.protect(moderator, 0, 0, 10, 10, "logo", NOW)).isInstanceOf(IllegalStateException.class);
    assertThat(bans.inForce("u-mallory", NOW)).isNull();
    assertThat(revoked).isEmpty();
    assertThat(areas.all()).isEmpty();
  }

  @Test
  void protectingAnAreaStoresAndLogsItAndUnprotectingRemovesIt() throws Exception {
    ProtectedAreas.Area area = protecting.protect(moderator, 100, 200, 50, 20, "memorial", NOW);

    assertThat(area.id()).matches("area-[a-z2-9]{10}");
    assertThat(area.region()).isEqualTo(new dev.place.shared.timelapse.Region(100, 200, 50, 20));
    assertThat(areas.all()).containsExactly(area);
    assertThat(audit.entries).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo("protect");
      assertThat(e.target()).isEqualTo(area.id());
      assertThat(e.parameters()).isEqualTo("{\"x\":100,\"y\":200,\"w\":50,\"h\":20}");
      assertThat(e.reason()).isEqualTo("memorial");
    });

    assertThat(protecting.unprotect(session("u-mod2", Role.MODERATOR), area.id(), "", NOW + 1)).isEqualTo(area);
    assertThat(areas.all()).isEmpty();
    assertThat(audit.entries.get(1).action()).isEqualTo("unprotect");
    assertThatThrownBy(() -> protecting.unprotect(moderator, area.id(), "", NOW + 2))
        .isInstanceOfSatisfying(ModerationException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void anAreaMustLieOnTheCanvasAndHaveAReason() {
    assertThatThrownBy(() -> protecting.protect(moderator, 1990, 0, 20, 10, "logo", NOW)).hasMessageContaining("canvas");
    assertThatThrownBy(() -> protecting.protect(moderator, -1, 0, 2, 2, "logo", NOW)).hasMessageContaining("x, y >= 0");
    assertThatThrownBy(() -> protecting.protect(moderator, 0, 0, 0, 2, "logo", NOW)).hasMessageContaining("w, h >= 1");
    assertThatThrownBy(() -> protecting.protect(moderator, 0, 0, 2, 2, "", NOW)).hasMessageContaining("reason");
    assertThat(areas.all()).isEmpty();
    assertThat(audit.entries).isEmpty();
  }

  @Test
  void atMostAThousandAreasAreProtectedAtOnce() throws Exception {
    for (int i = 0; i < ProtectedAreaStore.MAX_AREAS; i++) {
      areas.add(new ProtectedAreas.Area("a" + i, new dev.place.shared.timelapse.Region(i, 0, 1, 1), "r"));
    }
    assertThatThrownBy(() -> protecting.protect(moderator, 0, 5, 1, 1, "one more", NOW))
        .isInstanceOfSatisfying(ModerationException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.code()).isEqualTo("TOO_MANY_AREAS");
        });
    assertThat(audit.entries).isEmpty();
  }
}
