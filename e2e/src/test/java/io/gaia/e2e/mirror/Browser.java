package io.gaia.e2e.mirror;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium with a fresh profile, driven through the system's chromedriver (Debian's
 * {@code chromium} + {@code chromium-driver}; nothing is downloaded). Tests call
 * {@link #assumeInstalled()} first: without both binaries they are skipped, saying what to install.
 */
final class Browser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Selenium warns that it has no CDP bindings for this Chromium; the test never uses CDP. Held so the level sticks. */
    private static final java.util.logging.Logger CDP_WARNINGS = quiet("org.openqa.selenium.devtools");
    private static final java.util.logging.Logger CHROMIUM_WARNINGS = quiet("org.openqa.selenium.chromium");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static void assumeInstalled() {
        assumeTrue(chromium().isPresent() && chromedriver().isPresent(),
                "no Chromium + chromedriver here, so the browser test is skipped; install them (Debian: sudo apt-get install -y chromium "
                        + "chromium-driver; or set GAIA_CHROMIUM / GAIA_CHROMEDRIVER to the binaries)");
    }

    static Browser open(String url) throws IOException {
        Path profile = Files.createTempDirectory("e2e-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().orElseThrow().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1440,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().orElseThrow().toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.get(url);
        return new Browser(driver, profile);
    }

    WebElement find(String css) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean isPresent(String css) {
        return !findAll(css).isEmpty();
    }

    void click(String css) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    void awaitGone(String css) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(css), 0));
    }

    void awaitText(String css, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    private static Optional<Path> chromium() {
        return binary("GAIA_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
    }

    private static Optional<Path> chromedriver() {
        return binary("GAIA_CHROMEDRIVER", "chromedriver");
    }

    private static Optional<Path> binary(String override, String... names) {
        String configured = System.getenv(override);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        return Stream.of(names)
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isBlank()).map(d -> Path.of(d, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
