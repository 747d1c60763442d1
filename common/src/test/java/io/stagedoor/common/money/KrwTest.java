package io.stagedoor.common.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class KrwTest {

    @Test
    void aNegativeAmountIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Krw.of(-1))
                .withMessage("an amount of KRW must not be negative, not -1");
        assertThatIllegalArgumentException().isThrownBy(() -> Krw.of(Long.MIN_VALUE));
    }

    @Test
    void zeroIsAnAmount() {
        assertThat(Krw.of(0)).isSameAs(Krw.ZERO).isEqualTo(new Krw(0));
        assertThat(Krw.ZERO.isZero()).isTrue();
        assertThat(Krw.of(1).isZero()).isFalse();
    }

    @Test
    void sumsAddAndRefuseToWrapAround() {
        assertThat(Krw.of(130_000).plus(Krw.of(70_000))).isEqualTo(Krw.of(200_000));
        assertThatExceptionOfType(ArithmeticException.class)
                .isThrownBy(() -> Krw.of(Long.MAX_VALUE).plus(Krw.of(1)));
    }

    @Test
    void amountsOrderByValueAndPrintAsTheBareNumber() {
        assertThat(Krw.of(5)).isLessThan(Krw.of(6));
        assertThat(Krw.of(130_000)).hasToString("130000");
    }
}
