package dev.place.local.http;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the route for a request the way HTTP APIs do: the most specific match wins. Paths are compared first
 * (no greedy variable beats a greedy one; then, segment by segment from the left, a literal beats a variable),
 * then a route for the request's method beats {@code ANY}; {@code $default} only catches what nothing else matched.
 */
final class RouteTable {

  record Match(HttpRoute route, Map<String, String> pathParameters) {
  }

  private static final Comparator<HttpRoute> MOST_SPECIFIC_FIRST = RouteTable::compareSpecificity;

  private final List<HttpRoute> routes;
  private final HttpRoute defaultRoute;

  RouteTable(List<HttpRoute> routes) {
    this.routes = routes.stream().filter(route -> !route.isDefault()).sorted(MOST_SPECIFIC_FIRST).toList();
    this.defaultRoute = routes.stream().filter(HttpRoute::isDefault).findFirst().orElse(null);
  }

  /** The best non-default route matching the request. */
  Optional<Match> find(String method, String rawPath) {
    for (HttpRoute route : routes) {
      Optional<Map<String, String>> parameters = route.match(method, rawPath);
      if (parameters.isPresent()) {
        return Optional.of(new Match(route, parameters.get()));
      }
    }
    return Optional.empty();
  }

  Optional<Match> defaultRoute() {
    return Optional.ofNullable(defaultRoute).map(route -> new Match(route, Map.of()));
  }

  private static int compareSpecificity(HttpRoute a, HttpRoute b) {
    boolean aGreedy = hasGreedy(a);
    boolean bGreedy = hasGreedy(b);
    if (aGreedy != bGreedy) {
      return aGreedy ? 1 : -1;
    }
    int shared = Math.min(a.segments().size(), b.segments().size());
    for (int i = 0; i < shared; i++) {
      int byKind = a.segments().get(i).kind().compareTo(b.segments().get(i).kind());
      if (byKind != 0) {
        return byKind;
      }
    }
    if (a.segments().size() != b.segments().size()) {
      return Integer.compare(b.segments().size(), a.segments().size());
    }
    return Boolean.compare(a.anyMethod(), b.anyMethod());
  }

  private static boolean hasGreedy(HttpRoute route) {
    return route.segments().stream().anyMatch(segment -> segment.kind() == HttpRoute.Kind.GREEDY);
  }
}
