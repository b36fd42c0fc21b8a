package dev.place.local.http;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Files under a directory served at a URL prefix, standing in for what a CDN in front of a bucket does on AWS
 * (it is not part of API Gateway): GET and HEAD, {@code index.html} for directory URLs, a strong content-hash
 * {@code ETag} with {@code If-None-Match} revalidation (304), and a fixed {@code Cache-Control}. Paths that would
 * leave the directory are not found.
 */
final class StaticFiles {

  private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      // Timelapse results: the worker uploads them to S3 with this type; browsers then play them inline.
      Map.entry("mp4", "video/mp4"),
      Map.entry("webp", "image/webp"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("wasm", "application/wasm"),
      Map.entry("woff2", "font/woff2"));

  private final String prefix;
  private final Path root;
  private final String cacheControl;

  StaticFiles(String urlPrefix, Path root, String cacheControl) {
    if (!urlPrefix.startsWith("/")) {
      throw new IllegalArgumentException("URL prefix must start with '/': " + urlPrefix);
    }
    this.prefix = urlPrefix.length() > 1 && urlPrefix.endsWith("/")
        ? urlPrefix.substring(0, urlPrefix.length() - 1)
        : urlPrefix;
    this.root = root.toAbsolutePath().normalize();
    this.cacheControl = cacheControl;
  }

  boolean covers(String rawPath) {
    return prefix.equals("/") || rawPath.equals(prefix) || rawPath.startsWith(prefix + "/");
  }

  HttpApiResponse serve(String method, String rawPath, String ifNoneMatch) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return HttpApiResponse.error(405, "Method Not Allowed");
    }
    String relative = decode(rawPath.substring(prefix.equals("/") ? 0 : prefix.length()));
    if (relative.isEmpty() || relative.endsWith("/")) {
      relative = relative + "index.html";
    }
    Path file = root.resolve(relative.startsWith("/") ? relative.substring(1) : relative).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      return HttpApiResponse.notFound();
    }
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException unreadable) {
      return HttpApiResponse.notFound();
    }
    String etag = "\"" + sha256(content).substring(0, 32) + "\"";
    if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
      return new HttpApiResponse(304, List.of(Map.entry("etag", etag), Map.entry("cache-control", cacheControl)),
          new byte[0]);
    }
    return new HttpApiResponse(200, List.of(
        Map.entry("content-type", contentType(file)),
        Map.entry("etag", etag),
        Map.entry("cache-control", cacheControl)), content);
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static String contentType(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return CONTENT_TYPES.getOrDefault(extension, "application/octet-stream");
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return raw;
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
