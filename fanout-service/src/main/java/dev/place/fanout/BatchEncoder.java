package dev.place.fanout;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes one interval's updates as {@code batch} messages (docs/protocol.md), grouped by tile:
 * {@code {"type":"batch","tiles":[{"tile":"0:0","seq":[5,6],"px":[x,y,c,x,y,c]}]}}. The encoding
 * is shared by every connection of the instance. A busy interval is split into several messages,
 * each under {@code maxBytes} (PostToConnection takes at most 128 KB); a tile's run may continue
 * in the next message, still in sequence order.
 */
final class BatchEncoder {

  private static final String HEAD = "{\"type\":\"batch\",\"tiles\":[";
  private static final int TAIL_RESERVE = 64;

  private BatchEncoder() {}

  static List<String> encode(Map<TileId, List<PixelEvent>> byTile, int maxBytes) {
    List<String> messages = new ArrayList<>(1);
    StringBuilder message = new StringBuilder(HEAD);
    boolean messageHasTile = false;
    for (Map.Entry<TileId, List<PixelEvent>> tile : byTile.entrySet()) {
      List<PixelEvent> events = tile.getValue();
      int i = 0;
      while (i < events.size()) {
        int start = i;
        StringBuilder seqs = new StringBuilder();
        StringBuilder px = new StringBuilder();
        String tileHead = "{\"tile\":\"" + tile.getKey() + "\",\"seq\":[";
        int fixed = message.length() + (messageHasTile ? 1 : 0) + tileHead.length() + "],\"px\":[]}".length() + TAIL_RESERVE;
        while (i < events.size()) {
          PixelEvent e = events.get(i);
          String s = (i == start ? "" : ",") + e.seq();
          String p = (i == start ? "" : ",") + e.x() + "," + e.y() + "," + e.colour();
          if (i > start && fixed + seqs.length() + px.length() + s.length() + p.length() > maxBytes) {
            break;
          }
          seqs.append(s);
          px.append(p);
          i++;
        }
        if (messageHasTile && fixed + seqs.length() + px.length() > maxBytes) {
          // Not even one event fits behind what this message already holds: start a new message.
          messages.add(message.append("]}").toString());
          message = new StringBuilder(HEAD);
          messageHasTile = false;
          i = start;
          continue;
        }
        message.append(messageHasTile ? "," : "").append(tileHead).append(seqs).append("],\"px\":[").append(px).append("]}");
        messageHasTile = true;
        if (i < events.size()) {
          messages.add(message.append("]}").toString());
          message = new StringBuilder(HEAD);
          messageHasTile = false;
        }
      }
    }
    if (messageHasTile) {
      messages.add(message.append("]}").toString());
    }
    return messages;
  }
}
