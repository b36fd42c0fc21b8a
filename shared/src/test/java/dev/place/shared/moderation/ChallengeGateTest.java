package dev.place.shared.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChallengeGateTest {

  private static final long NOW = 1_764_000_000_000L;
  private final InMemoryChallengeCounters counters = new InMemoryChallengeCounters();
  private final ProofOfWorkChallenge pow = new ProofOfWorkChallenge(new byte[32], 4, 60_000);
  private final ChallengeGate gate = new ChallengeGate(pow, counters, 3, 60_000);

  @Test
  void afterEveryNPlacementsTheNextWaitsForAChallengeThatASolvedAnswerOpensOnce() {
    for (int i = 0; i < 3; i++) {
      assertThat(gate.demand("u-a", null, null, NOW)).as("placement %d", i).isNull();
      gate.placed("u-a");
    }
    ChallengeGate.Demand demand = gate.demand("u-a", null, null, NOW);
    assertThat(demand).isNotNull();
    assertThat(demand.message()).contains("3 pixels");
    assertThat(gate.demand("u-b", null, null, NOW)).as("other users are not asked").isNull();

    String answer = ProofOfWorkChallenge.solve(demand.challenge());
    assertThat(gate.demand("u-a", demand.challenge(), answer, NOW + 1)).as("solved").isNull();
    gate.placed("u-a");
    assertThat(counters.placementsSincePassed("u-a")).as("the count started again").isEqualTo(1);

    ChallengeGate.Demand reused = gate.demand("u-a", demand.challenge(), answer, NOW + 2);
    assertThat(reused).as("an answer opens the gate once").isNotNull();
    assertThat(reused.message()).contains("was used");
  }

  @Test
  void aWrongExpiredOrOtherUsersAnswerIsRefusedWithAFreshChallengeAndResetsNothing() {
    for (int i = 0; i < 3; i++) {
      gate.placed("u-a");
    }
    String challenge = gate.demand("u-a", null, null, NOW).challenge();
    String answer = ProofOfWorkChallenge.solve(challenge);

    assertThat(gate.demand("u-a", challenge, answer + "x", NOW)).isNotNull();
    assertThat(gate.demand("u-a", challenge, answer, NOW + 60_001)).as("expired").isNotNull();
    assertThat(gate.demand("u-b", challenge, answer, NOW)).as("issued to someone else").isNotNull();
    assertThat(gate.demand("u-a", challenge, null, NOW).challenge()).isNotEqualTo(challenge);
    assertThat(counters.placementsSincePassed("u-a")).isEqualTo(3);
  }
}
