package dev.hisabkitab.sync.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisabkitab.sync.support.SandboxResource;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The console in a real browser: headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver};
 * .ci/run installs them), driven by Selenium against the connector on a real socket with the sandbox behind it. Each
 * page is saved as a screenshot under target/console-screenshots/ (the committed ones are in docs/console/).
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ConsoleBrowserTest {

    static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    @TestHTTPResource("/")
    URL root;

    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        // Debian's driver and browser, named: Selenium must not look for (or download) others
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("console.chromedriver", "/usr/bin/chromedriver")))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("console.chromium", "/usr/lib/chromium/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        browser.get(root + "console/");
        wait.until(ExpectedConditions.urlContains("/console/login.html"));
        screenshot("login");
        logIn("operator", "not-the-password");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failed")));
        assertTrue(browser.getCurrentUrl().contains("/console/login.html"), browser.getCurrentUrl());
    }

    @Test
    void anOperatorUploadsAFileWithOneBadRowAndSeesItsReportAndTheFailedRow() throws Exception {
        browser.get(root + "console/");
        logIn("operator", "operator-pass");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "operator"));

        Path file = Files.createTempDirectory("console-upload").resolve("parties-browser.csv");
        Files.writeString(file, """
                role,name,gstin,billingAddress_line1,billingAddress_city,billingAddress_state,billingAddress_pincode
                customer,Browser Traders,27AAPFU0939F1ZV,"14, Laxmi Road",Pune,Maharashtra,411002
                customer,Browser Bad Row,not-a-gstin,"1, Main Road",Mumbai,Maharashtra,400001
                customer,Browser Stores,27AAACR5055K1Z7,"1, Main Road",Mumbai,Maharashtra,400001
                """);
        browser.findElement(By.id("file-picker")).sendKeys(file.toString());
        browser.findElement(By.id("mode-book")).click();
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-result"), "is in the inbox"));

        // the page redraws its tables every second: read a row in one step, never hold an element across redraws
        String finished = "#history tr[data-file='parties-browser.csv']";
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(finished)));
        @SuppressWarnings("unchecked")
        List<String> cells = (List<String>) script("return [...document.querySelector(arguments[0]).cells]"
                + ".map(c => c.querySelector('.bar em') ? c.querySelector('.bar em').textContent : c.innerText)",
                finished);
        assertEquals(List.of("parties-browser.csv", "book", "failed", "100 %"), cells.subList(1, 5));
        assertEquals(List.of("2", "1"), cells.subList(5, 7), "ok and failed");
        screenshot("files");

        script("document.querySelector(arguments[0] + ' .show-report').click()", finished);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-title"), "parties-browser.csv"));
        List<String> statuses = browser.findElements(By.cssSelector("#report-table tbody tr")).stream()
                .map(r -> r.findElements(By.tagName("td")).get(0).getText() + " "
                        + r.findElements(By.tagName("td")).get(3).getText()).toList();
        assertEquals(List.of("row 2 ok", "row 3 failed", "row 4 ok"), statuses);
        screenshot("report");

        // the failed row, downloaded with the browser's own session, is the file's layout with that row only
        String failedRows = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(document.querySelector(arguments[0] + ' .failed-rows').href).then(r => r.text()).then(done);",
                finished);
        String[] lines = failedRows.strip().split("\r?\n");
        assertEquals(2, lines.length, failedRows);
        assertTrue(lines[0].startsWith("role,name,gstin,"), lines[0]);
        assertTrue(lines[1].startsWith("customer,Browser Bad Row,not-a-gstin,"), lines[1]);
    }

    @Test
    void aViewerSeesFilesButCannotUpload() throws Exception {
        browser.get(root + "console/");
        logIn("viewer", "viewer-pass");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "viewer"));
        assertFalse(browser.findElement(By.id("upload")).isDisplayed(), "no upload for a viewer");
        assertTrue(browser.findElement(By.className("viewer-only")).isDisplayed());
        // and the server refuses it too, even when the page is bypassed
        Object status = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/console/actions/files?name=parties-viewer.csv&mode=book', {method: 'PUT',"
                        + " headers: {'X-HisabKitab-Console': '1'}, body: 'role,name'}).then(r => done(r.status));");
        assertEquals(403L, status);
        assertFalse(Files.exists(SandboxResource.inbox().resolve("parties-viewer.csv")));
        screenshot("viewer");
    }

    private Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private void logIn(String name, String password) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("log-in")).click();
    }

    private void screenshot(String page) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
