package dev.place.local.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StaticFilesTest {

  @TempDir
  Path root;

  @Test
  void directoryUrlServesIndexHtmlWithETagAndCacheControl() throws Exception {
    Files.writeString(root.resolve("index.html"), "<p>hi</p>");
    HttpApiResponse response = new StaticFiles("/app", root, "no-cache").serve("GET", "/app/", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers()).contains(Map.entry("content-type", "text/html; charset=utf-8"),
        Map.entry("cache-control", "no-cache"));
    assertThat(response.headers()).anySatisfy(header -> {
      assertThat(header.getKey()).isEqualTo("etag");
      assertThat(header.getValue()).matches("\"[0-9a-f]{32}\"");
    });
  }

  @Test
  void timelapseResultsHaveTheContentTypesS3Gives() throws Exception {
    Files.write(root.resolve("a.mp4"), new byte[] {0, 0, 0, 8, 'f', 't', 'y', 'p'});
    Files.write(root.resolve("a.gif"), "GIF89a".getBytes());
    StaticFiles files = new StaticFiles("/timelapse", root, "public, max-age=31536000, immutable");
    assertThat(files.serve("GET", "/timelapse/a.mp4", null).headers()).contains(Map.entry("content-type", "video/mp4"));
    assertThat(files.serve("GET", "/timelapse/a.gif", null).headers()).contains(Map.entry("content-type", "image/gif"));
  }

  @Test
  void matchingIfNoneMatchGivesNotModifiedAndAChangedFileANewETag() throws Exception {
    Path file = root.resolve("app.js");
    Files.writeString(file, "v1");
    StaticFiles files = new StaticFiles("/", root, "max-age=0");
    String etag = etag(files.serve("GET", "/app.js", null));
    assertThat(files.serve("GET", "/app.js", "\"other\", " + etag).statusCode()).isEqualTo(304);
    assertThat(files.serve("GET", "/app.js", "W/" + etag).statusCode()).isEqualTo(304);
    Files.writeString(file, "v2");
    HttpApiResponse changed = files.serve("GET", "/app.js", etag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(etag(changed)).isNotEqualTo(etag);
  }

  @Test
  void pathsOutsideTheRootAndMissingFilesAreNotFound() throws Exception {
    Files.writeString(root.resolveSibling("secret.txt"), "no");
    StaticFiles files = new StaticFiles("/static", root, "no-store");
    assertThat(files.serve("GET", "/static/..%2Fsecret.txt", null).statusCode()).isEqualTo(404);
    assertThat(files.serve("GET", "/static/missing.css", null).statusCode()).isEqualTo(404);
    assertThat(files.covers("/staticky")).isFalse();
    assertThat(files.covers("/static/a")).isTrue();
  }

  @Test
  void onlyReadsAreAllowed() {
    assertThat(new StaticFiles("/", root, "no-store").serve("POST", "/index.html", null).statusCode()).isEqualTo(405);
  }

  private static String etag(HttpApiResponse response) {
    return response.headers().stream().filter(header -> header.getKey().equals("etag")).findFirst().orElseThrow().getValue();
  }
}
