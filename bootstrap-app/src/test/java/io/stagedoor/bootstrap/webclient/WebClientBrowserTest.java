package io.stagedoor.bootstrap.webclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagedoor.bootstrap.support.StagedoorAppTest;
import io.stagedoor.testsupport.Concurrently;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The browser client in a real browser (headless Chromium), against the whole app on real servers: what a fan and an
 * operator see and can do, asserted on accessible names and visible text. One app serves every test here (the hold
 * expiry test adds a second instance with short holds); each test makes its own concert and users. Screenshots of
 * every step go to target/browser-screenshots.
 */
class WebClientBrowserTest extends StagedoorAppTest {

    private static final long PRICE = 130_000;
    private static final String SEAT_7 = "Seat 7, 130,000원, free";
    private static final AtomicLong concerts = new AtomicLong();
    private final List<Browser> browsers = new ArrayList<>();

    @DynamicPropertySource
    static void quickRooms(DynamicPropertyRegistry registry) {
        registry.add("stagedoor.queue.tick", () -> "PT0.2S");
        registry.add("stagedoor.queue.redis-timeout", () -> "PT5S");
    }

    @BeforeAll
    static void chromiumIsInstalled() {
        // .ci/run installs Debian's chromium and chromium-driver when they are missing; a developer does it once
        assertThat(Browser.installed()).as("%s and %s (apt-get install -y chromium chromium-driver)",
                Browser.CHROMIUM, Browser.CHROMEDRIVER).isTrue();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Browser::close);
        browsers.clear();
    }

    // ---- the pages themselves ------------------------------------------------------------------------------------

    @Test
    void pagesArePublicAndRunOnlyTheirOwnScriptsUnderAStrictContentSecurityPolicy() {
        for (String page : List.of("/", "/operator")) {
            String html = client.get().uri(page).exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                            .contains("script-src 'self'", "style-src 'self'", "default-src 'none'")
                            .doesNotContain("unsafe-inline", "unsafe-eval"))
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(html).as("no inline script or style in %s", page)
                    .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>").doesNotContain("style=", "<style");
        }
        client.get().uri("/assets/js/fan.js").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/javascript")
                .expectHeader().exists("Content-Security-Policy");
        client.get().uri("/_static/htm/3.1.1/preact/standalone.module.js").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/javascript");
        client.get().uri("/api/v1/no-such-route").exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/assets/no-such-file.js").exchange().expectStatus().isNotFound();
    }

    // ---- a fan -----------------------------------------------------------------------------------------------------

    @Test
    void fanSignsInChargesWaitsIsAdmittedHoldsASeatAndPaysForIt() {
        long concertId = newConcert("Journey", true);
        SignedIn fan = signUp();
        Browser browser = open("en-US", Browser.PHONE);

        browser.go("/");
        signIn(browser, fan);
        browser.screenshot("01-concerts");
        browser.press("Balance");
        browser.type("Amount in won", "200000");
        browser.press("Charge");
        browser.sees("Charged 200,000원. Your balance is now 200,000원.");
        browser.screenshot("02-balance-charged");

        browser.press("Concerts");
        browser.press("Join the queue for " + title(concertId));
        browser.sees("You are number 1 in line");
        browser.sees("Nobody is ahead of you");
        browser.screenshot("03-waiting");
        tune(concertId, "{\"paused\": false}");
        browser.sees("You're in! Choose a date and a seat.");
        browser.screenshot("04-admitted");

        browser.press(dateButton(browser, "50 seats free"));
        browser.press(SEAT_7);
        assertThat(browser.textOfRole("timer")).as("a five-minute countdown").matches("4:5\\d|5:00");
        browser.sees("Seat 7 on");
        browser.control("Seat 7, 130,000원, your hold");
        browser.screenshot("05-hold");

        browser.doubleClick("Pay 130,000원");
        browser.sees("Payment complete. Enjoy the show!");
        browser.sees("130,000원");
        browser.sees("70,000원");
        browser.screenshot("06-receipt");

        browser.press("Balance");
        browser.sees("Current balance: 70,000원");
        browser.sees("Payment");
        browser.screenshot("07-balance-after");
        assertThat(balanceOf(fan)).isEqualTo(200_000 - PRICE);
        assertThat(database.queryForLong("SELECT count(*) FROM concert.seats WHERE status = 'SOLD' AND held_by = "
                + fan.userId())).isEqualTo(1);
        assertThat(database.queryForLong("SELECT count(*) FROM payment.payments WHERE user_id = " + fan.userId()))
                .as("a double click pays once").isEqualTo(1);
        assertThat(browser.troubles()).as("console errors and failed requests along the journey").isEmpty();
        assertThat(browser.requestedUrls()).as("secrets never travel in a URL").isNotEmpty()
                .noneMatch(url -> url.contains("token=") || url.contains("eyJ"));
        assertThat(browser.script("return window.localStorage.length")).as("nothing in localStorage").isEqualTo(0L);
    }

    @Test
    void aReloadKeepsThePlaceInLine() {
        long concertId = newConcert("Reload", true);
        SignedIn first = signUp();
        SignedIn second = signUp();
        joinByApi(first, concertId);
        Browser browser = open("en-US", Browser.DESKTOP);
        browser.go("/");
        signIn(browser, second);
        browser.press("Join the queue for " + title(concertId));
        browser.sees("You are number 2 in line");

        browser.reload();

        browser.sees("You are number 2 in line");
        browser.sees("1 person ahead of you");
        assertThat(redis.template().opsForZSet().size("queue:{" + concertId + "}:waiting").block()).as("still two in line")
                .isEqualTo(2);
        assertThat(browser.troubles()).isEmpty();
    }

    @Test
    void twoFansRaceForOneSeatAndTheLoserIsToldItIsTakenAndSeesItHeld() throws Exception {
        long concertId = newConcert("Race", false);
        Browser[] fans = {open("en-US", Browser.DESKTOP), open("en-US", Browser.DESKTOP)};
        for (Browser fan : fans) {
            fan.go("/");
            signIn(fan, signUp());
            fan.press("Join the queue for " + title(concertId));
            fan.sees("You're in!");
            fan.press(dateButton(fan, "seats free"));
            fan.control(SEAT_7);
        }

        List<String> outcomes = Concurrently.run(fans.length, i -> {
            fans[i].press(SEAT_7);
            return fans[i].waitFor("the hold or the refusal", d -> {
                String text = fans[i].visibleText();
                return text.contains("Time left to pay") ? "held"
                        : text.contains("Sorry, someone else just took seat 7.") ? "told it is taken" : null;
            });
        });

        assertThat(outcomes).containsExactlyInAnyOrder("held", "told it is taken");
        fans[outcomes.indexOf("held")].screenshot("race-winner");
        Browser loser = fans[outcomes.indexOf("told it is taken")];
        loser.sees("Please choose another seat.");
        loser.control("Seat 7, 130,000원, held by someone else");
        loser.screenshot("race-loser");
        assertThat(database.queryForLong("SELECT count(*) FROM concert.reservations WHERE concert_id = " + concertId))
                .isEqualTo(1);
    }

    @Test
    void aHoldThatRunsOutEndsTheCountdownAndTheSeatIsFreeAgain() {
        ConfigurableApplicationContext shortHolds = startAnotherInstance("stagedoor.reservation.hold-duration=PT6S",
                "stagedoor.queue.tick=PT0.2S", "stagedoor.queue.redis-timeout=PT5S");
        try {
            long concertId = newConcert("Expiry", false);
            Browser browser = open("en-US", Browser.DESKTOP, portOf(shortHolds));
            browser.go("/");
            signIn(browser, signUp());
            browser.press("Join the queue for " + title(concertId));
            browser.press(dateButton(browser, "seats free"));
            browser.press(SEAT_7);
            assertThat(browser.textOfRole("timer")).matches("0:0[0-6]");
            browser.screenshot("expiry-countdown");

            browser.sees("Your hold on seat 7 ran out. The seat is free again.");
            browser.control(SEAT_7);
            browser.doesNotSee("Time left to pay");
            browser.screenshot("expiry-free-again");
        } finally {
            shortHolds.close();
        }
    }

    @Test
    void koreanFansSignUpAndSeeKoreanLabelsWonAmountsAndSeoulTimes() {
        long concertId = newConcert("Korean", false);
        Browser browser = open("ko-KR", Browser.PHONE);

        browser.go("/");
        browser.sees("로그인");
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("ko");
        browser.type("이름", "김민지");
        browser.type("비밀번호 (12자 이상)", PASSWORD);
        browser.press("계정 만들기");
        browser.control(title(concertId) + " 대기열 참여");
        // signed in and on the concerts, the new user ID is still on screen: the fan needs it to sign in again
        browser.sees("김민지님, 환영합니다! 사용자 ID는");
        browser.press(title(concertId) + " 대기열 참여");
        browser.sees("입장했습니다! 날짜와 좌석을 선택하세요.");
        browser.sees("KST");
        browser.press(dateButton(browser, "남은 좌석 50석"));
        browser.press("7번 좌석, 130,000원, 선택 가능");
        browser.sees("결제 남은 시간");
        browser.sees("내 잔액: 0원");
        browser.control("130,000원 결제");
        browser.screenshot("korean-hold");
        assertThat(database.queryForLong("SELECT count(*) FROM account.users WHERE name = '김민지'")).isEqualTo(1);

        browser.choose("언어", "English");
        browser.control("Pay 130,000원");
        browser.sees("Your balance: 0원");
        assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
        assertThat(browser.troubles()).isEmpty();
    }

    @Test
    void keyboardAloneCarriesAFanFromSignInToAReceipt() {
        long concertId = newConcert("Keyboard", false);
        SignedIn fan = signUp();
        Browser browser = open("en-US", Browser.DESKTOP);
        browser.go("/");
        browser.sees("Sign in");

        browser.tabTo("User ID", 20);
        browser.typeKeys(String.valueOf(fan.userId()));
        browser.tabTo("Password", 5);
        browser.typeKeys(PASSWORD);
        browser.pressEnter();
        browser.sees("Concerts");
        browser.tabTo("Join the queue for " + title(concertId), 40);
        browser.pressEnter();
        browser.sees("You're in!");
        browser.tabTo(dateButton(browser, "seats free"), 40);
        browser.pressEnter();
        browser.control(SEAT_7);
        browser.tabTo(SEAT_7, 60);
        browser.pressEnter();
        browser.sees("Time left to pay");
        browser.tabTo("Cancel hold", 10);
        browser.pressEnter();
        browser.sees("Your hold on seat 7 was cancelled.");
        browser.tabTo(SEAT_7, 60);
        browser.pressEnter();
        browser.control("Charge balance: 130,000원");
        browser.tabTo("Charge balance: 130,000원", 10);
        browser.pressEnter();
        browser.sees("Your balance: 130,000원");
        browser.tabTo("Pay 130,000원", 10);
        browser.pressEnter();
        browser.sees("Payment complete. Enjoy the show!");
        browser.screenshot("keyboard-receipt");
        assertThat(balanceOf(fan)).isZero();
        assertThat(browser.troubles()).isEmpty();
    }

    // ---- an operator -----------------------------------------------------------------------------------------------

    @Test
    void operatorListsTheRoomPausesAndResumesItAndAdmitsTheWaitingFanByRaisingItsCapacity() {
        long concertId = newConcert("Operator", false);
        tune(concertId, "{\"activeCapacity\": 1}");
        joinByApi(signUp(), concertId);
        Browser operator = open("en-US", Browser.DESKTOP);
        Browser fan = open("en-US", Browser.PHONE);
        fan.go("/");
        signIn(fan, signUp());
        fan.press("Join the queue for " + title(concertId));
        fan.sees("You are number 1 in line");

        operator.go("/operator");
        operator.type("Admin key", ADMIN_KEY);
        operator.press("Open console");
        operator.control("Pause room " + concertId);
        operator.sees(concertId + " · " + title(concertId));
        operator.screenshot("operator-rooms");
        operator.press("Pause room " + concertId);
        operator.control("Resume room " + concertId);
        operator.sees("Paused");
        assertThat(roomPaused(concertId)).as("the console paused the room").isTrue();
        operator.press("Resume room " + concertId);
        operator.control("Pause room " + concertId);
        assertThat(roomPaused(concertId)).as("the console resumed the room").isFalse();
        operator.type("Capacity of room " + concertId, "5");
        operator.press("Save room " + concertId);
        operator.sees("Room " + concertId + " saved.");
        fan.sees("You're in! Choose a date and a seat.");

        operator.type("Title", "Created in the console");
        operator.type("Starts at (Seoul time)", "12242027\t0700PM");
        operator.press("Create concert");
        operator.sees("with 1 dates.");
        assertThat(database.queryForLong("SELECT count(*) FROM concert.schedules s JOIN concert.concerts c"
                + " ON c.id = s.concert_id WHERE c.title = 'Created in the console'"
                + " AND s.starts_at = '2027-12-24T10:00:00Z'")).as("7 PM in Seoul is 10:00 UTC").isEqualTo(1);
        assertThat(operator.troubles()).isEmpty();
        assertThat(fan.troubles()).isEmpty();
    }

    @Test
    void aWaitingFanSeesThatTheOperatorPausedTheRoom() {
        long concertId = newConcert("Paused", false);
        tune(concertId, "{\"activeCapacity\": 1}");
        joinByApi(signUp(), concertId);
        Browser fan = open("en-US", Browser.PHONE);
        fan.go("/");
        signIn(fan, signUp());
        fan.press("Join the queue for " + title(concertId));
        fan.sees("You are number 1 in line");

        tune(concertId, "{\"paused\": true}");
        fan.sees("The queue is paused by the organiser.");
        fan.screenshot("fan-paused");
        tune(concertId, "{\"paused\": false}");
        fan.doesNotSee("The queue is paused by the organiser.");
    }

    // ---- set-up through the API ------------------------------------------------------------------------------------

    private Browser open(String language, Dimension size) {
        return open(language, size, port);
    }

    private Browser open(String language, Dimension size, int appPort) {
        Browser browser = Browser.open("http://localhost:" + appPort, language, size);
        browsers.add(browser);
        return browser;
    }

    private static void signIn(Browser browser, SignedIn fan) {
        signIn(browser, fan, "User ID", "Password", "Sign in", "Concerts");
    }

    private static void signIn(Browser browser, SignedIn fan, String userIdLabel, String passwordLabel, String submit,
                               String landing) {
        browser.type(userIdLabel, String.valueOf(fan.userId()));
        browser.type(passwordLabel, PASSWORD);
        browser.press(submit);
        browser.sees(landing);
    }

    /** The accessible name of the date button whose visible text contains {@code free} (dates are named by Seoul time). */
    private static String dateButton(Browser browser, String free) {
        return browser.waitFor("a date with '" + free + "'", d -> d.findElements(By.xpath("//button[contains(., '" + free + "')]"))
                .stream().map(WebElement::getAccessibleName).findFirst().orElse(null));
    }

    private static String title(long concertId) {
        return "Browser test concert " + concertId;
    }

    /** A concert a week ahead (50 seats at 130,000원), titled after its id, with a room that is open or paused. */
    private long newConcert(String purpose, boolean paused) {
        String startsAt = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.HOURS).toString();
        Map<?, ?> created = client.post().uri("/api/v1/admin/concerts").header("Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\": \"" + purpose + " " + concerts.incrementAndGet() + "\", \"schedules\": [{\"startsAt\": \""
                        + startsAt + "\", \"price\": " + PRICE + "}]}")
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        long concertId = ((Number) created.get("concertId")).longValue();
        database.execute("UPDATE concert.concerts SET title = '" + title(concertId) + "' WHERE id = " + concertId);
        tune(concertId, "{\"activeCapacity\": 1000, \"admissionsPerMinute\": 60000, \"paused\": " + paused + "}");
        return concertId;
    }

    private void tune(long concertId, String settings) {
        client.put().uri("/api/v1/admin/queues/{c}", concertId).header("Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(settings)
                .exchange().expectStatus().isOk();
    }

    private boolean roomPaused(long concertId) {
        return (Boolean) client.get().uri("/api/v1/admin/queues/{c}", concertId).header("Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("paused");
    }

    private void joinByApi(SignedIn user, long concertId) {
        as(user).post().uri("/api/v1/queue/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"concertId\": " + concertId + "}")
                .exchange().expectStatus().is2xxSuccessful();
    }

    private long balanceOf(SignedIn user) {
        return ((Number) as(user).get().uri("/api/v1/users/{u}/balance", user.userId()).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("balance")).longValue();
    }
}
