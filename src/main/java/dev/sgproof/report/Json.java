package dev.sgproof.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one way sgproof prints JSON: indented, LF line ends, a final newline, fields in order. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Two spaces a level, LF line ends, {@code "name" : value}, {@code [ ]} when empty. */
  public static DefaultPrettyPrinter prettyPrinter() {
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
    pp.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    pp.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    return pp;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static String render(ObjectNode root) {
    try {
      return MAPPER.writer(prettyPrinter()).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
