# The timelapse task image: large timelapse jobs (beyond what the worker Lambda renders in 15
# minutes) run as one-off ECS Fargate tasks from it. Build context:
# infra-cdk/timelapse-image/target/docker, which `./mvnw -B package` fills with this file (as
# Dockerfile) and lib/*.jar (place-functions and its runtime dependencies, the same classes as
# the Lambda asset), so the image needs no Maven and no network at build time. The CDK stack
# builds it as an image asset at `cdk deploy`; by hand:
#   docker build -t place-timelapse infra-cdk/timelapse-image/target/docker
FROM public.ecr.aws/amazoncorretto/amazoncorretto:17-al2023-headless
COPY lib/ /app/lib/
# Never run as root: rendering needs no privileges (a numeric user needs no passwd entry).
USER 10001
# No fixed job: the dispatcher's RunTask passes it as PLACE_TIMELAPSE_JOB (a container override);
# the main class renders that one job, uploads the result and exits.
# MaxRAMPercentage: the task's memory is the container's; the default 25 % would waste most of it,
# and frames wait in the heap until muxed.
# ExitOnOutOfMemoryError: fail the task at once; the job's stale status lets the next request restart it.
# -XX:-UsePerfData: no hsperfdata files; the root filesystem is read-only in ECS, /tmp is a volume.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-cp", "/app/lib/*", "dev.place.functions.timelapse.TimelapseTaskMain"]
