package dev.place.shared.timelapse.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.timelapse.JobJson;
import dev.place.shared.timelapse.Region;
import dev.place.shared.timelapse.TimelapseRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

class EcsJobLauncherTest {

  private static final TimelapseRequest REQUEST =
      new TimelapseRequest(new Region(0, 0, 2000, 2000), 0, 86_400_000L, 30, 3600, TimelapseRequest.Format.MP4);

  static final class FakeEcs implements EcsClient {
    final List<RunTaskRequest> runs = new CopyOnWriteArrayList<>();
    private final Function<RunTaskRequest, RunTaskResponse> answer;

    FakeEcs(Function<RunTaskRequest, RunTaskResponse> answer) {
      this.answer = answer;
    }

    @Override
    public RunTaskResponse runTask(RunTaskRequest request) {
      runs.add(request);
      return answer.apply(request);
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }

  private static RunTaskResponse started() {
    return RunTaskResponse.builder().tasks(Task.builder().taskArn("arn:aws:ecs:eu-west-1:1:task/place/abc").build()).build();
  }

  private static EcsJobLauncher launcher(FakeEcs ecs) {
    return new EcsJobLauncher(ecs, "place", "place-timelapse:7", "timelapse", List.of("subnet-a", "subnet-b"),
        List.of("sg-1"));
  }

  @Test
  void aJobIsOneFargateTaskInThePrivateSubnetsWithTheRequestInTheContainersEnvironment() throws Exception {
    FakeEcs ecs = new FakeEcs(r -> started());

    launcher(ecs).launch(REQUEST);

    assertThat(ecs.runs).hasSize(1);
    RunTaskRequest run = ecs.runs.get(0);
    assertThat(run.cluster()).isEqualTo("place");
    assertThat(run.taskDefinition()).isEqualTo("place-timelapse:7");
    assertThat(run.launchType()).isEqualTo(LaunchType.FARGATE);
    assertThat(run.count()).isEqualTo(1);
    AwsVpcConfiguration vpc = run.networkConfiguration().awsvpcConfiguration();
    assertThat(vpc.subnets()).containsExactly("subnet-a", "subnet-b");
    assertThat(vpc.securityGroups()).containsExactly("sg-1");
    assertThat(vpc.assignPublicIp()).isEqualTo(AssignPublicIp.DISABLED);
    assertThat(run.overrides().containerOverrides()).hasSize(1);
    ContainerOverride container = run.overrides().containerOverrides().get(0);
    assertThat(container.name()).isEqualTo("timelapse");
    assertThat(container.environment()).extracting(KeyValuePair::name).containsExactly(EcsJobLauncher.JOB_VARIABLE);
    assertThat(EcsJobLauncher.JOB_VARIABLE).isEqualTo("PLACE_TIMELAPSE_JOB");
    assertThat(JobJson.request(container.environment().get(0).value())).isEqualTo(REQUEST);
    // Container overrides are limited to 8 KiB in all; the job is a small fraction of it.
    assertThat(container.environment().get(0).value().length()).isLessThan(1024);
  }

  @Test
  void aTaskEcsCouldNotPlaceIsAnErrorNamingTheReason() {
    FakeEcs ecs = new FakeEcs(r -> RunTaskResponse.builder()
        .failures(Failure.builder().arn("arn:aws:ecs:eu-west-1:1:container-instance/x").reason("RESOURCE:MEMORY").build())
        .build());

    assertThatThrownBy(() -> launcher(ecs).launch(REQUEST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RESOURCE:MEMORY");
  }

  @Test
  void aFailureIsAnErrorEvenIfSomeTaskWasReported() {
    FakeEcs ecs = new FakeEcs(r -> started().toBuilder().failures(Failure.builder().reason("AGENT").build()).build());
    assertThatThrownBy(() -> launcher(ecs).launch(REQUEST)).hasMessageContaining("AGENT");
  }

  @Test
  void aResponseWithoutATaskIsAnError() {
    FakeEcs ecs = new FakeEcs(r -> RunTaskResponse.builder().build());
    assertThatThrownBy(() -> launcher(ecs).launch(REQUEST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no task");
  }
}
