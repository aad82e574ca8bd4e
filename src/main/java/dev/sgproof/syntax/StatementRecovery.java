package dev.sgproof.syntax;

import static dev.sgproof.syntax.antlr.SgProofParser.*;

import java.util.function.BiConsumer;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Error strategy: messages in plain words, at most one error per rule line or statement, and
 * recovery that skips to the next line that starts a statement, a rule or a NIC (or to a '}').
 */
final class StatementRecovery extends DefaultErrorStrategy {
  private static final IntervalSet ANCHORS =
      new IntervalSet(GROUP, INSTANCE, ASSERT, INCLUDE, INGRESS, EGRESS, NIC);

  private final BiConsumer<Token, String> report;
  private int lastReportedUnit = -1;

  StatementRecovery(BiConsumer<Token, String> report) {
    this.report = report;
  }

  @Override
  public void recover(Parser recognizer, RecognitionException e) {
    TokenStream in = recognizer.getInputStream();
    if (lastErrorIndex == in.index()
        && lastErrorStates != null
        && lastErrorStates.contains(recognizer.getState())) {
      recognizer.consume();
    }
    lastErrorIndex = in.index();
    if (lastErrorStates == null) {
      lastErrorStates = new IntervalSet();
    }
    lastErrorStates.add(recognizer.getState());
    IntervalSet follow = getErrorRecoverySet(recognizer);
    while (!isAnchor(in, follow)) {
      recognizer.consume();
    }
  }

  private static boolean isAnchor(TokenStream in, IntervalSet follow) {
    Token t = in.LT(1);
    int type = t.getType();
    if (type == Token.EOF) {
      return true;
    }
    if (!follow.contains(type)) {
      return false;
    }
    if (type == RBRACE) {
      return true;
    }
    Token previous = in.LT(-1);
    return ANCHORS.contains(type) && (previous == null || previous.getLine() != t.getLine());
  }

  @Override
  protected void reportNoViableAlternative(Parser recognizer, NoViableAltException e) {
    emit(
        recognizer,
        e.getOffendingToken(),
        Expectations.expected(recognizer, e.getExpectedTokens(), e.getOffendingToken()));
  }

  @Override
  protected void reportInputMismatch(Parser recognizer, InputMismatchException e) {
    emit(
        recognizer,
        e.getOffendingToken(),
        Expectations.expected(recognizer, e.getExpectedTokens(), e.getOffendingToken()));
  }

  @Override
  protected void reportFailedPredicate(Parser recognizer, FailedPredicateException e) {
    emit(
        recognizer,
        e.getOffendingToken(),
        "unexpected " + Expectations.found(e.getOffendingToken()));
  }

  @Override
  protected void reportUnwantedToken(Parser recognizer) {
    if (inErrorRecoveryMode(recognizer)) {
      return;
    }
    beginErrorCondition(recognizer);
    Token t = recognizer.getCurrentToken();
    emit(recognizer, t, Expectations.unwanted(recognizer, getExpectedTokens(recognizer), t));
  }

  @Override
  protected void reportMissingToken(Parser recognizer) {
    if (inErrorRecoveryMode(recognizer)) {
      return;
    }
    beginErrorCondition(recognizer);
    Token t = recognizer.getCurrentToken();
    emit(recognizer, t, Expectations.expected(recognizer, getExpectedTokens(recognizer), t));
  }

  /** Reports unless an error was already reported for the same rule, NIC or statement. */
  private void emit(Parser recognizer, Token at, String message) {
    int unit = unitStart(recognizer.getContext());
    if (unit >= 0 && unit == lastReportedUnit) {
      return;
    }
    lastReportedUnit = unit;
    report.accept(at, message);
  }

  private static int unitStart(ParserRuleContext c) {
    for (ParserRuleContext p = c; p != null; p = p.getParent()) {
      if (p instanceof RuleDeclContext
          || p instanceof NicDeclContext
          || p instanceof StatementContext) {
        return p.getStart().getTokenIndex();
      }
    }
    return -1;
  }
}
