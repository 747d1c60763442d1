package io.stagedoor.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Lists that grow without bound come a page at a time through HTTP ({@code limit}, {@code cursor}, {@code nextCursor},
 * docs/api.md): following {@code nextCursor} walks the whole list once, and a client that sends neither gets the
 * first page with the old fields unchanged.
 */
class ListPagingHttpTest extends StagedoorAppTest {

    @Test
    void theBalanceHistoryPagesThroughEveryEntryOnceNewestFirst() {
        SignedIn fan = signUp();
        for (int amount = 1; amount <= 5; amount++) {
            as(fan).post().uri("/api/v1/users/{id}/balance/charges", fan.userId()).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("amount", amount)).exchange().expectStatus().isOk();
        }

        List<Integer> amounts = new ArrayList<>();
        List<Map<?, ?>> pages = walk(as(fan), "/api/v1/users/" + fan.userId() + "/balance/history?limit=2", "entries");
        pages.forEach(page -> ((List<?>) page.get("entries")).forEach(entry -> amounts.add((Integer) ((Map<?, ?>) entry).get("amount"))));

        assertThat(amounts).containsExactly(5, 4, 3, 2, 1);
        assertThat(pages).hasSize(3);
        Map<?, ?> unpaged = as(fan).get().uri("/api/v1/users/{id}/balance/history", fan.userId()).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<?>) unpaged.get("entries")).as("the default page holds them all").hasSize(5);
        assertThat(unpaged.get("nextCursor")).isNull();
        assertThat(unpaged.get("userId")).isEqualTo((int) fan.userId());
    }

    @Test
    void theConcertsPageThroughEveryConcertOnceById() {
        List<Integer> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<?, ?> concert = client.post().uri("/api/v1/admin/concerts").header("Admin-Key", ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"title\": \"Paged " + i + "\", \"schedules\": [{\"startsAt\": \""
                            + Instant.now().plus(Duration.ofDays(7)) + "\", \"seats\": 1, \"price\": 1000}]}")
                    .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
            created.add((Integer) concert.get("concertId"));
        }

        List<Integer> ids = new ArrayList<>();
        walk(client, "/api/v1/concerts?limit=2", "concerts").forEach(page ->
                ((List<?>) page.get("concerts")).forEach(concert -> ids.add((Integer) ((Map<?, ?>) concert).get("concertId"))));

        assertThat(ids).as("every concert once, by id").isSorted().doesNotHaveDuplicates().containsAll(created);
        Map<?, ?> unpaged = client.get().uri("/api/v1/concerts").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<?>) unpaged.get("concerts")).hasSize(ids.size());
    }

    /** Every page of a list, following nextCursor from {@code first}. */
    private static List<Map<?, ?>> walk(WebTestClient via, String first, String listField) {
        List<Map<?, ?>> pages = new ArrayList<>();
        String uri = first;
        while (uri != null) {
            Map<?, ?> page = via.get().uri(uri).exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            assertThat(page.containsKey(listField) && page.containsKey("nextCursor")).as("the page has %s and nextCursor: %s", listField, page).isTrue();
            assertThat((List<?>) page.get(listField)).hasSizeLessThanOrEqualTo(2);
            pages.add(page);
            Object next = page.get("nextCursor");
            uri = next == null ? null : first + "&cursor=" + next;
            assertThat(pages).as("pages end").hasSizeLessThan(100);
        }
        return pages;
    }
}
