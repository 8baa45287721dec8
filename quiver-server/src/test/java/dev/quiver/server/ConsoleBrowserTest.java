package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiver.engine.QuiverConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) against a real server on loopback: the admin flow (key, create a
 * collection, upload documents, search, ask, map) and the read-only key (no write buttons, the
 * server's refusals shown). Screenshots go to {@code target/console-screenshots/}. Without
 * Chromium the tests are skipped, except under CI (env {@code CI} set), where they fail.
 */
class ConsoleBrowserTest {

  private static final String ADMIN = "admin-key-for-the-console";
  private static final String READER = "read-only-key-for-the-console";
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("QUIVER_CHROMIUM", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("QUIVER_CHROMEDRIVER",
      "/usr/bin/chromedriver"));
  private static final Path SHOTS = Path.of("target", "console-screenshots");

  @TempDir
  Path dir;

  private QuiverServer server;
  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  static void needChromium() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && System.getenv("CI") != null) {
      fail("browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver);"
          + " .ci/run installs them");
    }
    assumeTrue(present, "no Chromium at " + CHROMIUM + " / " + CHROMEDRIVER + ": console browser tests skipped");
  }

  @BeforeEach
  void start() throws IOException {
    server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data"))
        .withAdminApiKey(ADMIN).withReadOnlyApiKey(READER)
        .withEngine(QuiverConfig.defaults().withModels(WordHashModel.provider("1"))));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1000", "--force-device-scale-factor=1",
        "--user-data-dir=" + dir.resolve("chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void stop() throws IOException {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void adminCreatesIngestsSearchesAsksAndMaps() throws Exception {
    driver.get(server.uri().toString());
    // the server needs a key: the page asks for it
    WebElement keyInput = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
    shot("admin-0-key-dialog");
    keyInput.sendKeys(ADMIN);
    driver.findElement(By.id("key-submit")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("role"), "admin key"));
    assertEquals(ADMIN, js("return sessionStorage.getItem('quiver.apiKey')"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-collections")));

    // create a collection bound to the (fake) text model, with a text index for hybrid search
    driver.findElement(By.id("new-name")).sendKeys("kb");
    new Select(driver.findElement(By.id("new-kind"))).selectByValue("model");
    WebElement model = driver.findElement(By.id("new-model"));
    model.clear();
    model.sendKeys(WordHashModel.NAME);
    shot("admin-1-create");
    driver.findElement(By.id("create-button")).click();

    // upload a few documents
    WebElement files = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("upload-files")));
    List<Path> docs = List.of(
        doc("espresso.md", "# Espresso\n\nEspresso is a strong coffee brewed by forcing hot water through finely"
            + " ground coffee beans. A good espresso has a thick crema."),
        doc("tea.md", "# Green tea\n\nGreen tea is made from unoxidised tea leaves steeped in water below boiling."),
        doc("rust.txt", "Rust ownership: the borrow checker enforces that every value has one owner and that"
            + " references never outlive the value they point to."),
        doc("sourdough.md", "# Sourdough\n\nSourdough bread rises with a starter of wild yeast and lactic bacteria;"
            + " the dough ferments slowly overnight."));
    files.sendKeys(String.join("\n", docs.stream().map(p -> p.toAbsolutePath().toString()).toList()));
    driver.findElement(By.id("upload-button")).click();
    wait.until(d -> d.findElements(By.cssSelector("#upload-log li")).size() == docs.size());
    for (WebElement li : driver.findElements(By.cssSelector("#upload-log li"))) {
      assertTrue(li.getText().contains("added"), li.getText());
    }
    // and a point whose payload carries a small image as a data: URL, upserted as JSON
    WebElement json = driver.findElement(By.id("upsert-json"));
    json.sendKeys("{\"points\": [{\"id\": 1000, \"payload\": {\"text\": \"a red square picture of coffee\","
        + " \"title\": \"red square\", \"image\": \"data:image/png;base64," + RED_PNG + "\"}}]}");
    driver.findElement(By.id("upsert-button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Upserted 1 points"));
    shot("admin-2-uploaded");

    // the collections list shows counts, dimension, metric, model, status and size
    driver.get(server.uri().toString());
    WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#collections tr[data-collection='kb']")));
    String rowText = row.getText();
    assertTrue(rowText.contains(WordHashModel.NAME) && rowText.contains("cosine") && rowText.contains("green"), rowText);
    long points = new Http(server.uri()).withKey(ADMIN).post("/collections/kb/points/count", "{}").result()
        .get("count").asLong();
    assertTrue(rowText.contains(String.valueOf(points)), rowText + " should show " + points + " points");
    shot("admin-3-collections");
    row.click();

    // search
    wait.until(ExpectedConditions.elementToBeClickable(By.id("tab-search"))).click();
    WebElement q = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("search-text")));
    q.sendKeys("strong espresso coffee");
    driver.findElement(By.id("search-button")).click();
    WebElement first = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#search-results article.point")));
    assertTrue(first.getText().contains("Espresso"), first.getText());
    assertFalse(first.findElement(By.cssSelector(".score")).getText().isBlank());
    // the data: URL image is drawn as an <img>
    WebElement img = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#search-results article[data-id='1000'] img.media")));
    assertTrue((Boolean) js("return arguments[0].complete && arguments[0].naturalWidth === 2", img), "image decoded");
    // hybrid toggle
    driver.findElement(By.id("search-hybrid")).click();
    driver.findElement(By.id("search-button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-summary"), "hybrid"));
    assertTrue(driver.findElement(By.cssSelector("#search-results article.point")).getText().contains("Espresso"));
    shot("admin-4-search");

    // ask: streamed extractive answer with clickable citations
    driver.findElement(By.id("tab-ask")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ask-question"))).sendKeys("what is sourdough bread?");
    driver.findElement(By.id("ask-button")).click();
    WebElement cite = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#ask-answer a.cite")));
    assertTrue(driver.findElement(By.id("ask-answer")).getText().toLowerCase().contains("sourdough"));
    cite.click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#ask-sources li.cited")));
    shot("admin-5-ask");

    // map: points drawn, the last query plotted, hover shows the payload, click searches around
    driver.findElement(By.id("tab-map")).click();
    WebElement color = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("map-color")));
    color.sendKeys("source");
    driver.findElement(By.id("map-draw")).click();
    WebElement canvas = driver.findElement(By.id("map-canvas"));
    wait.until(d -> String.valueOf(points).equals(canvas.getDomAttribute("data-drawn"))
        && canvas.getDomAttribute("data-query") != null);
    long coloured = ((Number) js("const c = arguments[0]; const d = c.getContext('2d')"
        + ".getImageData(0, 0, c.width, c.height).data; let n = 0;"
        + " for (let i = 0; i < d.length; i += 4) { if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++; } return n;",
        canvas)).longValue();
    assertTrue(coloured > points * 20, coloured + " coloured pixels for " + points + " points");
    assertTrue(driver.findElement(By.id("map-legend")).getText().contains("espresso.md"));
    String[] at = canvas.getDomAttribute("data-first-point").split(",");
    int dx = Integer.parseInt(at[0]) - canvas.getSize().getWidth() / 2;
    int dy = Integer.parseInt(at[1]) - canvas.getSize().getHeight() / 2;
    new Actions(driver).moveToElement(canvas, dx, dy).perform();
    WebElement tip = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("map-tooltip")));
    wait.until(d -> tip.getText().contains("\"text\""));
    shot("admin-6-map-hover");
    new Actions(driver).moveToElement(canvas, dx, dy).click().perform();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#map-neighbours li")));
    shot("admin-7-map-click");

    // health: the quality report's counters and histograms
    driver.findElement(By.id("tab-health")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("health-run"))).click();
    wait.until(d -> d.findElements(By.cssSelector("#health-report figure.histogram")).size() == 3);
    assertTrue(driver.findElement(By.id("health-report")).getText().contains(points + " points inspected"));
    shot("admin-8-health");
  }

  @Test
  void readOnlyKeyBrowsesAndSearchesWithoutWriteButtons() throws Exception {
    Http admin = new Http(server.uri()).withKey(ADMIN);
    ServerEndToEndTest.assertOk(admin.put("/collections/notes", "{\"vectors\":{\"model\":\"word-hash\"}}"));
    ServerEndToEndTest.assertOk(admin.put("/collections/notes/points", "{\"points\":["
        + "{\"id\":1,\"payload\":{\"text\":\"apples and pears\",\"kind\":\"fruit\"}},"
        + "{\"id\":2,\"payload\":{\"text\":\"carrots and leeks\",\"kind\":\"vegetable\"}},"
        + "{\"id\":3,\"payload\":{\"text\":\"cherries and plums\",\"kind\":\"fruit\"}}]}"));

    driver.get(server.uri().toString());
    WebElement keyInput = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
    keyInput.sendKeys("not-a-key");
    driver.findElement(By.id("key-submit")).click();
    WebElement keyError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-error")));
    assertTrue(keyError.getText().contains("401") && keyError.getText().contains("not valid"), keyError.getText());
    shot("reader-0-wrong-key");
    keyInput.clear();
    keyInput.sendKeys(READER);
    driver.findElement(By.id("key-submit")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("role"), "read-only"));
    assertEquals(READER, js("return sessionStorage.getItem('quiver.apiKey')"));

    // the key survives a reload (session storage), and there is nothing to write with
    driver.navigate().refresh();
    WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#collections tr[data-collection='notes']")));
    assertFalse(driver.findElement(By.id("key-dialog")).isDisplayed());
    assertTrue(driver.findElements(By.id("create-form")).isEmpty(), "no create form for a read-only key");
    shot("reader-1-collections");
    row.click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("overview")));
    assertTrue(driver.findElements(By.id("tab-add")).isEmpty(), "no Add data tab");
    assertTrue(driver.findElements(By.id("delete-collection")).isEmpty(), "no delete button");
    driver.findElement(By.id("tab-points")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#points-list article.point")));
    assertEquals(3, driver.findElements(By.cssSelector("#points-list article.point")).size());
    assertNoVisibleWriteButtons();

    // search works; a refused search shows the server's message
    driver.findElement(By.id("tab-search")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("search-text"))).sendKeys("apples");
    driver.findElement(By.id("search-button")).click();
    WebElement hit = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#search-results article.point")));
    assertEquals("1", hit.getDomAttribute("data-id"));
    assertNoVisibleWriteButtons();
    driver.findElement(By.id("search-filter")).sendKeys("{\"must\": [{\"key\": \"kind\", \"nonsense\": 1}]}");
    driver.findElement(By.id("search-button")).click();
    WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages .message.error")));
    assertTrue(error.getText().contains("400") && error.getText().contains("invalid_filter"), error.getText());
    shot("reader-2-refused-search");

    // a write the page does not offer is still refused by the server, with its message shown
    js("document.getElementById('messages').innerHTML = ''");
    js("window.location.hash = '#/c/notes/add'");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tab-body-overview")));
    assertTrue(driver.findElements(By.id("upload-files")).isEmpty(), "the Add data tab falls back to overview");

    driver.findElement(By.id("tab-map")).click();
    WebElement canvas = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("map-canvas")));
    wait.until(d -> "3".equals(canvas.getDomAttribute("data-drawn")));
    shot("reader-3-map");
  }

  private void assertNoVisibleWriteButtons() {
    for (WebElement b : driver.findElements(By.cssSelector("button, .write"))) {
      if (b.isDisplayed()) {
        String t = b.getText();
        assertFalse(t.matches("(?i).*(delete|create|upload|upsert|add index).*"), "write button shown: " + t);
      }
    }
  }

  private Path doc(String name, String text) throws IOException {
    Path p = dir.resolve("docs").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private void shot(String name) throws IOException {
    File f = driver.getScreenshotAs(OutputType.FILE);
    assertNotNull(f);
    Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** A 2×2 red PNG. */
  private static final String RED_PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==";
}
