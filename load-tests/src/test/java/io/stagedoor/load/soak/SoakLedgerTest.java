package io.stagedoor.load.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.load.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class SoakLedgerTest {

    private static HttpResponse answer(int status, String code) {
        String body = code == null ? "" : "{\"code\":\"" + code + "\"}";
        return new HttpResponse(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theErrorBudgetSeparates503sFromEveryOther5xx() {
        SoakLedger ledger = new SoakLedger(System.nanoTime());
        for (int i = 0; i < 7; i++) {
            ledger.answer("hold", answer(201, null));
        }
        ledger.answer("hold", answer(409, "SEAT_UNAVAILABLE"));
        ledger.answer("join", answer(503, "QUEUE_UNAVAILABLE"));
        ledger.answer("payment", answer(500, "INTERNAL_ERROR"));
        ledger.failure("status", new TimeoutException());

        assertThat(ledger.answers()).isEqualTo(10);
        assertThat(ledger.unavailable()).isEqualTo(1);
        assertThat(ledger.otherServerErrors()).isEqualTo(1);
        assertThat(ledger.unavailableShare()).isEqualTo(1 / 11.0);
        assertThat(ledger.codes()).containsEntry("hold 2xx", 7L).containsEntry("hold 409 SEAT_UNAVAILABLE", 1L)
                .containsEntry("join 503 QUEUE_UNAVAILABLE", 1L).containsEntry("payment 500 INTERNAL_ERROR", 1L)
                .containsEntry("status no answer: TimeoutException", 1L);
    }

    @Test
    void aFaultsWindowCountsOnlyTheSlicesAfterIt() {
        // the ledger started 25 s ago: what is recorded now falls in the slice of seconds 20..29
        SoakLedger ledger = new SoakLedger(System.nanoTime() - 25_000_000_000L);
        ledger.answer("join", answer(503, "QUEUE_UNAVAILABLE"));
        ledger.answer("join", answer(502, null));

        assertThat(ledger.window(20, 10)).containsExactly(1, 1, 0);
        assertThat(ledger.window(0, 20)).containsExactly(0, 0, 0);
        assertThat(ledger.window(30, 40)).containsExactly(0, 0, 0);
    }

    @Test
    void theSharedRedisIsNeverTheOneTheSoakRestarts() {
        assertThatThrownBy(() -> new OwnedRedis(6379, Path.of("/tmp"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSoakDatabaseIsAlwaysOneOfItsOwn() {
        io.stagedoor.load.db.JdbcLogin server = new io.stagedoor.load.db.JdbcLogin("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");

        assertThat(new SoakDatabase(server, "stagedoor_soak").login().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/stagedoor_soak");
        assertThatThrownBy(() -> new SoakDatabase(server, "test")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SoakDatabase(server, "x; DROP TABLE y")).isInstanceOf(IllegalArgumentException.class);
    }
}
