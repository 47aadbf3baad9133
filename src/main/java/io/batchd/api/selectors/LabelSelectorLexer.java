package io.batchd.api.selectors;

/**
 * Splits a label selector string into tokens, as upstream's lexer does: identifiers run until
 * whitespace or one of {@code = ! ( ) , > <}; operators are the longest run of those symbols that
 * forms a known token; {@code in} and {@code notin} are keywords.
 *
 * <p>Like upstream, the lexer works on the string's characters with the NUL character standing for
 * the end of input, so a NUL inside the selector ends the token (or the whole selector) there.
 */
final class LabelSelectorLexer {

  /** The kinds of token; {@link #ERROR} carries its message as the literal. */
  enum Kind {
    ERROR,
    END,
    CLOSE_PAREN,
    COMMA,
    NOT,
    DOUBLE_EQUALS,
    EQUALS,
    GREATER,
    IDENTIFIER,
    IN,
    LESS,
    NOT_EQUALS,
    NOT_IN,
    OPEN_PAREN
  }

  /** A token and the text it was read from ({@code ""} at the end). */
  record Token(Kind kind, String literal) {}

  private final String s;
  private int pos;

  LabelSelectorLexer(String s) {
    this.s = s;
  }

  /** The next token; after the end, {@link Kind#END} again. */
  Token next() {
    char ch = read();
    while (isWhitespace(ch)) {
      ch = read();
    }
    if (ch == 0) {
      return new Token(Kind.END, "");
    }
    pos--;
    return isSpecial(ch) ? scanSymbol() : scanWord();
  }

  private Token scanWord() {
    StringBuilder b = new StringBuilder();
    while (true) {
      char ch = read();
      if (ch == 0) {
        break;
      }
      if (isSpecial(ch) || isWhitespace(ch)) {
        pos--;
        break;
      }
      b.append(ch);
    }
    String word = b.toString();
    return switch (word) {
      case "in" -> new Token(Kind.IN, word);
      case "notin" -> new Token(Kind.NOT_IN, word);
      default -> new Token(Kind.IDENTIFIER, word);
    };
  }

  /** The longest known operator at this position: {@code !=} rather than {@code !}. */
  private Token scanSymbol() {
    StringBuilder b = new StringBuilder();
    Token last = null;
    while (true) {
      char ch = read();
      if (ch == 0) {
        break;
      }
      if (!isSpecial(ch)) {
        pos--;
        break;
      }
      b.append(ch);
      Kind kind = symbol(b.toString());
      if (kind != null) {
        last = new Token(kind, b.toString());
      } else if (last != null) {
        pos--;
        break;
      }
    }
    if (last == null) {
      // Unreachable with today's symbols (each is a token alone); kept to mirror upstream.
      return new Token(Kind.ERROR, "error expected: keyword found '" + b + "'");
    }
    return last;
  }

  private static Kind symbol(String text) {
    return switch (text) {
      case ")" -> Kind.CLOSE_PAREN;
      case "," -> Kind.COMMA;
      case "!" -> Kind.NOT;
      case "==" -> Kind.DOUBLE_EQUALS;
      case "=" -> Kind.EQUALS;
      case ">" -> Kind.GREATER;
      case "<" -> Kind.LESS;
      case "!=" -> Kind.NOT_EQUALS;
      case "(" -> Kind.OPEN_PAREN;
      default -> null;
    };
  }

  /** The next character, or NUL at the end (where the position stops advancing). */
  private char read() {
    if (pos < s.length()) {
      return s.charAt(pos++);
    }
    return 0;
  }

  private static boolean isWhitespace(char ch) {
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
  }

  private static boolean isSpecial(char ch) {
    return switch (ch) {
      case '=', '!', '(', ')', ',', '>', '<' -> true;
      default -> false;
    };
  }
}
