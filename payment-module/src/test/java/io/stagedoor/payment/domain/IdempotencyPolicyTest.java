package io.stagedoor.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decision table of IdempotencyPolicy, row by row. */
class IdempotencyPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-24T10:00:00Z");
    private static final RequestFingerprint THIS_REQUEST = new RequestFingerprint("a".repeat(64));
    private static final RequestFingerprint OTHER_REQUEST = new RequestFingerprint("b".repeat(64));
    private static final PaymentOutcome PAID = new PaymentOutcome.Paid(Payment.completed(17, 91, 42, 130_000, NOW), 70_000);

    private final IdempotencyPolicy policy = new IdempotencyPolicy(Duration.ofSeconds(60));

    @Test
    void sameRequestWhoseFirstCompletedIsReplayed() {
        IdempotencyRecord stored = IdempotencyRecord.completed(THIS_REQUEST, 1, NOW.minusSeconds(5), PAID);
        assertThat(policy.decide(stored, THIS_REQUEST, NOW)).isEqualTo(IdempotencyDecision.REPLAY);
    }

    @Test
    void storedRefusalIsReplayedToo() {
        var refused = new PaymentOutcome.Refused(409, "INSUFFICIENT_BALANCE", "Insufficient balance", "too little", Map.of());
        IdempotencyRecord stored = IdempotencyRecord.completed(THIS_REQUEST, 1, NOW.minusSeconds(5), refused);
        assertThat(policy.decide(stored, THIS_REQUEST, NOW)).isEqualTo(IdempotencyDecision.REPLAY);
    }

    @Test
    void differentRequestUnderTheSameKeyIsRefusedWhateverTheState() {
        assertThat(policy.decide(IdempotencyRecord.completed(THIS_REQUEST, 1, NOW, PAID), OTHER_REQUEST, NOW))
                .isEqualTo(IdempotencyDecision.REFUSE_KEY_REUSED);
        assertThat(policy.decide(IdempotencyRecord.inProgress(THIS_REQUEST, 1, NOW), OTHER_REQUEST, NOW))
                .isEqualTo(IdempotencyDecision.REFUSE_KEY_REUSED);
        assertThat(policy.decide(IdempotencyRecord.inProgress(THIS_REQUEST, 1, NOW.minusSeconds(3600)), OTHER_REQUEST, NOW))
                .isEqualTo(IdempotencyDecision.REFUSE_KEY_REUSED);
    }

    @Test
    void sameRequestStillRunningIsWaitedFor() {
        IdempotencyRecord running = IdempotencyRecord.inProgress(THIS_REQUEST, 1, NOW.minusSeconds(59));
        assertThat(policy.decide(running, THIS_REQUEST, NOW)).isEqualTo(IdempotencyDecision.WAIT);
    }

    @Test
    void claimOlderThanTheClaimTimeoutIsTakenOver() {
        assertThat(policy.decide(IdempotencyRecord.inProgress(THIS_REQUEST, 1, NOW.minusSeconds(60)), THIS_REQUEST, NOW))
                .isEqualTo(IdempotencyDecision.TAKE_OVER);
        assertThat(policy.decide(IdempotencyRecord.inProgress(THIS_REQUEST, 3, NOW.minusSeconds(61)), THIS_REQUEST, NOW))
                .isEqualTo(IdempotencyDecision.TAKE_OVER);
    }

    @Test
    void definitiveRefusalsAreStoredButBadInputAndServerFailuresAreNot() {
        assertThat(policy.storesRefusal(403)).isTrue();
        assertThat(policy.storesRefusal(404)).as("made-up reservations leave no row").isFalse();
        assertThat(policy.storesRefusal(409)).isTrue();
        assertThat(policy.storesRefusal(422)).isTrue();
        assertThat(policy.storesRefusal(400)).isFalse();
        assertThat(policy.storesRefusal(401)).isFalse();
        assertThat(policy.storesRefusal(429)).isFalse();
        assertThat(policy.storesRefusal(500)).isFalse();
        assertThat(policy.storesRefusal(503)).isFalse();
    }

    @Test
    void claimTimeoutMustBePositive() {
        assertThatThrownBy(() -> new IdempotencyPolicy(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCompletedRecordCarriesItsOutcomeAndARunningOneNone() {
        assertThatThrownBy(() -> new IdempotencyRecord(THIS_REQUEST, IdempotencyState.COMPLETED, 1, NOW, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdempotencyRecord(THIS_REQUEST, IdempotencyState.IN_PROGRESS, 1, NOW, PAID))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
