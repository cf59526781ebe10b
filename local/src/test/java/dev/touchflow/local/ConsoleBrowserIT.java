package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.touchflow.local.issuer.People;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; {@code
 * .ci/run} installs them, and requires them with {@code -Dtouchflow.test.browser=required}): a person signs
 * in at the issuer's form and works through the approval screen with the keyboard alone. Each test saves a
 * screenshot under {@code local/target/screenshots/}.
 */
class ConsoleBrowserIT {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path state;

    static LocalTouchflow touchflow;
    static WebTestClient drafting;
    static ConsoleDrafts drafts;

    WebDriver browser;

    @BeforeAll
    static void startTouchflow() {
        boolean required = "required".equals(System.getProperty("touchflow.test.browser"));
        boolean present = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        assertThat(present || !required)
                .as("Chromium and its driver (apt-get install chromium chromium-driver)")
                .isTrue();
        assumeThat(present).as("Chromium and chromium-driver are not installed").isTrue();
        touchflow = LocalRuns.start(state, Map.of("touchflow.sequencer.poll-interval", "100ms"), Clock.systemUTC());
        drafting = LocalRuns.client(touchflow.settings().services().drafting(), touchflow.operatorToken());
        drafts = new ConsoleDrafts(touchflow, drafting, "browser_follow_up");
    }

    @AfterAll
    static void stopTouchflow() {
        if (touchflow != null) {
            touchflow.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .build(),
                options);
    }

    @AfterEach
    void closeBrowser(TestInfo test) {
        if (browser != null) {
            screenshot(test.getTestMethod().orElseThrow().getName());
            browser.quit();
        }
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    private void screenshot(String name) {
        try {
            Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
            Path shot =
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anApproverApprovesOneDraftAndRejectsAnotherWithTheKeyboardAlone() {
        // Given two drafts of b2bea's waiting, and an approver of b2bea
        Map<String, Object> first = drafts.pendingOfANewContact();
        Map<String, Object> second = drafts.pendingOfANewContact();
        String password = new People(state.resolve("issuer").resolve("people.json"))
                .add("bea", List.of("approver"), List.of("b2bea"));

        // When they open the console and sign in at the issuer's form
        browser.get(touchflow.consoleUrl() + "/approvals");
        wait(ExpectedConditions.urlToBe(touchflow.issuer() + "/login"));
        browser.findElement(By.name("username")).sendKeys("bea");
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait(ExpectedConditions.urlToBe(touchflow.consoleUrl() + "/approvals"));
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).isEqualTo("bea");
        screenshot("approvals-waiting");
        WebElement focused = browser.switchTo().activeElement();
        String top = focused.getAttribute("data-id");
        assertThat(top).isIn(first.get("id").toString(), second.get("id").toString());

        // Then "a" approves the draft in focus, as bea
        new Actions(browser).sendKeys("a").perform();
        wait(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Approved."));
        assertThat(drafts.draft(top)).containsEntry("status", "approved").containsEntry("approved_by", "bea");

        // and "r", a reason and Enter reject the next one, now first in focus
        String next = browser.switchTo().activeElement().getAttribute("data-id");
        assertThat(next)
                .isNotEqualTo(top)
                .isIn(first.get("id").toString(), second.get("id").toString());
        new Actions(browser).sendKeys("r").perform();
        new Actions(browser).sendKeys("not this week\n").perform();
        wait(ExpectedConditions.textToBe(By.cssSelector(".notice"), "Rejected."));
        assertThat(drafts.draft(next))
                .containsEntry("status", "rejected")
                .containsEntry("decided_by", "bea")
                .containsEntry("decision_reason", "not this week");
    }

    private void wait(ExpectedCondition<?> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition);
    }
}
