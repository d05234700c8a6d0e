package io.lineledger.certificates.internal;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.Batches;
import io.lineledger.certificates.ReleaseRecords;
import io.lineledger.model.Anchor;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * What a supervisor and an auditor do, in real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, through Selenium): sign in, open a certificate, release a batch with a signature, download
 * the PDF and read its QR code, check a proof file. The servlet and the sign-in filter run in Jetty (javax.servlet,
 * as pax-web runs them); passwords are checked by Karaf's JAAS login module. Screenshots are kept in
 * {@code target/browser-screenshots}. Skipped, with a message, where Chromium is not installed
 * ({@code .ci/chromium.sh install}).
 */
class CertificateBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("lineledger.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("lineledger.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    static final String LIVE_LINE = "line-live";

    private static final java.util.concurrent.atomic.AtomicInteger DRIVER_PORT =
            new java.util.concurrent.atomic.AtomicInteger(Integer.getInteger("lineledger.test.chromedriver.port", 0));

    private static Path dir;
    private static JettySite site;
    private static RecordStore store;
    private static String base;

    private ChromeDriver browser;
    private Path downloads;
    private String test;
    private int shot;

    static boolean chromiumInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @BeforeAll
    static void startTheSite() throws Exception {
        if (!chromiumInstalled()) {
            return; // each test is skipped with the reason
        }
        dir = Files.createTempDirectory("lineledger-browser");
        store = H2RecordStores.newStore();
        Batches.complete3(store, "LOT-1", 500.0);
        Batches.complete3(store, "LOT-F", 520.0);
        Anchors.anchorAll(store, LINE);

        // certificates are compared with the test chain the anchors went to, pinned to its registry
        site = new JettySite(store, dir, CertificatesServletTest.config("Plant Nord", 50, "http://chain.test:8545",
                Anchors.CONTRACT, 8L * 1024 * 1024, Realms.signerNamesFile(dir).toString()), 64L * 1024 * 1024,
                url -> Anchors.CHAIN);
        base = site.base;
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopTheSite() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    @BeforeEach
    void openChromium(TestInfo info) throws IOException {
        assumeTrue(chromiumInstalled(), "browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER
                + " is not installed (as root: .ci/chromium.sh install)");
        test = info.getTestMethod().orElseThrow().getName();
        downloads = Files.createDirectories(dir.resolve("downloads-" + test));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1600", "--user-data-dir=" + Files.createTempDirectory(dir, "profile"));
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "plugins.always_open_pdf_externally", true));
        ChromeDriverService.Builder driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile());
        // -Dlineledger.test.chromedriver.port: the driver's ports one after the other from there (a range the run
        // was given); else any free port
        int port = JettySite.nextPort(DRIVER_PORT);
        ChromeDriverService service = (port == 0 ? driver.usingAnyFreePort() : driver.usingPort(port)).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void closeChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void screenshot(String what) throws IOException {
        Files.write(SCREENSHOTS.resolve(String.format("%s-%02d-%s.png", test, ++shot, what)),
                browser.getScreenshotAs(OutputType.BYTES));
    }

    private void signIn(String user, String password) {
        browser.findElement(By.name("user")).clear();
        browser.findElement(By.name("user")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        clickAndLoad(By.cssSelector("form.sign-in button"));
    }

    /** Clicks what leads to another page and waits until that page has loaded (a click may return before). */
    private void clickAndLoad(By what) {
        WebElement old = browser.findElement(By.tagName("html"));
        browser.findElement(what).click();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                old.getTagName();
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                if (loaded()) {
                    return;
                }
            } catch (org.openqa.selenium.WebDriverException e) {
                // Chromium asked mid-navigation: "Node with given id does not belong to the document", the old page
                // is gone as well (seen once in CI); anything else is asked again
                if (String.valueOf(e.getMessage()).contains("does not belong to the document") && loaded()) {
                    return;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("no new page after clicking " + what + " (still " + browser.getCurrentUrl() + ")");
    }

    /** The current document has loaded; false while the browser cannot say yet. */
    private boolean loaded() {
        try {
            return "complete".equals(browser.executeScript("return document.readyState"));
        } catch (org.openqa.selenium.WebDriverException navigating) {
            return false;
        }
    }

    private String body(String attribute) {
        return browser.findElement(By.tagName("body")).getAttribute(attribute);
    }

    @Test
    void aSupervisorSignsInReleasesTheBatchAndPrintsItsCertificate() throws Exception {
        browser.get(base + "/lineledger/batches/LOT-1");
        assertEquals("sign-in", body("data-page"), "a browser without a session gets the sign-in form");
        screenshot("sign-in");

        signIn(Realms.SUPERVISOR, "not-the-password");
        assertEquals("true", body("data-problem"));
        assertTrue(browser.findElement(By.cssSelector(".problem")).getText()
                .contains("The user name or password is wrong."));
        screenshot("wrong-password");

        signIn(Realms.SUPERVISOR, Realms.password(Realms.SUPERVISOR));
        assertEquals(base + "/lineledger/batches/LOT-1", browser.getCurrentUrl());
        assertEquals("PASS", body("data-verdict"));
        assertEquals("none", body("data-release"));
        screenshot("certificate");

        clickAndLoad(By.cssSelector("a.release-link"));
        assertEquals("release", body("data-page"));
        assertEquals("named", body("data-signer"));
        assertTrue(browser.findElement(By.cssSelector("p.signer")).getText().contains("You sign as Sam Okafor (sam)"));
        screenshot("release-form");
        browser.findElement(By.cssSelector("input[name=decision][value=release]")).click();
        browser.findElement(By.cssSelector("select[name=meaning] option[value=approval]")).click();
        browser.findElement(By.name("reason")).sendKeys("Fill weights within spec; line cleared");
        browser.findElement(By.name("user")).sendKeys(Realms.SUPERVISOR);
        browser.findElement(By.name("password")).sendKeys(Realms.password(Realms.SUPERVISOR));
        clickAndLoad(By.cssSelector("form.release button"));

        assertEquals(base + "/lineledger/batches/LOT-1#release", browser.getCurrentUrl());
        assertEquals("released", body("data-release"));
        assertTrue(browser.findElement(By.cssSelector("p.release-state")).getText()
                .contains("Released by Sam Okafor (sam)"));
        List<io.lineledger.model.LineRecord> releases = store.batch("LOT-1").stream()
                .filter(r -> ReleaseRecords.TYPE.equals(r.type())).toList();
        assertEquals(1, releases.size());
        assertEquals("Fill weights within spec; line cleared", releases.get(0).fields().get("reason"));
        assertEquals("Sam Okafor", releases.get(0).fields().get("signerName"));
        screenshot("released");

        Anchors.anchorAll(store, LINE); // the ledger anchors the release record like any other
        browser.navigate().refresh();
        assertEquals("true", body("data-anchored"));
        browser.get(base + "/lineledger/batches/LOT-1/audit");
        assertEquals("audit", body("data-page"));
        assertTrue(browser.getPageSource().contains("Sam Okafor (sam), electronic signature"));
        screenshot("audit-trail");

        browser.get(base + "/lineledger/batches/LOT-1");
        browser.findElement(By.linkText("PDF")).click();
        Path pdf = awaitDownload("certificate-LOT-1.pdf");
        String qr = readQrCode(Files.readAllBytes(pdf));
        Anchor last = store.anchorOf(LINE, releases.get(0).seq()).orElseThrow(); // the release's own anchor
        assertEquals(base + "/lineledger/batches/LOT-1#root=" + last.root().hex(), qr);
        Files.copy(pdf, SCREENSHOTS.resolve(test + "-certificate-LOT-1.pdf"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aFailingBatchCanOnlyBeRejectedAndBadAddressesAreNamed() throws Exception {
        browser.get(base + "/lineledger/login");
        signIn(Realms.SUPERVISOR, Realms.password(Realms.SUPERVISOR));
        browser.get(base + "/lineledger/batches/LOT-F/release");
        assertTrue(!browser.findElement(By.cssSelector("input[name=decision][value=release]")).isEnabled());
        screenshot("fail-release-form");

        browser.get(base + "/lineledger/batches/NO-SUCH-BATCH");
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("Unknown batch"));
        screenshot("unknown-batch");
        browser.get(base + "/lineledger/batches?page=zero");
        assertEquals("page", body("data-parameter"));
        screenshot("bad-parameter");
    }

    @Test
    void theBatchListShowsARunningBatchsNewRecordWithoutUserAction() throws Exception {
        // a batch of its own line, so the other tests' batches and anchors stay as they are
        store.append(new RecordDraft(LIVE_LINE, "batch-started", "LOT-LIVE", Map.of("product", "Olive oil 1 l")));
        browser.get(base + "/lineledger/batches?line=" + LIVE_LINE);
        signIn(Realms.AUDITOR, Realms.password(Realms.AUDITOR));
        assertEquals(base + "/lineledger/batches?line=" + LIVE_LINE, browser.getCurrentUrl());
        assertEquals("true", body("data-live"));
        assertEquals("1", liveRecords());
        screenshot("live-list-running");

        store.append(new RecordDraft(LIVE_LINE, "quality", "LOT-LIVE", Map.of("characteristic", "fillWeight",
                "value", 1000.4, "unit", "g", "lsl", 995.0, "usl", 1005.0, "verdict", "PASS")));

        // nobody touches the page: it reloads itself, with its filter, and shows the batch's second record
        long deadline = System.nanoTime() + Duration.ofSeconds(3L * BatchListPage.REFRESH_SECONDS).toNanos();
        String records = liveRecords();
        while (!"2".equals(records) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            records = liveRecords();
        }
        assertEquals("2", records, "the list did not reload itself within " + 3 * BatchListPage.REFRESH_SECONDS
                + " s");
        assertEquals(base + "/lineledger/batches?line=" + LIVE_LINE, browser.getCurrentUrl(), "filters kept");
        screenshot("live-list-updated");
    }

    /** The Records cell of LOT-LIVE's row; null while the page is reloading. */
    private String liveRecords() {
        try {
            return browser.findElement(By.xpath("//tr[td/a[text()='LOT-LIVE']]/td[8]")).getText();
        } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
            return null;
        }
    }

    @Test
    void anAuditorDownloadsAProofFileAndChecksItOnTheVerifyPage() throws Exception {
        browser.get(base + "/lineledger/verify");
        signIn(Realms.AUDITOR, Realms.password(Realms.AUDITOR));
        assertEquals("verify", body("data-page"));
        screenshot("verify-page");

        browser.get(base + "/lineledger/batches/LOT-1");
        browser.findElement(By.cssSelector("a[href='/lineledger/proof/line-1/2']")).click();
        Path proof = awaitDownload("line-1-2.proof.json");

        browser.get(base + "/lineledger/verify");
        browser.findElement(By.name("proof")).sendKeys(proof.toString());
        clickAndLoad(By.cssSelector("form.verify button"));
        // the test chain holds the anchor and the page pins the registry: every check passes
        assertEquals("VALID", body("data-outcome"));
        assertEquals("PASS", browser.findElement(By.cssSelector("tr[data-check=record-digest]"))
                .getAttribute("data-result"));
        assertEquals("PASS", browser.findElement(By.cssSelector("tr[data-check=merkle-proof]"))
                .getAttribute("data-result"));
        screenshot("verify-result");

        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"format\": \"lineledger-proof\", ");
        browser.findElement(By.name("proof")).sendKeys(garbage.toString());
        clickAndLoad(By.cssSelector("form.verify button"));
        assertEquals("UNCHECKABLE", body("data-outcome"));
        assertTrue(browser.findElement(By.cssSelector(".result .verdict")).getText().contains("COULD NOT CHECK"));
        screenshot("verify-garbage");
    }

    private Path awaitDownload(String name) throws InterruptedException, IOException {
        Path file = downloads.resolve(name);
        for (int i = 0; i < 100; i++) {
            if (Files.exists(file) && Files.size(file) > 0) {
                try (Stream<Path> partial = Files.list(downloads)) {
                    if (partial.noneMatch(p -> p.toString().endsWith(".crdownload"))) {
                        return file;
                    }
                }
            }
            Thread.sleep(100);
        }
        try (Stream<Path> found = Files.list(downloads)) {
            throw new AssertionError("no download " + name + " in " + downloads + ": " + found.toList());
        }
    }

    static String readQrCode(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 200, ImageType.RGB);
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(page))), Map.of(DecodeHintType.TRY_HARDER, true)).getText();
        }
    }
}
