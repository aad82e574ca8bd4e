package dev.sgproof.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's package) driven over the Chrome DevTools protocol with Java's own
 * HTTP and WebSocket clients: no driver binary and no library beyond Jackson. One browser, one
 * page; console messages, uncaught exceptions and log entries of level error are collected.
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration STEP = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  /**
   * The browser binary: {@code -Dsgproof.chromium=PATH} (none when it is not an executable), else
   * chromium found on PATH.
   */
  static Optional<Path> binary() {
    String given = System.getProperty("sgproof.chromium");
    if (given != null && !given.isBlank()) {
      return Files.isExecutable(Path.of(given)) ? Optional.of(Path.of(given)) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  Chromium(Path binary, int width, int height) throws IOException, InterruptedException {
    profile = Files.createTempDirectory("sgproof-chromium");
    List<String> cmd = List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--disable-dev-shm-usage", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank");
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(profile.resolve("chromium.log").toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + STEP.toNanos();
    while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String log = Files.readString(profile.resolve("chromium.log"));
        close();
        throw new IOException("chromium did not start: " + log);
      }
      Thread.sleep(50);
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    HttpClient http = HttpClient.newBuilder().connectTimeout(STEP).build();
    JsonNode targets = null;
    String page = null;
    while (page == null) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(STEP).build(),
          HttpResponse.BodyHandlers.ofString());
      targets = MAPPER.readTree(r.body());
      for (JsonNode t : targets) {
        if ("page".equals(t.path("type").asText())) {
          page = t.path("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (page == null) {
        if (System.nanoTime() > deadline) {
          throw new IOException("no page target: " + targets);
        }
        Thread.sleep(50);
      }
    }
    try {
      socket = http.newWebSocketBuilder().connectTimeout(STEP)
          .buildAsync(URI.create(page), new Listener()).get(STEP.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("cannot connect to chromium at " + page, e);
    }
    call("Runtime.enable", null);
    call("Log.enable", null);
    call("Page.enable", null);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        try {
          handle(MAPPER.readTree(message));
        } catch (IOException e) {
          errors.add("unreadable DevTools message: " + e);
        }
      }
      ws.request(1);
      return null;
    }
  }

  private void handle(JsonNode m) {
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
      if (f != null) {
        f.complete(m);
      }
      return;
    }
    String method = m.path("method").asText();
    JsonNode p = m.path("params");
    switch (method) {
      case "Runtime.consoleAPICalled" -> {
        String type = p.path("type").asText();
        if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
          StringBuilder b = new StringBuilder("console." + type + ":");
          p.path("args").forEach(a -> b.append(' ').append(a.path("value").asText(
              a.path("description").asText())));
          errors.add(b.toString());
        }
      }
      case "Runtime.exceptionThrown" -> errors.add("exception: "
          + p.path("exceptionDetails").path("exception").path("description")
              .asText(p.path("exceptionDetails").path("text").asText()));
      case "Log.entryAdded" -> {
        JsonNode e = p.path("entry");
        if (e.path("level").asText().equals("error") || e.path("level").asText().equals("warning")) {
          errors.add("log " + e.path("level").asText() + " (" + e.path("source").asText() + "): "
              + e.path("text").asText());
        }
      }
      default -> { }
    }
  }

  /** Sends one command and waits for its result; a protocol error is an exception. */
  JsonNode call(String method, ObjectNode params) throws IOException {
    int id = ids.incrementAndGet();
    ObjectNode m = MAPPER.createObjectNode();
    m.put("id", id);
    m.put("method", method);
    if (params != null) {
      m.set("params", params);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    try {
      socket.sendText(MAPPER.writeValueAsString(m), true).get(STEP.toSeconds(), TimeUnit.SECONDS);
      JsonNode r = f.get(STEP.toSeconds(), TimeUnit.SECONDS);
      if (r.has("error")) {
        throw new IOException(method + ": " + r.get("error"));
      }
      return r.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException(method + ": " + e, e);
    }
  }

  static ObjectNode params() {
    return MAPPER.createObjectNode();
  }

  /** Evaluates an expression in the page (awaiting a promise) and returns its JSON value. */
  JsonNode eval(String expression) throws IOException {
    ObjectNode p = params();
    p.put("expression", expression);
    p.put("returnByValue", true);
    p.put("awaitPromise", true);
    JsonNode r = call("Runtime.evaluate", p);
    if (r.has("exceptionDetails")) {
      throw new IOException("evaluating " + expression + ": " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /**
   * Opens the URL and waits until the page's script marks it ready and a frame has been painted
   * after that; returns milliseconds from the start of navigation to that frame, as the page's
   * clock counts them.
   */
  double open(String url) throws IOException, InterruptedException {
    ObjectNode p = params();
    p.put("url", url);
    call("Page.navigate", p);
    long deadline = System.nanoTime() + STEP.toNanos();
    while (!eval("document.readyState === 'complete' && document.body !== null"
        + " && document.body.getAttribute('data-ready') === '1'").asBoolean(false)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the page did not get ready: " + errors);
      }
      Thread.sleep(20);
    }
    return eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame("
        + "() => r(performance.now()))))").asDouble();
  }

  /** A real click (mouse pressed and released) at the centre of the element the selector finds. */
  void click(String selector) throws IOException {
    JsonNode box = eval("(() => { const e = document.querySelector(" + quote(selector) + ");"
        + " if (!e) return null; e.scrollIntoView({block: 'center', inline: 'center'});"
        + " const r = e.getBoundingClientRect();"
        + " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
    if (box == null || box.isNull() || box.isMissingNode()) {
      throw new IOException("nothing to click at " + selector);
    }
    for (String type : List.of("mousePressed", "mouseReleased")) {
      ObjectNode p = params();
      p.put("type", type);
      p.put("x", box.get("x").asDouble());
      p.put("y", box.get("y").asDouble());
      p.put("button", "left");
      p.put("clickCount", 1);
      call("Input.dispatchMouseEvent", p);
    }
  }

  /** Types into the element the selector finds, as a user would (focus, then key events). */
  void type(String selector, String text) throws IOException {
    eval("(() => { const e = document.querySelector(" + quote(selector) + "); e.focus();"
        + " e.select && e.select(); })()");
    ObjectNode p = params();
    p.put("text", text);
    call("Input.insertText", p);
  }

  /** A PNG of the whole page (beyond the window when it is taller). */
  byte[] screenshot() throws IOException {
    JsonNode metrics = call("Page.getLayoutMetrics", null);
    JsonNode size = metrics.path("cssContentSize");
    ObjectNode p = params();
    p.put("format", "png");
    p.put("captureBeyondViewport", true);
    ObjectNode clip = p.putObject("clip");
    clip.put("x", 0);
    clip.put("y", 0);
    clip.put("width", Math.ceil(size.path("width").asDouble()));
    clip.put("height", Math.min(12000, Math.ceil(size.path("height").asDouble())));
    clip.put("scale", 1);
    return Base64.getDecoder().decode(call("Page.captureScreenshot", p).path("data").asText());
  }

  /** Console errors and warnings, uncaught exceptions and error log entries so far. */
  List<String> errors() {
    return new ArrayList<>(errors);
  }

  static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.abort();
      }
    } catch (RuntimeException ignored) {
      // the browser goes anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> all = Files.walk(profile)) {
      all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary profile
    }
  }
}
