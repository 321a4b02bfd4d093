package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaPropertiesTest {
    @TempDir
    File dir;

    @Test
    void roundTrip() throws Exception {
        assertEquals(Optional.empty(), MetaProperties.read(dir));
        MetaProperties meta = new MetaProperties(3, "Bs2gXWPmTbSLWWpZT3kT9A");
        meta.write(dir);
        String text = Files.readString(new File(dir, "meta.properties").toPath());
        assertTrue(text.startsWith("#\n#"), "Properties.store's empty comment and date, as Kafka writes: " + text);
        assertTrue(text.contains("version=0\n"), text);
        assertTrue(text.contains("broker.id=3\n"), text);
        assertTrue(text.contains("cluster.id=Bs2gXWPmTbSLWWpZT3kT9A\n"), text);
        assertEquals(Optional.of(meta), MetaProperties.read(dir));

        new MetaProperties(4, null).write(dir);
        assertEquals(Optional.of(new MetaProperties(0, 4, null)), MetaProperties.read(dir));
    }

    @Test
    void readsTheFileKafkaWrites() throws Exception {
        Files.writeString(new File(dir, "meta.properties").toPath(),
            "#\n#Tue Mar 15 10:00:00 UTC 2022\ncluster.id=abcDEF123\nversion=0\nbroker.id=0\n");
        assertEquals(Optional.of(new MetaProperties(0, 0, "abcDEF123")), MetaProperties.read(dir));
    }

    @Test
    void badContentNamesTheKey() throws Exception {
        File file = new File(dir, "meta.properties");
        Files.writeString(file.toPath(), "version=0\nbroker.id=x\n");
        IOException e = assertThrows(IOException.class, () -> MetaProperties.read(dir));
        assertTrue(e.getMessage().contains("broker.id=x"), e.getMessage());
        Files.writeString(file.toPath(), "version=1\nnode.id=1\n");
        e = assertThrows(IOException.class, () -> MetaProperties.read(dir));
        assertTrue(e.getMessage().contains("version=1"), e.getMessage());
        Files.writeString(file.toPath(), "broker.id=1\n");
        e = assertThrows(IOException.class, () -> MetaProperties.read(dir));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }
}
