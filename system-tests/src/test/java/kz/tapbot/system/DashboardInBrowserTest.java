package kz.tapbot.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The statistics dashboard in a real headless Chromium against the running analytics-service with data:
 * tiles show the figures, every chart is drawn (ECharts, served by the service itself), and a
 * screenshot is kept at system-tests/target/dashboard.png.
 */
class DashboardInBrowserTest {

    private static final String BROWSER_A_DAY_BEHIND = """
            (() => {
              const RealDate = Date;
              const shift = -86400000;
              class DayBehind extends RealDate {
                constructor(...args) { if (args.length === 0) { super(RealDate.now() + shift); } else { super(...args); } }
                static now() { return RealDate.now() + shift; }
              }
              window.Date = DayBehind;
            })();
            """;

    private final TapBotSystem system = TapBotSystem.get();
    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() throws Exception {
        browser = HeadlessChromium.open();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theDashboardShowsTheFiguresAndDrawsEveryChart() throws Exception {
        // data: a user talks to the taxi bot through the webhook, which analytics collects
        long user = 880_000_000L + System.currentTimeMillis() % 100_000_000L;
        TelegramChats taxi = new TelegramChats(system.webhookGateway.url("/telegram/taxi/webhook"), TapBotSystem.TAXI_SECRET,
                Map.of(user, "Гульнар"));
        taxi.write(user, "/start");

        // the browser's clock a day behind: the page must take its default range (the last 30 days of the
        // service's zone) from the service, not from the browser's day (in UTC it is yesterday in Almaty from
        // 19:00 to 24:00 UTC, and the dashboard then showed nothing of the day so far)
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", BROWSER_A_DAY_BEHIND));
        browser.get(system.analytics.url("/"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(b -> "true".equals(b.findElement(By.tagName("body")).getDomAttribute("data-rendered"))
                && !b.findElement(By.id("tiles")).getText().contains("Messages in / out\n0 / 0"));

        assertEquals(LocalDate.now(ZoneId.of("Asia/Almaty")).toString(), browser.findElement(By.id("to")).getDomProperty("value"),
                "the range ends today in the service's zone");
        String tiles = browser.findElement(By.id("tiles")).getText();
        assertTrue(tiles.contains("Active users") && tiles.contains("Gross booking value"), tiles);
        for (String chart : List.of("chart-messages", "chart-users", "chart-bookings", "chart-gmv", "chart-funnel")) {
            List<WebElement> canvases = browser.findElements(By.cssSelector("#" + chart + " canvas"));
            assertFalse(canvases.isEmpty(), chart + " is drawn");
            assertTrue(canvases.get(0).getSize().getWidth() > 100, chart + " has a size");
        }
        assertTrue(browser.findElement(By.id("status")).getText().startsWith("updated"));

        Path screenshot = Path.of("target", "dashboard.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot at " + screenshot.toAbsolutePath());
    }
}
