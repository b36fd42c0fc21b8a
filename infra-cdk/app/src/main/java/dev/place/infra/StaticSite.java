package dev.place.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudfront.AddBehaviorOptions;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.Function;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.ICachePolicy;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * One private bucket behind CloudFront (origin access control) for the web client (at the root)
 * and the snapshots (under {@code snapshots/}). Snapshot tiles are immutable objects (tile and
 * sequence in the key), so they are cached for a year; the latest index ({@code latest.json})
 * for one second, which bounds how stale a joining client's starting point can be.
 *
 * <p>Timelapse results ({@code timelapse/<id>.mp4|gif}, content-addressed) are immutable too and
 * cached for a year; they expire from the bucket after {@link #TIMELAPSE_DAYS} and re-render on
 * the next request. Job statuses ({@code timelapse-jobs/<id>.json}) are for the dispatcher only:
 * a CloudFront Function answers 404 for them, and they expire after {@link #TIMELAPSE_JOBS_DAYS}.
 */
public final class StaticSite extends Construct {

  public static final String SNAPSHOT_PREFIX = "snapshots";
  static final Duration IMMUTABLE = Duration.days(365);
  static final Duration LATEST_INDEX = Duration.seconds(1);
  public static final String TIMELAPSE_PREFIX = "timelapse";
  public static final String TIMELAPSE_JOBS_PREFIX = "timelapse-jobs";
  static final int TIMELAPSE_DAYS = 30;
  static final int TIMELAPSE_JOBS_DAYS = 2;

  /**
   * Viewer-request function that hides the job statuses. It decodes the path first: S3 decodes
   * percent-escapes in keys, so {@code /timelapse%2Djobs/x.json} could slip past a
   * {@code timelapse-jobs/*} path pattern (if CloudFront matches it on the raw path) and reach the
   * object through the default behaviour, which therefore runs this function too.
   */
  static final String HIDE_JOB_STATUSES = """
      function handler(event) {
        var uri = event.request.uri;
        try {
          uri = decodeURIComponent(uri);
        } catch (e) {
          return { statusCode: 404, statusDescription: 'Not Found' };
        }
        if (uri.indexOf('/%s/') === 0) {
          return { statusCode: 404, statusDescription: 'Not Found' };
        }
        return event.request;
      }
      """.formatted(TIMELAPSE_JOBS_PREFIX);

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
        // Results re-render on request after they expire (content-addressed names make that safe);
        // a status older than a job's run time means nothing to the dispatcher.
        .lifecycleRules(List.of(
            LifecycleRule.builder().id("TimelapseResults").prefix(TIMELAPSE_PREFIX + "/")
                .expiration(Duration.days(TIMELAPSE_DAYS)).build(),
            LifecycleRule.builder().id("TimelapseJobStatuses").prefix(TIMELAPSE_JOBS_PREFIX + "/")
                .expiration(Duration.days(TIMELAPSE_JOBS_DAYS)).build()))
        .build();
    IOrigin origin = S3BucketOrigin.withOriginAccessControl(bucket);
    Function hideJobStatuses = Function.Builder.create(this, "HideJobStatuses")
        .comment("place: 404 for timelapse job statuses, which are for the API only")
        .runtime(FunctionRuntime.JS_2_0)
        .code(FunctionCode.fromInline(HIDE_JOB_STATUSES))
        .build();
    List<FunctionAssociation> hide = List.of(FunctionAssociation.builder()
        .function(hideJobStatuses).eventType(FunctionEventType.VIEWER_REQUEST).build());
    distribution = Distribution.Builder.create(this, "Cdn")
        .comment("place web client and snapshots")
        .defaultRootObject("index.html")
        .httpVersion(HttpVersion.HTTP2_AND_3)
        .priceClass(PriceClass.PRICE_CLASS_100)
        .enableLogging(true).logBucket(logs).logFilePrefix("cloudfront/")
        // The default behaviour is where an encoded job status path would land: the function runs there too.
        .defaultBehavior(behavior(origin, CachePolicy.CACHING_OPTIMIZED, hide))
        .build();
    CachePolicy immutable = ttlPolicy("Immutable", IMMUTABLE);
    // Order matters: CloudFront takes the first matching pattern, so the index comes first.
    distribution.addBehavior(SNAPSHOT_PREFIX + "/latest.json", origin, options(ttlPolicy("LatestIndex", LATEST_INDEX), List.of()));
    distribution.addBehavior(SNAPSHOT_PREFIX + "/*", origin, options(immutable, List.of()));
    distribution.addBehavior(TIMELAPSE_PREFIX + "/*", origin, options(immutable, List.of()));
    // Never reaches the bucket: the function answers every request of this pattern with 404.
    distribution.addBehavior(TIMELAPSE_JOBS_PREFIX + "/*", origin, options(CachePolicy.CACHING_DISABLED, hide));
  }

  private CachePolicy ttlPolicy(String id, Duration ttl) {
    return CachePolicy.Builder.create(this, id)
        .comment("place: " + id + " objects, " + ttl.toHumanString())
        .defaultTtl(ttl).minTtl(ttl).maxTtl(ttl)
        .enableAcceptEncodingGzip(true).enableAcceptEncodingBrotli(true)
        .build();
  }

  private static BehaviorOptions behavior(IOrigin origin, ICachePolicy policy, List<FunctionAssociation> functions) {
    return BehaviorOptions.builder().origin(origin).cachePolicy(policy).functionAssociations(orAbsent(functions))
        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS).compress(true).build();
  }

  private static AddBehaviorOptions options(ICachePolicy policy, List<FunctionAssociation> functions) {
    return AddBehaviorOptions.builder().cachePolicy(policy).functionAssociations(orAbsent(functions))
        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS).compress(true).build();
  }

  /** No association list at all rather than an empty one: the other behaviours stay as they were. */
  private static List<FunctionAssociation> orAbsent(List<FunctionAssociation> functions) {
    return functions.isEmpty() ? null : functions;
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

  public String timelapseBaseUrl() {
    return url() + "/" + TIMELAPSE_PREFIX;
  }
}
