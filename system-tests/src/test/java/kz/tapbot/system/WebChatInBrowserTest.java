package kz.tapbot.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person tries the taxi bot in the local web chat, in a real headless Chromium (Debian's, driven
 * by its chromedriver; nothing is downloaded): writes /start, sees the answer, presses a button.
 */
class WebChatInBrowserTest {

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
    void aPersonWritesToTheTaxiBotAndPressesAnInlineButton() {
        browser.get(system.localGateway.url("/chat?bot=taxi"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "connected to taxi"));

        browser.findElement(By.id("text")).sendKeys("/start");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".bot-message"), 1));
        WebElement welcome = browser.findElement(By.cssSelector(".bot-message .text"));
        assertTrue(welcome.getText().contains("TapBot"), welcome.getText());

        List<WebElement> buttons = browser.findElements(By.cssSelector(".bot-message .inline-button"));
        WebElement help = buttons.stream().filter(b -> "help".equals(b.getDomAttribute("data-callback")))
                .findFirst().orElseThrow();
        help.click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".bot-message"), 2));
        String answer = browser.findElements(By.cssSelector(".bot-message .text")).get(1).getText();
        assertTrue(answer.contains("/book"), answer);
    }
}
