package dev.place.local.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Runs small child JVMs, because module flags can only be given when a JVM starts. */
class JvmFlagsTest {

    @Test
    void theShippedFlagsFileOpensWhatCassandraNeeds() throws Exception {
        Result result = java(List.of("@" + flagsFile()), JpmsProbe.class.getName());

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("flags applied: true");
    }

    @Test
    void withoutTheFlagsTheEngineRefusesToStartAndSaysWhichFileIsMissing() throws Exception {
        Result result = java(List.of(), CassandraEngineMain.class.getName(),
                "--data-dir", "unused", "--port", "19042", "--storage-port", "17000");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.output).contains("jvm17.flags");
    }

    private static Path flagsFile() throws URISyntaxException {
        return Path.of(CassandraEngineMain.class.getClassLoader().getResource(CassandraEngineMain.FLAGS_RESOURCE).toURI());
    }

    private static Result java(List<String> jvmOptions, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }

    /** Child JVM entry point. */
    public static final class JpmsProbe {
        public static void main(String[] args) {
            System.out.println("flags applied: " + CassandraEngineMain.jpmsFlagsApplied());
        }
    }

}
