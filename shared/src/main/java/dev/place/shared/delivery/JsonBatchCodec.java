package dev.place.shared.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON {@code batch} (docs/protocol.md), for scripts and tools:
 * {@code {"type":"batch","tiles":[{"tile":"0:0","seq":[5,6],"px":[x,y,c,x,y,c]},
 * {"tile":"1:0","from":3,"to":9,"px":[...]},{"tile":"2:0","from":3,"to":9,"resync":true}]}}: a
 * sequence run, a coalesced run and a resync, with canvas coordinates. A busy interval is split into
 * messages of at most {@code maxBytes}; only sequence runs continue from one message into the next.
 */
public final class JsonBatchCodec {

  private static final String HEAD = "{\"type\":\"batch\",\"tiles\":[";
  private static final String TAIL = "]}";
  /** A tile head, its fields and a closing brace never take more than this. */
  private static final int RUN_OVERHEAD = 96;
  /** The most one pixel ({@code ,x,y,c} and {@code ,seq}) can take. */
  private static final int MAX_PIXEL_CHARS = 2 * 11 + 4 + 21;

  private final int tileSize;

  public JsonBatchCodec(int tileSize) {
    this.tileSize = tileSize;
  }

  public List<String> encode(List<TileRun> runs, int maxBytes) {
    List<String> messages = new ArrayList<>(1);
    StringBuilder out = new StringBuilder(HEAD);
    boolean hasRun = false;
    for (TileRun run : runs) {
      int from = 0;
      do {
        int room = maxBytes - out.length() - TAIL.length() - RUN_OVERHEAD;
        boolean sequence = run.kind() == TileRun.Kind.SEQUENCE;
        int fits = sequence ? Math.min(run.size() - from, room / MAX_PIXEL_CHARS) : run.size();
        if (sequence ? fits <= 0 : room < run.size() * MAX_PIXEL_CHARS) {
          if (!hasRun) {
            throw new IllegalArgumentException(run + " does not fit in a message of " + maxBytes + " bytes");
          }
          messages.add(out.append(TAIL).toString());
          out = new StringBuilder(HEAD);
          hasRun = false;
          if (sequence) {
            continue;
          }
          room = maxBytes - out.length() - TAIL.length() - RUN_OVERHEAD;
          if (room < run.size() * MAX_PIXEL_CHARS) {
            throw new IllegalArgumentException(run + " does not fit in a message of " + maxBytes + " bytes");
          }
        }
        if (hasRun) {
          out.append(',');
        }
        hasRun = true;
        out.append("{\"tile\":\"").append(run.tile()).append('"');
        switch (run.kind()) {
          case SEQUENCE -> {
            out.append(",\"seq\":[");
            for (int i = from; i < from + fits; i++) {
              out.append(i == from ? "" : ",").append(run.firstSeq() + i);
            }
            out.append("],");
            pixels(out, run, from, from + fits);
            from += fits;
          }
          case COALESCED -> {
            out.append(",\"from\":").append(run.firstSeq()).append(",\"to\":").append(run.lastSeq()).append(',');
            pixels(out, run, 0, run.size());
            from = run.size();
          }
          case RESYNC -> {
            out.append(",\"from\":").append(run.firstSeq()).append(",\"to\":").append(run.lastSeq())
                .append(",\"resync\":true");
            from = run.size();
          }
        }
        out.append('}');
      } while (from < run.size());
    }
    if (hasRun || messages.isEmpty()) {
      messages.add(out.append(TAIL).toString());
    }
    return messages;
  }

  private void pixels(StringBuilder out, TileRun run, int from, int to) {
    int baseX = run.tile().tx() * tileSize;
    int baseY = run.tile().ty() * tileSize;
    out.append("\"px\":[");
    for (int i = from; i < to; i++) {
      int p = run.pixels()[i];
      int index = TileRun.indexOf(p);
      out.append(i == from ? "" : ",").append(baseX + index % tileSize).append(',').append(baseY + index / tileSize)
          .append(',').append(TileRun.colourOf(p));
    }
    out.append(']');
  }
}
