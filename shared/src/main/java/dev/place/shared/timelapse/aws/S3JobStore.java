package dev.place.shared.timelapse.aws;

import dev.place.shared.timelapse.JobJson;
import dev.place.shared.timelapse.JobStatus;
import dev.place.shared.timelapse.JobStore;
import dev.place.shared.timelapse.StoredJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Results and job statuses in the bucket behind CloudFront: results under {@code timelapse/}
 * (served at {@code <cdn>/timelapse/}, cached for a year: a name is its content's address), statuses
 * under {@code timelapse-jobs/} (not served). Claims are S3 conditional writes
 * ({@code If-None-Match: *} for a new job, {@code If-Match: <etag>} to restart one), so two
 * dispatchers racing on the same request start one render.
 */
public final class S3JobStore implements JobStore {

  public static final String RESULTS = "timelapse/";
  public static final String STATUSES = "timelapse-jobs/";
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final S3Client s3;
  private final String bucket;
  private final String baseUrl;

  /** @param baseUrl the public URL of {@code timelapse/}, e.g. {@code https://d123.cloudfront.net/timelapse} */
  public S3JobStore(S3Client s3, String bucket, String baseUrl) {
    this.s3 = s3;
    this.bucket = bucket;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  @Override
  public boolean resultExists(String fileName) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(RESULTS + fileName));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public String resultUrl(String fileName) {
    return baseUrl + "/" + fileName;
  }

  @Override
  public void publish(Path file, String fileName, String contentType) {
    s3.putObject(b -> b.bucket(bucket).key(RESULTS + fileName).contentType(contentType).cacheControl(IMMUTABLE),
        RequestBody.fromFile(file));
  }

  @Override
  public Optional<StoredJob> read(String id) {
    try {
      ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(statusKey(id)));
      return Optional.of(JobJson.status(object.asUtf8String(), object.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean claim(JobStatus status, String runner, long nowMillis, String expectedVersion) {
    PutObjectRequest.Builder put = statusPut(status.id());
    if (expectedVersion == null) {
      put.ifNoneMatch("*");
    } else {
      put.ifMatch(expectedVersion);
    }
    try {
      s3.putObject(put.build(), body(status, runner, nowMillis));
      return true;
    } catch (S3Exception e) {
      // 412: the record is not the one we read; 409: a concurrent conditional write won; 404 on
      // If-Match: the record we read is gone (expired). Each time, the caller reads again.
      if (e.statusCode() == 412 || e.statusCode() == 409 || (e.statusCode() == 404 && expectedVersion != null)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void write(JobStatus status, String runner, long nowMillis) {
    s3.putObject(statusPut(status.id()).build(), body(status, runner, nowMillis));
  }

  @Override
  public Path scratch(String fileName) throws java.io.IOException {
    // Lambda's /tmp or the task's /tmp volume; the result is uploaded from here.
    return Files.createTempFile("timelapse-", "-" + fileName);
  }

  private PutObjectRequest.Builder statusPut(String id) {
    return PutObjectRequest.builder().bucket(bucket).key(statusKey(id))
        .contentType("application/json").cacheControl("no-store");
  }

  private static RequestBody body(JobStatus status, String runner, long nowMillis) {
    return RequestBody.fromString(JobJson.status(status, runner, nowMillis), StandardCharsets.UTF_8);
  }

  private static String statusKey(String id) {
    if (!id.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("invalid job id");
    }
    return STATUSES + id + ".json";
  }
}
