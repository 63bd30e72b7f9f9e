package io.newsflow.ingest.http;

import io.javalin.http.Context;
import io.newsflow.ingest.InvalidArticleException;
import io.newsflow.runtime.ops.JsonErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text of a {@code POST /v1/articles} request: its content type (one article or a batch), its
 * size within the limit, its charset. Each refusal is answered here (415, 413, 400), so the caller
 * gets the text or nothing.
 */
record RequestText(String text, boolean batch) {
  private static final Set<String> JSON = Set.of("application/json");
  private static final Set<String> NDJSON =
      Set.of("application/x-ndjson", "application/ndjson", "application/jsonl");

  /** Most of a refused body read and dropped before the 413, see {@link #drain}. */
  private static final long DRAIN_LIMIT = 8L << 20;

  /** The request's text, or null when the request was refused and answered. */
  static RequestText read(Context ctx, int maxRequestBytes) {
    MediaType type = MediaType.parse(ctx.contentType());
    boolean batch = NDJSON.contains(type.mime());
    if (!batch && !JSON.contains(type.mime())) {
      JsonErrors.answer(
          ctx,
          415,
          "content type '"
              + (ctx.contentType() == null ? "" : ctx.contentType())
              + "' is not accepted: send one article as application/json or a batch as application/x-ndjson");
      return null;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxRequestBytes) {
      drain(ctx);
      tooLarge(ctx, declared, maxRequestBytes);
      return null;
    }
    byte[] bytes = readBody(ctx, maxRequestBytes);
    if (bytes == null) {
      return null;
    }
    try {
      return new RequestText(decode(bytes, type.charset()), batch);
    } catch (CharacterCodingException | IllegalArgumentException e) {
      IngestApi.fieldErrors(
          ctx,
          400,
          List.of(
              new InvalidArticleException.FieldError(
                  "body", "not valid " + type.charsetName() + " text: " + e.getMessage())));
      return null;
    }
  }

  private static byte[] readBody(Context ctx, int maxRequestBytes) {
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] bytes = in.readNBytes(maxRequestBytes + 1);
      if (bytes.length > maxRequestBytes) {
        drain(ctx);
        tooLarge(ctx, -1, maxRequestBytes);
        return null;
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads and drops what is left of a request that is refused for its size, up to {@link
   * #DRAIN_LIMIT} bytes, so that a client still sending it reads the 413 rather than a broken
   * connection; past that the connection is closed after the answer.
   */
  private static void drain(Context ctx) {
    try {
      InputStream in = ctx.bodyInputStream();
      long left = DRAIN_LIMIT;
      byte[] buffer = new byte[8192];
      int n;
      while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        left -= n;
      }
      if (left <= 0) {
        ctx.header("Connection", "close");
      }
    } catch (IOException e) {
      // the client is gone or stopped sending: the answer goes out if it can
    }
  }

  private static void tooLarge(Context ctx, long declared, int maxRequestBytes) {
    JsonErrors.answer(
        ctx,
        413,
        "request body "
            + (declared >= 0 ? "of " + declared + " bytes " : "")
            + "is larger than the "
            + maxRequestBytes
            + " bytes allowed (ingest.http.max.request.bytes): send smaller batches");
  }

  private static String decode(byte[] bytes, Charset charset) throws CharacterCodingException {
    int skip =
        charset.equals(StandardCharsets.UTF_8)
                && bytes.length >= 3
                && (bytes[0] & 0xff) == 0xEF
                && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF
            ? 3
            : 0;
    return charset
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip))
        .toString();
  }

  /** A Content-Type: its media type, lower case, and its charset (UTF-8 when absent). */
  record MediaType(String mime, String charsetName) {
    static MediaType parse(String header) {
      if (header == null) {
        return new MediaType("", "UTF-8");
      }
      String[] parts = header.split(";");
      String charset = "UTF-8";
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].strip().split("=", 2);
        if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")) {
          charset = kv[1].strip().replace("\"", "");
        }
      }
      return new MediaType(parts[0].strip().toLowerCase(Locale.ROOT), charset);
    }

    Charset charset() {
      try {
        return Charset.forName(charsetName);
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        throw new IllegalArgumentException("unknown charset '" + charsetName + "'", e);
      }
    }
  }
}
