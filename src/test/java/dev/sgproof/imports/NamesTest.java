package dev.sgproof.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sgproof.syntax.antlr.SgProofLexer;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NamesTest {

  /** A cloud object named after a keyword must get another name, or the spec would not parse. */
  @Test
  void everyKeywordOfTheGrammarIsRefusedAsAName() {
    TreeSet<String> keywords = new TreeSet<>();
    for (int t = 0; t <= SgProofLexer.VOCABULARY.getMaxTokenType(); t++) {
      String literal = SgProofLexer.VOCABULARY.getLiteralName(t);
      if (literal != null && literal.matches("'[a-z][a-z0-9-]*'")) {
        keywords.add(literal.substring(1, literal.length() - 1));
      }
    }
    assertEquals(keywords, new TreeSet<>(Names.KEYWORDS));
    assertFalse(Names.valid("external"));
    assertFalse(Names.valid("internet"));
  }
}
