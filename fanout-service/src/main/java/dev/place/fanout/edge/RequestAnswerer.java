package dev.place.fanout.edge;

/** The answer to one client message, as {@code ClientRequests.answer} gives it; null for no answer. */
@FunctionalInterface
interface RequestAnswerer {
  String answer(EdgeConnection connection, String body);
}
