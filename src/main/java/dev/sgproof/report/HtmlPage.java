package dev.sgproof.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The HTML page of {@code sgproof report}: one self-contained file. The data ({@link
 * HtmlReport#model}) is embedded as JSON in a {@code <script type="application/json">} block,
 * with {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped so that no text of the spec can
 * end the block or be read as markup; the page's own style and script (resources beside this
 * class) follow inline. A Content-Security-Policy allows only that script and style (by their
 * SHA-256) and no connection, image or font from anywhere: the page works offline and loads
 * nothing. The script puts every text of the spec into the page as text, never as markup.
 */
public final class HtmlPage {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HtmlPage() {}

  public static String render(ObjectNode model) {
    String css = resource("report.css");
    String js = resource("report.js");
    String data = scriptSafe(compact(model));
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("script-src '").append(sha256(js)).append("'; style-src '")
        .append(sha256(css)).append("'; img-src data:\">\n")
        .append("<meta name=\"generator\" content=\"sgproof ")
        .append(escape(model.path("sgproof").asText())).append("\">\n")
        .append("<title>").append(escape(title(model))).append("</title>\n")
        .append("<style>").append(css).append("</style>\n</head>\n<body>\n")
        .append("<noscript><p>This report is drawn by its inline script; enable JavaScript to"
            + " read it.</p></noscript>\n")
        .append("<div id=\"app\"></div>\n")
        .append("<script type=\"application/json\" id=\"sgproof-data\">").append(data)
        .append("</script>\n")
        .append("<script>").append(js).append("</script>\n</body>\n</html>\n");
    return b.toString();
  }

  private static String title(ObjectNode model) {
    StringBuilder t = new StringBuilder("sgproof report");
    var files = model.path("files");
    for (int i = 0; i < files.size() && i < 3; i++) {
      t.append(i == 0 ? ": " : ", ").append(files.get(i).path("file").asText());
    }
    if (files.size() > 3) {
      t.append(", ...");
    }
    return t.toString();
  }

  /** JSON on one line, fields in order. */
  static String compact(ObjectNode model) {
    try {
      return MAPPER.writeValueAsString(model);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * JSON text that can sit inside a script element: {@code <}, {@code >} and {@code &} (which can
   * only occur inside JSON strings) and the line separators U+2028, U+2029 as {@code \}{@code u}
   * escapes, which JSON.parse reads back as the same characters.
   */
  static String scriptSafe(String json) {
    StringBuilder b = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> b.append("\\u003c");
        case '>' -> b.append("\\u003e");
        case '&' -> b.append("\\u0026");
        case '\u2028' -> b.append("\\u2028");
        case '\u2029' -> b.append("\\u2029");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Text for HTML content or a quoted attribute value. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
