package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

class S3SnapshotStoreTest {

  private record Put(PutObjectRequest request, byte[] body) {}

  /** An S3Client that records putObject calls (the only call the store makes). */
  private static S3Client recording(List<Put> puts) {
    return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, args) -> {
          if (method.getName().equals("putObject") && args.length == 2 && args[0] instanceof Consumer<?> c) {
            PutObjectRequest.Builder b = PutObjectRequest.builder();
            @SuppressWarnings("unchecked")
            Consumer<PutObjectRequest.Builder> consumer = (Consumer<PutObjectRequest.Builder>) c;
            consumer.accept(b);
            RequestBody body = (RequestBody) args[1];
            puts.add(new Put(b.build(), body.contentStreamProvider().newStream().readAllBytes()));
            return PutObjectResponse.builder().build();
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void tilesAreImmutableForAYearAndTheIndexForASecond() {
    List<Put> puts = new ArrayList<>();
    S3SnapshotStore store = new S3SnapshotStore(recording(puts), "place-cdn", "snapshots");

    store.putImmutable("tiles/3-1/42.u4.gz", new byte[] {1, 2});
    store.putIndex("latest.json", "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(puts).hasSize(2);
    assertThat(puts.get(0).request().bucket()).isEqualTo("place-cdn");
    assertThat(puts.get(0).request().key()).isEqualTo("snapshots/tiles/3-1/42.u4.gz");
    assertThat(puts.get(0).request().cacheControl()).isEqualTo("public, max-age=31536000, immutable");
    assertThat(puts.get(0).body()).containsExactly(1, 2);
    assertThat(puts.get(1).request().key()).isEqualTo("snapshots/latest.json");
    assertThat(puts.get(1).request().cacheControl()).isEqualTo("public, max-age=1");
    assertThat(puts.get(1).request().contentType()).isEqualTo("application/json");
  }
}
