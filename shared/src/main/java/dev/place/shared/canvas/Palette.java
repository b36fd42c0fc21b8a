package dev.place.shared.canvas;

import java.util.List;

/** The 16 colours of the canvas. Index 0 is white, so a tile that was never written is blank. */
public final class Palette {

  public static final int SIZE = 16;

  /** r/place 2017's palette, as {@code #RRGGBB}. */
  public static final List<String> COLOURS =
      List.of(
          "#FFFFFF", "#E4E4E4", "#888888", "#222222", "#FFA7D1", "#E50000", "#E59500", "#A06A42",
          "#E5D900", "#94E044", "#02BE01", "#00D3DD", "#0083C7", "#0000EA", "#CF6EE4", "#820080");

  private Palette() {}

  public static boolean isValid(int colour) {
    return colour >= 0 && colour < SIZE;
  }
}
