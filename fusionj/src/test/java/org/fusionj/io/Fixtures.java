package org.fusionj.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Access to the committed fixture files (made by make_fixtures.py) and hand-built NPY bytes. */
final class Fixtures {

    private Fixtures() {}

    static Path path(String name) {
        URL url = Fixtures.class.getResource(name);
        if (url == null) throw new IllegalStateException("missing test fixture " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(path(name));
    }

    /** Builds a version 1.0 NPY file from a literal header dict and raw data bytes. */
    static byte[] npy(String headerDict, byte[] data) {
        return npy(1, headerDict, data);
    }

    static byte[] npy(int majorVersion, String headerDict, byte[] data) {
        byte[] header = headerDict.getBytes(StandardCharsets.ISO_8859_1);
        int lengthBytes = majorVersion == 1 ? 2 : 4;
        ByteBuffer prefix = ByteBuffer.allocate(8 + lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        prefix.put(NpyReader.MAGIC).put((byte) majorVersion).put((byte) 0);
        if (lengthBytes == 2) prefix.putShort((short) header.length); else prefix.putInt(header.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix.array());
        out.writeBytes(header);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] littleEndianFloats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) buffer.putFloat(value);
        return buffer.array();
    }
}
