/**
 * Text -> AST. {@link dev.sgproof.syntax.Parser#parse} runs the ANTLR lexer and parser generated
 * from {@code grammar/SgProof.g4} and turns the tree into the sealed records of {@code syntax.ast}.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li>The grammar is permissive (any integer, options in any order, either preposition, optional
 *       memberships, either arrow with any claim); the resolver is strict.
 *   <li>Syntax errors are SG001 with a message in plain words ("expected a protocol (tcp, ...),
 *       found '80'"). At most one per rule, NIC or statement; recovery skips to the next line that
 *       starts a statement, rule or NIC (or to a '}'); at most 50 in all, then a note.
 *   <li>Lexical errors (unexpected character, unterminated string) are reported once per line; no
 *       parser error is reported on a line that already has one.
 *   <li>When a file has a syntax error the AST is empty: a partial tree would only produce
 *       follow-on errors in the resolver.
 *   <li>A name does not end in '-', so that {@code A->B} lexes as A, ->, B.
 *   <li>Columns count Unicode code points (ANTLR's view), 1-based.
 * </ul>
 */
package dev.sgproof.syntax;
