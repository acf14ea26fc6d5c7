package org.orrery.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through Selenium and Debian's chromedriver: nothing is
 * downloaded (Selenium Manager is never asked, the driver's path is given). One per test class;
 * {@link #close()} ends chromium and its driver.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the tests' screenshots go (the README shows one of them). */
    static final Path SCREENSHOTS = Path.of(System.getProperty("orrery.e2e.dir", "target/e2e")).getParent().resolve("screenshots");

    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    final ChromeDriver driver;
    final String base;
    private final Path profile;

    private Browser(ChromeDriver driver, String base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** A new headless chromium with an empty profile, for pages of the runtime on {@code port}. */
    static Browser open(int port) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver (.ci/run does)");
        }
        Path profile = Files.createTempDirectory("orrery-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // as root in a container chromium needs --no-sandbox; the network flags keep it from calling Google's hosts
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile, "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Browser(driver, "http://127.0.0.1:" + port, profile);
    }

    /** Opens a page of the runtime, e.g. {@code /orrery/}. */
    Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    Browser size(Dimension size) {
        driver.manage().window().setSize(size);
        return this;
    }

    /** Waits (at most {@code seconds}) until {@code condition} gives something other than null or false. */
    <T> T await(int seconds, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50));
        // the pages re-render from events: an element found a moment ago may be gone, so look again
        wait.ignoring(StaleElementReferenceException.class);
        return wait.until(condition);
    }

    /**
     * Clicks the displayed element with {@code data-testid=id}. An element replaced by a re-render between
     * finding and clicking it is found again, as a person would simply click the new one.
     */
    void click(String id) {
        await(10, d -> {
            byTestId(id).click();
            return true;
        });
    }

    /** The element with {@code data-testid=id}, waited for (10 s) until it is displayed. */
    WebElement byTestId(String id) {
        return await(10, d -> d.findElements(testId(id)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    List<WebElement> allByTestId(String id) {
        return driver.findElements(testId(id));
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Signs in on the dashboard's sign-in form and waits for the navigation. */
    Browser signIn(String user, String password) {
        go("/orrery/");
        byTestId("signin-user").sendKeys(user);
        byTestId("signin-password").sendKeys(password);
        byTestId("signin-submit").click();
        byTestId("nav");
        return this;
    }

    /** Chooses a theme: day, dark or red. */
    Browser theme(String theme) {
        script("const s = document.getElementById('theme'); s.value = arguments[0]; s.dispatchEvent(new Event('change'));", theme);
        return this;
    }

    /** True when the page is wider than the window (it scrolls sideways). */
    boolean scrollsHorizontally() {
        return (Boolean) script("return document.documentElement.scrollWidth > document.documentElement.clientWidth"
                + " || document.body.scrollWidth > window.innerWidth;");
    }

    /** Saves a PNG screenshot under {@link #SCREENSHOTS} and returns its path. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
