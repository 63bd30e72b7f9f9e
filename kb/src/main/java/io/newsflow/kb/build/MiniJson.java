package io.newsflow.kb.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the source files of the knowledge-base build (iso-codes, package.json),
 * so the shipped jar needs no JSON library for a build step. Objects become {@link Map}s in key
 * order, arrays {@link List}s, numbers {@link Double}s; errors give the character offset.
 */
final class MiniJson {
  private final String s;
  private int i;

  private MiniJson(String s) {
    this.s = s;
  }

  /** The value of a JSON text. */
  static Object parse(String text) {
    MiniJson p = new MiniJson(text);
    Object value = p.value();
    p.whitespace();
    if (p.i != text.length()) {
      throw p.error("text after the JSON value");
    }
    return value;
  }

  private Object value() {
    whitespace();
    if (i >= s.length()) {
      throw error("value expected, found the end");
    }
    char c = s.charAt(i);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    i++;
    whitespace();
    if (peek() == '}') {
      i++;
      return map;
    }
    while (true) {
      whitespace();
      if (peek() != '"') {
        throw error("object key expected");
      }
      String key = string();
      whitespace();
      expect(':');
      map.put(key, value());
      whitespace();
      if (peek() == ',') {
        i++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    i++;
    whitespace();
    if (peek() == ']') {
      i++;
      return list;
    }
    while (true) {
      list.add(value());
      whitespace();
      if (peek() == ',') {
        i++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String string() {
    i++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (i >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(i++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i >= s.length()) {
        throw error("unterminated escape");
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          i += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object literal(String word, Object value) {
    if (!s.startsWith(word, i)) {
      throw error("unexpected character '" + s.charAt(i) + "'");
    }
    i += word.length();
    return value;
  }

  private Double number() {
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    if (start == i) {
      throw error("unexpected character '" + s.charAt(i) + "'");
    }
    try {
      return Double.valueOf(s.substring(start, i));
    } catch (NumberFormatException e) {
      i = start;
      throw error("bad number");
    }
  }

  private void whitespace() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      i++;
    }
  }

  private char peek() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(i);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("'" + c + "' expected");
    }
    i++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON: " + what + " at character " + i);
  }
}
