package io.newsflow.enrich.links;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * For the hyperlink resolver, keyed by an article id: that article has arrived (with its title), or
 * another article links to its URL. Internal to link building.
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
    return LinkCodec.serde(
        FORMAT,
        "hyperlink event",
        e -> 112,
        (out, e) -> writeList(out, List.of(e)),
        in -> readList(in).get(0));
  }

  static Serde<List<HyperlinkEvent>> listSerde() {
    return LinkCodec.serde(
        FORMAT,
        "hyperlink event",
        list -> 16 + 96 * list.size(),
        HyperlinkEvent::writeList,
        HyperlinkEvent::readList);
  }

  /**
   * Format 2: {@link LinkCodec}; 1 (DataOutputStream) was that of the enrich application's stores.
   */
  private static final int FORMAT = 2;

  private static void writeList(LinkCodec.Writer out, List<HyperlinkEvent> events) {
    out.writeVarInt(events.size());
    for (HyperlinkEvent e : events) {
      write(out, e);
    }
  }

  private static List<HyperlinkEvent> readList(LinkCodec.Reader in) {
    int n = in.readVarInt();
    List<HyperlinkEvent> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(read(in));
    }
    return out;
  }

  /** Writes one event (long URLs and texts cut: they are evidence, not keys). */
  static void write(LinkCodec.Writer out, HyperlinkEvent e) {
    out.writeBoolean(e.arrival);
    out.writeString(e.from);
    out.writeString(e.url.length() > 4000 ? e.url.substring(0, 4000) : e.url);
    out.writeString(e.text.length() > 1000 ? e.text.substring(0, 1000) : e.text);
    out.writeLong(e.time);
  }

  static HyperlinkEvent read(LinkCodec.Reader in) {
    return new HyperlinkEvent(
        in.readBoolean(), in.readString(), in.readString(), in.readString(), in.readLong());
  }
}
