package dev.place.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryReportTest {

  @TempDir
  Path dir;

  @Test
  void aNewRunReplacesOnlyTheGeneratedBlockAndKeepsTheProseAroundIt() throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(doc, "# Benchmarks\n\nprose before\n\n" + DeliveryReport.BEGIN + "\nold table\n" + DeliveryReport.END
        + "\n\nprose after\n");

    DeliveryReport.writeSection(doc, "| new table |\n", "2026-12-01");

    String text = Files.readString(doc);
    assertThat(text).contains("prose before", "prose after", "| new table |", "Run of 2026-12-01")
        .doesNotContain("old table");
    assertThat(text.indexOf(DeliveryReport.BEGIN)).isEqualTo(text.lastIndexOf(DeliveryReport.BEGIN));
  }

  @Test
  void aDocumentWithoutTheSectionGetsItAtTheEnd() throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Files.writeString(doc, "# Benchmarks\n");

    DeliveryReport.writeSection(doc, "| table |\n", "2026-12-01");

    assertThat(Files.readString(doc)).startsWith("# Benchmarks\n").contains("## Delivery at scale", "| table |");
  }
}
