package io.batchd.api.selectors;

import io.batchd.api.errors.FieldError;
import io.batchd.api.errors.StatusException;
import io.batchd.api.selectors.LabelSelectorLexer.Kind;
import io.batchd.api.selectors.LabelSelectorLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Upstream's recursive-descent parser for the label selector syntax:
 *
 * <pre>
 *   selector    ::= requirement ("," requirement)*
 *   requirement ::= ["!"] KEY [ ("in" | "notin") "(" values ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 * </pre>
 *
 * <p>The order of its checks decides which message a client sees for a bad selector, so the steps
 * below follow upstream's one for one. Messages that say where parsing stopped inside a requirement
 * are prefixed {@code unable to parse requirement: }; those between requirements are not.
 */
final class LabelSelectorParser {

  /** Where a token is read: in values, the keywords {@code in}/{@code notin} are plain words. */
  private enum Context {
    KEY_AND_OPERATOR,
    VALUES
  }

  private final List<Token> tokens = new ArrayList<>();
  private int position;

  private LabelSelectorParser(String selector) {
    LabelSelectorLexer lexer = new LabelSelectorLexer(selector);
    Token t;
    do {
      t = lexer.next();
      tokens.add(t);
    } while (t.kind() != Kind.END);
  }

  /**
   * The requirements of a selector, in the order written.
   *
   * @throws StatusException 400 with upstream's message when the selector is malformed
   */
  static List<LabelRequirement> parse(String selector) {
    return new LabelSelectorParser(selector).requirements();
  }

  private List<LabelRequirement> requirements() {
    List<LabelRequirement> result = new ArrayList<>();
    while (true) {
      Token t = lookahead(Context.VALUES);
      switch (t.kind()) {
        case IDENTIFIER, NOT -> {
          result.add(requirement());
          Token after = consume(Context.VALUES);
          switch (after.kind()) {
            case END -> {
              return result;
            }
            case COMMA -> {
              Token next = lookahead(Context.VALUES);
              if (next.kind() != Kind.IDENTIFIER && next.kind() != Kind.NOT) {
                throw fail("found '" + next.literal() + "', expected: identifier after ','");
              }
            }
            default ->
                throw fail("found '" + after.literal() + "', expected: ',' or 'end of string'");
          }
        }
        case END -> {
          return result;
        }
        default ->
            throw fail("found '" + t.literal() + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private LabelRequirement requirement() {
    // "!key" ends the requirement at once: whatever follows is judged by the caller.
    LabelOperator operator = null;
    Token t = consume(Context.VALUES);
    if (t.kind() == Kind.NOT) {
      operator = LabelOperator.DOES_NOT_EXIST;
      t = consume(Context.VALUES);
    }
    if (t.kind() != Kind.IDENTIFIER) {
      throw failInRequirement("found '" + t.literal() + "', expected: identifier");
    }
    String key = t.literal();
    List<String> keyErrors = LabelValidation.qualifiedNameErrors(key);
    if (!keyErrors.isEmpty()) {
      // Upstream validates against a nil field path, which prints as "<nil>".
      throw failInRequirement(
          GoText.error(FieldError.invalid("<nil>", key, String.join("; ", keyErrors))));
    }
    Kind next = lookahead(Context.VALUES).kind();
    if ((next == Kind.END || next == Kind.COMMA) && operator == null) {
      operator = LabelOperator.EXISTS;
    }
    if (operator != null) {
      return build(key, operator, List.of());
    }
    operator = operator();
    List<String> values =
        switch (operator) {
          case IN, NOT_IN -> setValues();
          default -> exactValue();
        };
    return build(key, operator, values);
  }

  private LabelOperator operator() {
    Token t = consume(Context.KEY_AND_OPERATOR);
    return switch (t.kind()) {
      case IN -> LabelOperator.IN;
      case EQUALS -> LabelOperator.EQUALS;
      case DOUBLE_EQUALS -> LabelOperator.DOUBLE_EQUALS;
      case GREATER -> LabelOperator.GREATER_THAN;
      case LESS -> LabelOperator.LESS_THAN;
      case NOT_IN -> LabelOperator.NOT_IN;
      case NOT_EQUALS -> LabelOperator.NOT_EQUALS;
      default ->
          throw failInRequirement(
              "found '" + t.literal() + "', expected: in, notin, =, ==, !=, gt, lt");
    };
  }

  /** {@code (a,b,c)}: a set, so sorted and without duplicates; {@code ()} is the empty string. */
  private List<String> setValues() {
    Token open = consume(Context.VALUES);
    if (open.kind() != Kind.OPEN_PAREN) {
      // Upstream's wording has no comma here.
      throw failInRequirement("found '" + open.literal() + "' expected: '('");
    }
    Token first = lookahead(Context.VALUES);
    switch (first.kind()) {
      case IDENTIFIER, COMMA -> {
        List<String> values = identifierList();
        Token close = consume(Context.VALUES);
        if (close.kind() != Kind.CLOSE_PAREN) {
          // Unreachable (the list ends only before ')'); upstream names the first token here.
          throw failInRequirement("found '" + first.literal() + "', expected: ')'");
        }
        return values;
      }
      case CLOSE_PAREN -> {
        consume(Context.VALUES);
        return List.of("");
      }
      default ->
          throw failInRequirement(
              "found '" + first.literal() + "', expected: ',', ')' or identifier");
    }
  }

  /** Comma-separated, possibly empty values; stops before the closing parenthesis. */
  private List<String> identifierList() {
    TreeSet<String> values = new TreeSet<>(GoText::compare);
    while (true) {
      Token t = consume(Context.VALUES);
      switch (t.kind()) {
        case IDENTIFIER -> {
          values.add(t.literal());
          Token next = lookahead(Context.VALUES);
          switch (next.kind()) {
            case COMMA -> {}
            case CLOSE_PAREN -> {
              return List.copyOf(values);
            }
            default ->
                throw failInRequirement("found '" + next.literal() + "', expected: ',' or ')'");
          }
        }
        case COMMA -> {
          // An empty place in the list — "(,a", "a,)" or "a,,b" — is the empty string.
          if (values.isEmpty()) {
            values.add("");
          }
          Token next = lookahead(Context.VALUES);
          if (next.kind() == Kind.CLOSE_PAREN) {
            values.add("");
            return List.copyOf(values);
          }
          if (next.kind() == Kind.COMMA) {
            consume(Context.VALUES);
            values.add("");
          }
        }
        default ->
            throw failInRequirement("found '" + t.literal() + "', expected: ',', or identifier");
      }
    }
  }

  /** The single value after {@code =}, {@code ==}, {@code !=}, {@code >} or {@code <}. */
  private List<String> exactValue() {
    Kind next = lookahead(Context.VALUES).kind();
    if (next == Kind.END || next == Kind.COMMA) {
      return List.of("");
    }
    Token t = consume(Context.VALUES);
    if (t.kind() == Kind.IDENTIFIER) {
      return List.of(t.literal());
    }
    throw failInRequirement("found '" + t.literal() + "', expected: identifier");
  }

  private LabelRequirement build(String key, LabelOperator operator, List<String> values) {
    List<FieldError> problems = LabelRequirement.problems(key, operator, values, null);
    if (!problems.isEmpty()) {
      throw failInRequirement(GoText.aggregate(problems));
    }
    return new LabelRequirement(key, operator, values);
  }

  private Token lookahead(Context context) {
    return inContext(tokens.get(position), context);
  }

  private Token consume(Context context) {
    // The END token repeats, as reading past the end of upstream's scanned items cannot happen.
    Token t = tokens.get(position);
    if (position < tokens.size() - 1) {
      position++;
    }
    return inContext(t, context);
  }

  private static Token inContext(Token t, Context context) {
    if (context == Context.VALUES && (t.kind() == Kind.IN || t.kind() == Kind.NOT_IN)) {
      return new Token(Kind.IDENTIFIER, t.literal());
    }
    return t;
  }

  private static StatusException failInRequirement(String why) {
    return fail("unable to parse requirement: " + why);
  }

  private static StatusException fail(String message) {
    return StatusException.badRequest(message);
  }
}
