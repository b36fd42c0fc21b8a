package dev.place.shared.timelapse.aws;

import dev.place.shared.timelapse.JobJson;
import dev.place.shared.timelapse.JobLauncher;
import dev.place.shared.timelapse.TimelapseRequest;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;

/**
 * Large jobs: one Fargate task of the timelapse task definition, the job's JSON in the container's
 * {@value #JOB_VARIABLE} variable (container overrides, well under their 8 KiB limit), in the private
 * subnets where Keyspaces and S3 are reachable through VPC endpoints.
 */
public final class EcsJobLauncher implements JobLauncher {

  public static final String JOB_VARIABLE = "PLACE_TIMELAPSE_JOB";

  private final EcsClient ecs;
  private final String cluster;
  private final String taskDefinition;
  private final String container;
  private final List<String> subnets;
  private final List<String> securityGroups;

  public EcsJobLauncher(EcsClient ecs, String cluster, String taskDefinition, String container, List<String> subnets,
      List<String> securityGroups) {
    this.ecs = ecs;
    this.cluster = cluster;
    this.taskDefinition = taskDefinition;
    this.container = container;
    this.subnets = subnets;
    this.securityGroups = securityGroups;
  }

  @Override
  public void launch(TimelapseRequest request) {
    RunTaskResponse response = ecs.runTask(b -> b.cluster(cluster).taskDefinition(taskDefinition)
        .launchType(LaunchType.FARGATE).count(1)
        .startedBy("place-timelapse")
        .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets(subnets).securityGroups(securityGroups)
            .assignPublicIp(AssignPublicIp.DISABLED)))
        .overrides(o -> o.containerOverrides(c -> c.name(container)
            .environment(e -> e.name(JOB_VARIABLE).value(JobJson.request(request))))));
    if (!response.failures().isEmpty() || response.tasks().isEmpty()) {
      throw new IllegalStateException("ECS did not start the task: " + (response.failures().isEmpty()
          ? "no task" : response.failures().get(0).reason() + " " + response.failures().get(0).arn()));
    }
  }
}
