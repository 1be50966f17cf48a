package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class VeloxMetadataTest {

    @Test
    void extractsDetectorAndPixelSize() {
        VeloxMetadata metadata = VeloxMetadata.fromJson("""
            {"BinaryResult": {"Detector": "DF4", "PixelSize": {"width": "1.5e-9", "height": 2e-9}}}""");
        assertEquals("DF4", metadata.detector());
        assertEquals(1.5e-9, metadata.pixelWidth());
        assertEquals(2e-9, metadata.pixelHeight());
        assertEquals("m", metadata.unit());
    }

    @Test
    void missingOrMalformedMetadataIsUnknownRatherThanAnError() {
        assertEquals(VeloxMetadata.UNKNOWN, VeloxMetadata.fromJson("{\"BinaryResult\": {\"Detector\": "));
        assertEquals(VeloxMetadata.UNKNOWN, VeloxMetadata.fromJson(""));
        VeloxMetadata noSize = VeloxMetadata.fromJson("{\"BinaryResult\": {\"Detector\": \"HAADF\", "
            + "\"PixelSize\": {\"width\": \"n/a\"}}}");
        assertEquals("HAADF", noSize.detector());
        assertTrue(Double.isNaN(noSize.pixelWidth()));
        assertEquals("", noSize.unit());
        assertNull(VeloxMetadata.fromJson("{\"Core\": {}}").detector());
    }

    @Test
    void decodesTheFirstFrameColumnUpToTheFirstNul() {
        String json = "{\"BinaryResult\": {\"Detector\": \"BF\"}}";
        // two frames: column 0 holds the JSON, column 1 holds junk that must be ignored
        double[] bytes = new double[2 * (json.length() + 2)];
        for (int i = 0; i < json.length(); i++) {
            bytes[2 * i] = json.charAt(i);
            bytes[2 * i + 1] = 'x';
        }
        VeloxMetadata metadata = VeloxMetadata.fromDataset(new NdArray(new int[] { json.length() + 2, 2 }, bytes, "uint8"));
        assertEquals("BF", metadata.detector());
    }

    @Test
    void miniJsonParsesTheUsualValueTypes() {
        Object root = MiniJson.parse("{\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"\\u00e5\\n\\\"q\\\"\"}}\0\0");
        assertEquals(List.of(1.0, -2500.0, true, false), ((List<?>) MiniJson.path(root, "a")).subList(0, 4));
        assertNull(((List<?>) MiniJson.path(root, "a")).get(4));
        assertEquals("\u00e5\n\"q\"", MiniJson.path(root, "b", "c"));
        assertNull(MiniJson.path(root, "b", "missing", "deeper"));
        assertEquals(Map.of(), MiniJson.parse(" { } "));
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("{\"a\": }"));
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("[".repeat(1000)));
    }

    /**
     * The one encoder (tests' Velox files, the damaged-file generator) and the readers' decoder agree: uint8 UTF-8
     * bytes of shape (length, 1), NUL-padded, non-ASCII text included.
     */
    @Test
    void encodedJsonDecodesToTheSameText() {
        String json = "{\"BinaryResult\": {\"Detector\": \"HAADF\", \"PixelUnitX\": \"\u00B5m\"}}";
        NdArray bytes = VeloxJsonDataset.encode(json);
        int length = json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + VeloxJsonDataset.PADDING;
        assertEquals(List.of(length, 1), List.of(bytes.shape()[0], bytes.shape()[1]));
        assertEquals("|u1", bytes.dtype());
        assertEquals(0, bytes.data()[length - 1]);
        assertEquals(json, VeloxJsonDataset.decode(bytes));
        assertEquals("HAADF", VeloxMetadata.fromDataset(bytes).detector());
    }
}
