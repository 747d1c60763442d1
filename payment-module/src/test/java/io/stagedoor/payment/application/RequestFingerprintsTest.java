package io.stagedoor.payment.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.payment.domain.PaymentRequest;
import org.junit.jupiter.api.Test;

class RequestFingerprintsTest {

    private final RequestFingerprints fingerprints = new RequestFingerprints();

    @Test
    void fingerprintIsTheSha256OfTheCanonicalRequest() {
        // printf 'POST /payments\nreservationId=91' | sha256sum
        assertThat(fingerprints.of(new PaymentRequest(91)).hex())
                .isEqualTo("1cc0aa4f345ea39f465e62149caea813b00ec12971a69d00040eb7e9978292f4");
    }

    @Test
    void sameRequestSameFingerprintDifferentRequestDifferentFingerprint() {
        assertThat(fingerprints.of(new PaymentRequest(91))).isEqualTo(fingerprints.of(new PaymentRequest(91)));
        assertThat(fingerprints.of(new PaymentRequest(91)).matches(fingerprints.of(new PaymentRequest(92)))).isFalse();
    }
}
