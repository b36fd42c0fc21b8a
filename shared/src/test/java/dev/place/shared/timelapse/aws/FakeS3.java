package dev.place.shared.timelapse.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An in-memory S3 with the semantics {@link S3JobStore} relies on: objects with an MD5 ETag (quoted,
 * as S3 sends it), their content type and cache control; conditional PUTs ({@code If-None-Match: *},
 * {@code If-Match: <etag>}) checked and applied atomically, a failed precondition being a 412
 * {@link S3Exception}; a missing key a 404 {@link NoSuchKeyException} for GET and HEAD (and, as S3
 * does, for a PUT with {@code If-Match}). Thread-safe. Only the request-object overloads the SDK's
 * {@code Consumer<Builder>} defaults delegate to are implemented; anything else throws.
 */
final class FakeS3 implements S3Client {

  record StoredObject(byte[] bytes, String eTag, String contentType, String cacheControl) {

    String text() {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final Map<String, StoredObject> objects = new HashMap<>();
  private final Deque<RuntimeException> putFailures = new ArrayDeque<>();
  private final Deque<RuntimeException> headFailures = new ArrayDeque<>();
  private final Map<String, RuntimeException> failingPrefixes = new HashMap<>();
  private final List<String> calls = new ArrayList<>();
  private final List<Map.Entry<String, StoredObject>> written = new ArrayList<>();
  /** Runs (outside the lock) before each conditional PUT is checked: lets a test line racing writers up. */
  private volatile Runnable beforeConditionalPut = () -> {};

  static S3Exception error(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
        .message(code).build();
  }

  static NoSuchKeyException noSuchKey() {
    return (NoSuchKeyException) NoSuchKeyException.builder().statusCode(404)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchKey").errorMessage("The specified key does not exist.").build())
        .message("The specified key does not exist.").build();
  }

  synchronized StoredObject object(String bucket, String key) {
    return objects.get(bucket + "/" + key);
  }

  synchronized List<String> keys() {
    return objects.keySet().stream().sorted().toList();
  }

  /** Every request as "OPERATION bucket/key", in order. */
  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** Every object version successfully PUT to {@code key}, oldest first. */
  synchronized List<StoredObject> versions(String bucket, String key) {
    return written.stream().filter(e -> e.getKey().equals(bucket + "/" + key)).map(Map.Entry::getValue).toList();
  }

  synchronized void put(String bucket, String key, byte[] bytes, String contentType) {
    objects.put(bucket + "/" + key, new StoredObject(bytes.clone(), eTag(bytes), contentType, null));
  }

  synchronized void failNextPut(RuntimeException e) {
    putFailures.add(e);
  }

  synchronized void failNextHead(RuntimeException e) {
    headFailures.add(e);
  }

  /** Every PUT to a key starting with {@code prefix} fails with {@code e} from now on. */
  synchronized void failPutsUnder(String prefix, RuntimeException e) {
    failingPrefixes.put(prefix, e);
  }

  void beforeConditionalPut(Runnable hook) {
    this.beforeConditionalPut = hook;
  }

  @Override
  public synchronized HeadObjectResponse headObject(HeadObjectRequest request) {
    calls.add("HEAD " + request.bucket() + "/" + request.key());
    if (!headFailures.isEmpty()) {
      throw headFailures.poll();
    }
    StoredObject o = objects.get(request.bucket() + "/" + request.key());
    if (o == null) {
      throw noSuchKey();
    }
    return HeadObjectResponse.builder().eTag(o.eTag()).contentType(o.contentType()).cacheControl(o.cacheControl())
        .contentLength((long) o.bytes().length).build();
  }

  @Override
  public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
    StoredObject o;
    synchronized (this) {
      calls.add("GET " + request.bucket() + "/" + request.key());
      o = objects.get(request.bucket() + "/" + request.key());
    }
    if (o == null) {
      throw noSuchKey();
    }
    GetObjectResponse response = GetObjectResponse.builder().eTag(o.eTag()).contentType(o.contentType())
        .cacheControl(o.cacheControl()).contentLength((long) o.bytes().length).build();
    try {
      return transformer.transform(response, AbortableInputStream.create(new ByteArrayInputStream(o.bytes())));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
    byte[] bytes;
    try (InputStream in = body.contentStreamProvider().newStream()) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean conditional = request.ifNoneMatch() != null || request.ifMatch() != null;
    if (conditional) {
      beforeConditionalPut.run();
    }
    synchronized (this) {
      String path = request.bucket() + "/" + request.key();
      calls.add("PUT " + path);
      if (!putFailures.isEmpty()) {
        throw putFailures.poll();
      }
      for (Map.Entry<String, RuntimeException> failing : failingPrefixes.entrySet()) {
        if (request.key().startsWith(failing.getKey())) {
          throw failing.getValue();
        }
      }
      StoredObject current = objects.get(path);
      if (request.ifNoneMatch() != null) {
        if (!request.ifNoneMatch().equals("*")) {
          throw error(501, "NotImplemented"); // S3 accepts only '*' here
        }
        if (current != null) {
          throw error(412, "PreconditionFailed");
        }
      }
      if (request.ifMatch() != null) {
        if (current == null) {
          throw noSuchKey();
        }
        if (!current.eTag().equals(request.ifMatch())) {
          throw error(412, "PreconditionFailed");
        }
      }
      StoredObject stored = new StoredObject(bytes, eTag(bytes), request.contentType(), request.cacheControl());
      objects.put(path, stored);
      written.add(Map.entry(path, stored));
      return PutObjectResponse.builder().eTag(stored.eTag()).build();
    }
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}

  private static String eTag(byte[] bytes) {
    try {
      return "\"" + java.util.HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
