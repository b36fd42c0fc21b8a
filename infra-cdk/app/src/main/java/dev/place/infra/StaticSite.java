package dev.place.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudfront.AddBehaviorOptions;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.ICachePolicy;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * One private bucket behind CloudFront (origin access control) for the web client (at the root)
 * and the snapshots (under {@code snapshots/}). Snapshot tiles are immutable objects (tile and
 * sequence in the key), so they are cached for a year; the latest index ({@code latest.json})
 * for one second, which bounds how stale a joining client's starting point can be.
 */
public final class StaticSite extends Construct {

  public static final String SNAPSHOT_PREFIX = "snapshots";
  static final Duration IMMUTABLE = Duration.days(365);
  static final Duration LATEST_INDEX = Duration.seconds(1);

  private final Bucket bucket;
  private final Distribution distribution;

  public StaticSite(Construct scope, String id) {
    super(scope, id);
    // Access logs of the bucket and the distribution. CloudFront's standard logs are delivered
    // with ACLs, hence BUCKET_OWNER_PREFERRED on this bucket only.
    Bucket logs = Bucket.Builder.create(this, "Logs")
        .encryption(BucketEncryption.S3_MANAGED)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
        .removalPolicy(RemovalPolicy.DESTROY).autoDeleteObjects(true)
        .build();
    bucket = Bucket.Builder.create(this, "Content")
        .encryption(BucketEncryption.S3_MANAGED)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .enforceSsl(true)
        .serverAccessLogsBucket(logs).serverAccessLogsPrefix("s3/")
        // Tear-down leaves nothing billable: the bucket and its objects go with the stack.
        .removalPolicy(RemovalPolicy.DESTROY).autoDeleteObjects(true)
        .build();
    IOrigin origin = S3BucketOrigin.withOriginAccessControl(bucket);
    distribution = Distribution.Builder.create(this, "Cdn")
        .comment("place web client and snapshots")
        .defaultRootObject("index.html")
        .httpVersion(HttpVersion.HTTP2_AND_3)
        .priceClass(PriceClass.PRICE_CLASS_100)
        .enableLogging(true).logBucket(logs).logFilePrefix("cloudfront/")
        .defaultBehavior(behavior(origin, CachePolicy.CACHING_OPTIMIZED))
        .build();
    // Order matters: CloudFront takes the first matching pattern, so the index comes first.
    distribution.addBehavior(SNAPSHOT_PREFIX + "/latest.json", origin, options(ttlPolicy("LatestIndex", LATEST_INDEX)));
    distribution.addBehavior(SNAPSHOT_PREFIX + "/*", origin, options(ttlPolicy("Immutable", IMMUTABLE)));
  }

  private CachePolicy ttlPolicy(String id, Duration ttl) {
    return CachePolicy.Builder.create(this, id)
        .comment("place: " + id + " objects, " + ttl.toHumanString())
        .defaultTtl(ttl).minTtl(ttl).maxTtl(ttl)
        .enableAcceptEncodingGzip(true).enableAcceptEncodingBrotli(true)
        .build();
  }

  private static BehaviorOptions behavior(IOrigin origin, ICachePolicy policy) {
    return BehaviorOptions.builder().origin(origin).cachePolicy(policy)
        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS).compress(true).build();
  }

  private static AddBehaviorOptions options(CachePolicy policy) {
    return AddBehaviorOptions.builder().cachePolicy(policy)
        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS).compress(true).build();
  }

  public Bucket bucket() {
    return bucket;
  }

  public String url() {
    return "https://" + distribution.getDistributionDomainName();
  }

  public String snapshotBaseUrl() {
    return url() + "/" + SNAPSHOT_PREFIX;
  }
}
