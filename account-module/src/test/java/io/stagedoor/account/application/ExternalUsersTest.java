package io.stagedoor.account.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.account.adapter.out.persistence.AccountPersistence;
import io.stagedoor.account.api.ExternalSubject;
import io.stagedoor.account.api.ExternalUserQuery;
import io.stagedoor.testsupport.Concurrently;
import io.stagedoor.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** External subjects become users exactly once, decided by PostgreSQL, remembered per instance. */
class ExternalUsersTest {

    private static final String ISSUER = "https://id.example.test/realms/fans";

    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create("account");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    /** A fresh service: what a separate app instance would have, with nothing remembered yet. */
    private static ExternalUserQuery instance() {
        return new ExternalUserService(new AccountPersistence(db.databaseClient()).externalIdentities(), Clock.systemUTC(), 1_000);
    }

    @Test
    void firstSeenSubjectBecomesOneUserUnderConcurrentFirstRequestsOfManyInstances() throws Exception {
        ExternalSubject subject = new ExternalSubject(ISSUER, "race-subject", "Racer");
        List<ExternalUserQuery> instances = List.of(instance(), instance(), instance(), instance());

        List<Long> userIds = Concurrently.run(32,
                i -> instances.get(i % instances.size()).userIdOf(subject).block(Duration.ofSeconds(30)).value());

        assertThat(new HashSet<>(userIds)).hasSize(1);
        long userId = userIds.get(0);
        assertThat(db.queryForLong("SELECT count(*) FROM account.external_identities WHERE subject = 'race-subject'"))
                .isEqualTo(1);
        assertThat(db.queryForLong("SELECT count(*) FROM account.users WHERE id = " + userId + " AND name = 'Racer'"))
                .isEqualTo(1);
        assertThat(db.queryForLong("SELECT balance FROM account.balances WHERE user_id = " + userId)).isZero();
        assertThat(db.queryForLong("SELECT count(*) FROM account.users u WHERE name = 'Racer'"))
                .as("no user created by a losing request").isEqualTo(1);
        assertThat(db.queryForLong("SELECT count(*) FROM account.credentials WHERE user_id = " + userId))
                .as("an external user has no password").isZero();
    }

    @Test
    void aKnownSubjectIsTheSameUserOnEveryInstanceAndAfterARestart() {
        ExternalSubject subject = new ExternalSubject(ISSUER, "returning-subject", "Returner");
        long first = instance().userIdOf(subject).block().value();

        assertThat(instance().userIdOf(subject).block().value()).isEqualTo(first);
        assertThat(db.queryForLong("SELECT count(*) FROM account.external_identities WHERE user_id = " + first)).isEqualTo(1);
    }

    @Test
    void aRememberedSubjectCostsNoDatabaseTrip() {
        ExternalUserQuery instance = instance();
        ExternalSubject subject = new ExternalSubject(ISSUER, "remembered-subject", "Rememberer");
        long userId = instance.userIdOf(subject).block().value();
        // the row goes away behind the instance's back: only its memory can still answer
        db.execute("DELETE FROM account.external_identities WHERE subject = 'remembered-subject'");

        assertThat(instance.userIdOf(subject).block().value()).isEqualTo(userId);
        assertThat(instance().userIdOf(subject).block().value()).as("another instance has to ask").isNotEqualTo(userId);
    }

    @Test
    void subjectsAreUsersPerIssuer() {
        long here = instance().userIdOf(new ExternalSubject(ISSUER, "shared-sub", null)).block().value();
        long there = instance().userIdOf(new ExternalSubject("https://other.example.test", "shared-sub", null)).block().value();

        assertThat(here).isNotEqualTo(there);
    }

    @Test
    void aSubjectWithoutAUsableNameGetsItsSubjectOrAFallbackAsName() {
        long named = instance().userIdOf(new ExternalSubject(ISSUER, "sub-as-name", "\u0000bad")).block().value();
        long fallback = instance().userIdOf(new ExternalSubject(ISSUER, "x".repeat(200), " ")).block().value();

        assertThat(db.queryForLong("SELECT count(*) FROM account.users WHERE id = " + named + " AND name = 'sub-as-name'"))
                .isEqualTo(1);
        assertThat(db.queryForLong("SELECT count(*) FROM account.users WHERE id = " + fallback
                + " AND name = '" + ExternalUserService.FALLBACK_NAME + "'")).isEqualTo(1);
    }
}
