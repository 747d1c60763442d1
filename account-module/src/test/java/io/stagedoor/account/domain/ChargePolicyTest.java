package io.stagedoor.account.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChargePolicyTest {

    private static final long MAX_CHARGE = 10_000_000;
    private static final long MAX_BALANCE = 100_000_000;

    private final ChargePolicy policy = new ChargePolicy(MAX_CHARGE, MAX_BALANCE);

    @Test
    void chargeOfZeroIsRefused() {
        assertThat(policy.allowsCharge(0)).isFalse();
    }

    @Test
    void chargeOfOneIsTheSmallestAllowed() {
        assertThat(policy.allowsCharge(1)).isTrue();
    }

    @Test
    void chargeOfExactlyTheMaximumIsAllowed() {
        assertThat(policy.allowsCharge(MAX_CHARGE)).isTrue();
    }

    @Test
    void chargeOneOverTheMaximumIsRefused() {
        assertThat(policy.allowsCharge(MAX_CHARGE + 1)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -50_000, Long.MIN_VALUE, Long.MAX_VALUE})
    void negativeAndAbsurdChargesAreRefused(long amount) {
        assertThat(policy.allowsCharge(amount)).isFalse();
    }

    @Test
    void refusalNamesTheAllowedRange() {
        assertThat(policy.chargeRange()).contains("between 1 and " + MAX_CHARGE);
    }

    @Test
    void creditReachingExactlyTheMaximumBalanceIsAllowed() {
        assertThat(policy.keepsWithinMaximum(MAX_BALANCE - 1, 1)).isTrue();
        assertThat(policy.keepsWithinMaximum(0, MAX_BALANCE)).isTrue();
        assertThat(policy.keepsWithinMaximum(MAX_BALANCE - MAX_CHARGE, MAX_CHARGE)).isTrue();
    }

    @Test
    void creditOneKrwPastTheMaximumBalanceIsRefused() {
        assertThat(policy.keepsWithinMaximum(MAX_BALANCE, 1)).isFalse();
        assertThat(policy.keepsWithinMaximum(MAX_BALANCE - MAX_CHARGE + 1, MAX_CHARGE)).isFalse();
    }

    @Test
    void sumThatOverflowsALongIsRefusedInsteadOfWrappingAround() {
        ChargePolicy unbounded = new ChargePolicy(Long.MAX_VALUE, Long.MAX_VALUE);

        assertThat(unbounded.keepsWithinMaximum(Long.MAX_VALUE - 1, 1)).isTrue();
        assertThat(unbounded.keepsWithinMaximum(Long.MAX_VALUE - 1, 2)).isFalse();
        assertThat(unbounded.keepsWithinMaximum(Long.MAX_VALUE, Long.MAX_VALUE)).isFalse();
        assertThat(policy.keepsWithinMaximum(Long.MAX_VALUE, 1)).isFalse();
    }

    @Test
    void zeroOrNegativeCreditsAndNegativeBalancesAreNeverWithinTheRules() {
        assertThat(policy.keepsWithinMaximum(0, 0)).isFalse();
        assertThat(policy.keepsWithinMaximum(0, -1)).isFalse();
        assertThat(policy.keepsWithinMaximum(-1, 1)).isFalse();
    }

    @Test
    void ceilingGuardAgreesWithTheOverflowSafeCheckAtEveryBoundary() {
        long[] amounts = {1, 2, MAX_CHARGE - 1, MAX_CHARGE, MAX_CHARGE + 1, MAX_BALANCE - 1, MAX_BALANCE,
                MAX_BALANCE + 1, Long.MAX_VALUE};
        for (long amount : amounts) {
            long ceiling = policy.ceilingFor(amount);
            long[] balances = {0, 1, ceiling - 1, ceiling, ceiling + 1, MAX_BALANCE - 1, MAX_BALANCE, Long.MAX_VALUE};
            for (long balance : balances) {
                if (balance < 0) {
                    continue;
                }
                assertThat(balance <= ceiling)
                        .as("balance %d + amount %d", balance, amount)
                        .isEqualTo(policy.keepsWithinMaximum(balance, amount));
            }
        }
    }

    @Test
    void amountLargerThanTheMaximumBalanceFitsNoBalance() {
        assertThat(policy.ceilingFor(MAX_BALANCE + 1)).isNegative();
        assertThat(policy.ceilingFor(Long.MAX_VALUE)).isNegative();
        assertThat(policy.ceilingFor(MAX_BALANCE)).isZero();
    }

    @Test
    void ceilingIsOnlyDefinedForPositiveAmounts() {
        assertThatThrownBy(() -> policy.ceilingFor(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonsenseSettingsAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new ChargePolicy(0, MAX_BALANCE)).hasMessageContaining("max charge");
        assertThatThrownBy(() -> new ChargePolicy(MAX_CHARGE, 0)).hasMessageContaining("max balance");
        assertThatThrownBy(() -> new ChargePolicy(MAX_BALANCE + 1, MAX_BALANCE))
                .hasMessageContaining("must not exceed max balance");
    }
}
