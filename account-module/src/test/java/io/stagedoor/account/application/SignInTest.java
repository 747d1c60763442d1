package io.stagedoor.account.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagedoor.account.AccountStack;
import io.stagedoor.account.api.AccessToken;
import io.stagedoor.account.api.InvalidCredentialsException;
import io.stagedoor.account.api.Password;
import io.stagedoor.account.api.SignInCommand;
import io.stagedoor.account.domain.ChargePolicy;
import io.stagedoor.testsupport.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sign-up and sign-in over the real PostgreSQL adapters and the real Argon2id hasher. */
class SignInTest {

    /** The application's default cost, so the timing comparison below is about real hashes. */
    /** The default Argon2id cost: memory in KiB, iterations. */
    private static final int DEFAULT_MEMORY_KIB = 19_456;
    private static final int DEFAULT_ITERATIONS = 2;

    private static TestDatabase db;
    private static AccountStack account;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.create("account");
        account = new AccountStack(db, new ChargePolicy(10_000_000, 100_000_000), Clock.systemUTC(),
                DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, 1, 100);
    }

    @AfterAll
    static void dropDatabase() {
        account.close();
        db.close();
    }

    @Test
    void theRightPasswordGetsATokenForThatUser() {
        long userId = account.newUser("Kim");

        AccessToken token = account.signIn.signIn(new SignInCommand(userId, AccountStack.PASSWORD)).block();

        assertThat(token.userId()).isEqualTo(userId);
        assertThat(token.accessToken()).isEqualTo("token-for-" + userId);
    }

    @Test
    void onlyASaltedHashIsStoredNeverThePassword() {
        long userId = account.newUser("Lee");

        assertThat(db.queryForLong("SELECT count(*) FROM account.credentials WHERE user_id = " + userId
                + " AND password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'")).isEqualTo(1);
        assertThat(db.queryForLong("SELECT count(*) FROM account.credentials WHERE password_hash LIKE '%"
                + AccountStack.PASSWORD.reveal() + "%'")).isZero();
    }

    @Test
    void wrongPasswordUnknownUserAndUserWithoutPasswordGetTheSameRefusal() {
        long userId = account.newUser("Park");
        db.execute("INSERT INTO account.users (id, name, created_at) VALUES (777777, 'no password', now())");

        List<Throwable> refusals = List.of(
                refusal(new SignInCommand(userId, Password.of("not the password"))),
                refusal(new SignInCommand(9_999_999, AccountStack.PASSWORD)),
                refusal(new SignInCommand(777777, AccountStack.PASSWORD)));

        assertThat(refusals).allSatisfy(refusal -> assertThat(refusal).isInstanceOf(InvalidCredentialsException.class)
                .hasMessage("INVALID_CREDENTIALS: The user id or the password is wrong"));
    }

    @Test
    void unknownUserTakesAboutAsLongAsAWrongPassword() {
        long userId = account.newUser("Choi");
        SignInCommand wrongPassword = new SignInCommand(userId, Password.of("not the password"));
        SignInCommand unknownUser = new SignInCommand(8_888_888, Password.of("not the password"));
        refusal(wrongPassword);
        refusal(unknownUser);

        List<Long> wrong = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            wrong.add(timed(wrongPassword));
            unknown.add(timed(unknownUser));
        }

        long wrongMedian = median(wrong);
        long unknownMedian = median(unknown);
        // both do one look-up and one full-cost verification; a skipped verification would be 100x faster
        assertThat(unknownMedian).as("unknown user %d µs vs wrong password %d µs", unknownMedian / 1000, wrongMedian / 1000)
                .isBetween(wrongMedian / 2, wrongMedian * 2);
    }

    @Test
    void demoUsersSignInWithTheDemoPassword() throws IOException {
        try (InputStream in = SignInTest.class.getResourceAsStream("/db/demo/account.sql")) {
            db.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        assertThat(account.signIn.signIn(new SignInCommand(42, Password.of("stagedoor-demo"))).block().userId()).isEqualTo(42);
        assertThat(refusal(new SignInCommand(42, Password.of("stagedoor-dem0")))).isInstanceOf(InvalidCredentialsException.class);
    }

    private static Throwable refusal(SignInCommand command) {
        try {
            account.signIn.signIn(command).block();
        } catch (RuntimeException refused) {
            return refused;
        }
        throw new AssertionError("signed in with " + command);
    }

    private static long timed(SignInCommand command) {
        long started = System.nanoTime();
        assertThatThrownBy(() -> account.signIn.signIn(command).block()).isInstanceOf(InvalidCredentialsException.class);
        return System.nanoTime() - started;
    }

    private static long median(List<Long> samples) {
        List<Long> sorted = samples.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
