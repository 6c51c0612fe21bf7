package dev.hisabkitab.sync.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisabkitab.sync.support.SandboxResource;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The console's login and Files page in a real browser ({@link ConsoleBrowser}) against the connector on a real
 * socket with the sandbox behind it; each page saved as a screenshot.
 */
@QuarkusTest
@WithTestResource(SandboxResource.class)
class ConsoleBrowserTest {

    @TestHTTPResource("/")
    URL root;

    ConsoleBrowser browser;

    @BeforeEach
    void openBrowser() {
        browser = new ConsoleBrowser(root);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        browser.open("console/");
        browser.wait.until(ExpectedConditions.urlContains("/console/login.html"));
        browser.screenshot("login");
        browser.logIn("operator", "not-the-password");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failed")));
        assertTrue(browser.driver.getCurrentUrl().contains("/console/login.html"), browser.driver.getCurrentUrl());
    }

    @Test
    void anOperatorUploadsAFileWithOneBadRowAndSeesItsReportAndTheFailedRow() throws Exception {
        browser.openAs("console/#files", "operator", "operator-pass");

        Path file = Files.createTempDirectory("console-upload").resolve("parties-browser.csv");
        Files.writeString(file, """
                role,name,gstin,billingAddress_line1,billingAddress_city,billingAddress_state,billingAddress_pincode
                customer,Browser Traders,27AAPFU0939F1ZV,"14, Laxmi Road",Pune,Maharashtra,411002
                customer,Browser Bad Row,not-a-gstin,"1, Main Road",Mumbai,Maharashtra,400001
                customer,Browser Stores,27AAACR5055K1Z7,"1, Main Road",Mumbai,Maharashtra,400001
                """);
        browser.driver.findElement(By.id("file-picker")).sendKeys(file.toString());
        browser.driver.findElement(By.id("mode-book")).click();
        browser.driver.findElement(By.id("send")).click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-result"), "is in the inbox"));

        // the page redraws its tables every second: read a row in one step, never hold an element across redraws
        String finished = "#history tr[data-file='parties-browser.csv']";
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(finished)));
        @SuppressWarnings("unchecked")
        List<String> cells = (List<String>) browser.script("return [...document.querySelector(arguments[0]).cells]"
                + ".map(c => c.querySelector('.bar em') ? c.querySelector('.bar em').textContent : c.innerText)",
                finished);
        assertEquals(List.of("parties-browser.csv", "book", "failed", "100 %"), cells.subList(1, 5));
        assertEquals(List.of("2", "1"), cells.subList(5, 7), "ok and failed");
        browser.screenshot("files");

        browser.script("document.querySelector(arguments[0] + ' .show-report').click()", finished);
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-title"),
                "parties-browser.csv"));
        List<String> statuses = browser.driver.findElements(By.cssSelector("#report-table tbody tr")).stream()
                .map(r -> r.findElements(By.tagName("td")).get(0).getText() + " "
                        + r.findElements(By.tagName("td")).get(3).getText()).toList();
        assertEquals(List.of("row 2 ok", "row 3 failed", "row 4 ok"), statuses);
        browser.screenshot("report");

        // the failed row, downloaded with the browser's own session, is the file's layout with that row only
        String failedRows = (String) browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(document.querySelector(arguments[0] + ' .failed-rows').href).then(r => r.text()).then(done);",
                finished);
        String[] lines = failedRows.strip().split("\r?\n");
        assertEquals(2, lines.length, failedRows);
        assertTrue(lines[0].startsWith("role,name,gstin,"), lines[0]);
        assertTrue(lines[1].startsWith("customer,Browser Bad Row,not-a-gstin,"), lines[1]);
    }

    @Test
    void theOverviewCountsEachCompanysOutcomesAndNamesItsLastError() throws Exception {
        browser.openAs("console/", "viewer", "viewer-pass");
        String company = "#companies tr[data-company='default']";
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(company)));
        List<String> before = cells(company);

        Path drop = SandboxResource.inbox().resolve("parties-overview.csv");
        Files.writeString(SandboxResource.inbox().resolve("parties-overview.csv.tmp"), """
                role,name,gstin,billingAddress_line1,billingAddress_city,billingAddress_state,billingAddress_pincode
                customer,Overview Traders,27AAPFU0939F1ZV,"14, Laxmi Road",Pune,Maharashtra,411002
                customer,Overview Bad Row,27AAPFU0939F1Z,"1, Main Road",Mumbai,Maharashtra,400001
                """);
        Files.move(SandboxResource.inbox().resolve("parties-overview.csv.tmp"), drop);

        // the page refreshes itself every few seconds: in +2 (one ok, one failed) in the last hour and the last day
        browser.wait.until(d -> number(cells(company).get(2)) == number(before.get(2)) + 2);
        List<String> after = cells(company);
        assertEquals("running", after.get(1));
        assertEquals(List.of(number(before.get(3)) + 1, number(before.get(4)) + 1, number(before.get(5)) + 2,
                number(before.get(7)) + 1), List.of(number(after.get(3)), number(after.get(4)), number(after.get(5)),
                        number(after.get(7))), "ok and failed, hour and day: " + before + " -> " + after);
        assertTrue(after.get(8).contains("invalid-event") && after.get(8).contains("payload.gstin"), after.get(8));
        assertTrue(browser.driver.findElement(By.id("inbox-backlog")).getText().startsWith("Inbox: "));
        browser.screenshot("overview");
    }

    @Test
    void verifyShowsTheAccountCheckOfACompany() throws Exception {
        browser.openAs("console/#verify", "viewer", "viewer-pass");
        browser.driver.findElement(By.id("run-verify")).click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-result"),
                "is understood"));
        List<String> operations = browser.driver.findElements(By.cssSelector("#verify-table tbody tr")).stream()
                .map(r -> r.findElements(By.tagName("td")).get(0).getText()).toList();
        assertTrue(operations.containsAll(List.of("company.details", "state.list")), operations.toString());
        browser.screenshot("verify");

        browser.driver.findElement(By.id("verify-company")).clear();
        browser.driver.findElement(By.id("verify-company")).sendKeys("nobody");
        browser.driver.findElement(By.id("run-verify")).click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-result"),
                "No company nobody is configured"));
    }

    @SuppressWarnings("unchecked")
    private List<String> cells(String row) {
        return (List<String>) browser.script("const r = document.querySelector(arguments[0]);"
                + "return r ? [...r.cells].map(c => c.innerText) : [];", row);
    }

    private static long number(String cell) {
        return Long.parseLong(cell.strip());
    }

    @Test
    void aViewerSeesFilesButCannotUpload() throws Exception {
        browser.openAs("console/#files", "viewer", "viewer-pass");
        assertFalse(browser.driver.findElement(By.id("upload")).isDisplayed(), "no upload for a viewer");
        assertTrue(browser.driver.findElement(By.className("viewer-only")).isDisplayed());
        // and the server refuses it too, even when the page is bypassed
        Object status = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/console/actions/files?name=parties-viewer.csv&mode=book', {method: 'PUT',"
                + " headers: {'X-HisabKitab-Console': '1'}, body: 'role,name'}).then(r => done(r.status));");
        assertEquals(403L, status);
        assertFalse(Files.exists(SandboxResource.inbox().resolve("parties-viewer.csv")));
        browser.screenshot("viewer");
    }
}
