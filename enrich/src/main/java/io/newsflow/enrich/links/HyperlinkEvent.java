package io.newsflow.enrich.links;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * For the hyperlink resolver, keyed by an article id: that article has arrived (with its title), or
 * another article links to its URL. Internal to enrich.
 *
 * @param arrival true when the keyed article itself arrived
 * @param from the linking article (when not an arrival)
 * @param url the canonical URL linked to (when not an arrival)
 * @param text the anchor text, or the arrived article's title
 * @param time the event time of the arrived or the linking article (epoch ms)
 */
record HyperlinkEvent(boolean arrival, String from, String url, String text, long time) {

  static HyperlinkEvent arrival(String title, long time) {
    return new HyperlinkEvent(true, "", "", title, time);
  }

  static HyperlinkEvent link(String from, String url, String anchor, long time) {
    return new HyperlinkEvent(false, from, url, anchor == null ? "" : anchor, time);
  }

  static Serde<HyperlinkEvent> serde() {
    Serializer<HyperlinkEvent> serializer = (topic, e) -> e == null ? null : write(List.of(e));
    Deserializer<HyperlinkEvent> deserializer =
        (topic, data) -> data == null ? null : read(data).get(0);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  static Serde<List<HyperlinkEvent>> listSerde() {
    Serializer<List<HyperlinkEvent>> serializer =
        (topic, list) -> list == null ? null : write(list);
    Deserializer<List<HyperlinkEvent>> deserializer =
        (topic, data) -> data == null ? null : read(data);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  private static byte[] write(List<HyperlinkEvent> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * events.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(events.size());
      for (HyperlinkEvent e : events) {
        out.writeBoolean(e.arrival);
        out.writeUTF(e.from);
        out.writeUTF(e.url.length() > 4000 ? e.url.substring(0, 4000) : e.url);
        out.writeUTF(e.text.length() > 1000 ? e.text.substring(0, 1000) : e.text);
        out.writeLong(e.time);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }

  private static List<HyperlinkEvent> read(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readByte() != 1) {
        throw new IllegalStateException("unknown hyperlink event format");
      }
      int n = in.readInt();
      List<HyperlinkEvent> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(
            new HyperlinkEvent(
                in.readBoolean(), in.readUTF(), in.readUTF(), in.readUTF(), in.readLong()));
      }
      return out;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
