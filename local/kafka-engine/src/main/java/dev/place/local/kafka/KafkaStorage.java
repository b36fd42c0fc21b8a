package dev.place.local.kafka;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/** Formats the KRaft log directory once; afterwards the cluster id lives in its meta.properties. */
final class KafkaStorage {

    private KafkaStorage() {
    }

    static boolean isFormatted(Path logDir) {
        return Files.isRegularFile(logDir.resolve("meta.properties"));
    }

    /** @return true if this call formatted the directory */
    static boolean formatIfNeeded(Path propertiesFile, Path logDir, PrintStream out) {
        if (isFormatted(logDir)) {
            return false;
        }
        String[] args = {
                "format",
                "--cluster-id", Uuid.randomUuid().toString(),
                "--config", propertiesFile.toString(),
                // Belt and braces: never reformat, even if meta.properties appeared since the check above.
                "--ignore-formatted",
        };
        int rc = StorageTool.execute(args, out);
        if (rc != 0) {
            throw new IllegalStateException("kafka-storage format failed with exit code " + rc + " for " + logDir);
        }
        return true;
    }
}
