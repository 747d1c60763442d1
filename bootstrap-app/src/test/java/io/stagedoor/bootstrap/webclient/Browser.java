package io.stagedoor.bootstrap.webclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One headless Debian Chromium driven through Debian's chromedriver, both given by path so that nothing is ever
 * downloaded (Selenium Manager is not asked). Each browser has a fresh profile and its own language, so two of them
 * are two independent fans. Elements are found the way a person finds them: by their accessible name (a button's or
 * link's text or aria-label, an input's label) and by visible text; waits are bounded and generous, for a busy machine.
 *
 * <p>What went wrong in the page is collected from Chromium's own logs: console errors (which include every response
 * of 400 or more and every failed load) and, from the network log, every answer of 400 or more and every request that
 * failed without being cancelled by the page itself.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Dimension PHONE = new Dimension(390, 844);
    static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;
    private final List<String> troubles = new ArrayList<>();
    private final Map<String, String> requests = new HashMap<>();

    private Browser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A new browser whose preferred language is {@code language} ("en-US", "ko-KR"), in a window of {@code size}. */
    static Browser open(String baseUrl, String language, Dimension size) {
        Path profile;
        try {
            profile = Files.createTempDirectory("stagedoor-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-quic", "--disable-default-apps", "--disable-client-side-phishing-detection",
                "--disable-domain-reliability", "--no-pings", "--user-data-dir=" + profile, "--lang=" + language,
                "--window-size=" + size.getWidth() + "," + size.getHeight());
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language + "," + language.split("-")[0]));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(size);
        return new Browser(driver, profile, baseUrl);
    }

    WebDriver driver() {
        return driver;
    }

    void go(String path) {
        driver.get(baseUrl + path);
    }

    void reload() {
        driver.navigate().refresh();
    }

    // ---- finding things as a person does -------------------------------------------------------------------------

    /** The button or link whose accessible name is exactly {@code name}, once it is shown. */
    WebElement control(String name) {
        return waitFor("a control named '" + name + "'", d -> shown(By.xpath(
                "//*[self::button or self::a][@aria-label=" + literal(name) + " or (not(@aria-label) and normalize-space(.)="
                        + literal(name) + ")]"), name));
    }

    /** The input or select whose label is {@code label} (the label's text, or the control's aria-label). */
    WebElement field(String label) {
        return waitFor("a field labelled '" + label + "'", d -> shown(By.xpath(
                "//label[starts-with(normalize-space(.), " + literal(label) + ")]//*[self::input or self::select]"
                        + " | //*[self::input or self::select][@aria-label=" + literal(label) + "]"), label));
    }

    /** Waits until the page shows {@code text} somewhere (visible text). */
    void sees(String text) {
        waitFor("the text '" + text + "'", d -> visibleText().contains(text) ? Boolean.TRUE : null);
    }

    /** Waits until the page no longer shows {@code text}. */
    void doesNotSee(String text) {
        waitFor("the text '" + text + "' to go", d -> visibleText().contains(text) ? null : Boolean.TRUE);
    }

    String visibleText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** The text of the element with the given ARIA role, e.g. the countdown's "timer". */
    String textOfRole(String role) {
        return waitFor("an element with role " + role, d -> {
            List<WebElement> found = driver.findElements(By.cssSelector("[role='" + role + "']"));
            return found.isEmpty() ? null : found.get(0).getText();
        });
    }

    /** Types into a field after clearing it, the way a person would (click, select all, type). */
    void type(String label, String text) {
        WebElement input = field(label);
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text);
    }

    void press(String name) {
        control(name).click();
    }

    void doubleClick(String name) {
        new Actions(driver).doubleClick(control(name)).perform();
    }

    void choose(String label, String visibleOption) {
        WebElement select = field(label);
        select.findElement(By.xpath(".//option[normalize-space(.)=" + literal(visibleOption) + "]")).click();
    }

    // ---- the keyboard only ---------------------------------------------------------------------------------------

    /**
     * Presses Tab until the focused element's accessible name is {@code name} (at most {@code limit} times); no Tab at
     * all when it has the focus already (the page may put it there, as after a charge the Pay button).
     */
    WebElement tabTo(String name, int limit) {
        Actions keys = new Actions(driver);
        for (int i = 0; i <= limit; i++) {
            WebElement focused = driver.switchTo().activeElement();
            if (name.equals(focused.getAccessibleName())) {
                return focused;
            }
            if (i < limit) {
                keys.sendKeys(Keys.TAB).perform();
            }
        }
        throw new AssertionError("Tab never reached '" + name + "' in " + limit + " presses; the page shows:\n" + visibleText());
    }

    void pressEnter() {
        new Actions(driver).sendKeys(Keys.ENTER).perform();
    }

    void typeKeys(String text) {
        new Actions(driver).sendKeys(text).perform();
    }

    // ---- evidence ------------------------------------------------------------------------------------------------

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Console errors, and the page's own requests that were answered 400 or more or failed, since the last call (a
     * request the page cancels itself, such as an abandoned seat-map read, is not a failure).
     */
    List<String> troubles() {
        readLogs();
        List<String> found = List.copyOf(troubles);
        troubles.clear();
        return found;
    }

    /** Every URL the page has requested from the app. */
    List<String> requestedUrls() {
        readLogs();
        return requests.values().stream().filter(url -> url.startsWith(baseUrl)).toList();
    }

    /** Moves what Chromium logged since the last read into {@link #troubles} and {@link #requests}. */
    private void readLogs() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                troubles.add("console: " + entry.getMessage());
            }
        }
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            String method = message.path("method").asString("");
            JsonNode params = message.path("params");
            String requestId = params.path("requestId").asString("");
            if (method.equals("Network.requestWillBeSent")) {
                requests.put(requestId, params.path("request").path("url").asString(""));
            }
            // only the page's own requests: Chromium's background traffic (no network here) is not the client's doing
            String url = requests.getOrDefault(requestId, "");
            if (!url.startsWith(baseUrl)) {
                continue;
            }
            if (method.equals("Network.responseReceived") && params.path("response").path("status").asInt() >= 400) {
                troubles.add("answer " + params.path("response").path("status").asInt() + " to " + url);
            }
            if (method.equals("Network.loadingFailed") && !params.path("canceled").asBoolean(false)) {
                troubles.add("failed request to " + url + ": " + params.path("errorText").asString(""));
            }
        }
    }

    /** Runs JavaScript in the page (used only to read what a person can also read, e.g. the document language). */
    Object script(String code) {
        return ((JavascriptExecutor) driver).executeScript(code);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temporary profile is harmless
            }
        }
    }

    // ---- waiting -------------------------------------------------------------------------------------------------

    <T> T waitFor(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
                    .ignoring(StaleElementReferenceException.class)
                    .withMessage(() -> "waiting for " + what + "; the page shows:\n" + visibleText())
                    .until(condition);
        } catch (RuntimeException e) {
            screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            throw e;
        }
    }

    /** The first displayed element the locator finds whose accessible name is {@code name}, or null. */
    private WebElement shown(By locator, String name) {
        for (WebElement element : driver.findElements(locator)) {
            if (element.isDisplayed() && Objects.equals(name, element.getAccessibleName())) {
                return element;
            }
        }
        return null;
    }

    /** An XPath string literal for any text (XPath 1.0 has no escapes). */
    private static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }
}
