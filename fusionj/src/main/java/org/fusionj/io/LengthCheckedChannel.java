package org.fusionj.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * The file channel jhdf reads through, refusing any read that asks for far more bytes than the file has left: a
 * damaged length field in an HDF5 header otherwise makes the JDK zero a temporary native buffer of that size (up to
 * 2 GB) before the short read, which took more than 10 s per file in the fuzz run. Reads that overshoot the end of
 * the file by a little (up to {@value #SLACK} bytes) pass, so a reader that reads a fixed-size block near the end
 * still works.
 */
final class LengthCheckedChannel implements SeekableByteChannel {

    static final int SLACK = 1 << 20;

    private final SeekableByteChannel channel;
    private final String sourceName;

    LengthCheckedChannel(SeekableByteChannel channel, String sourceName) {
        this.channel = channel;
        this.sourceName = sourceName;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        long left = channel.size() - channel.position();
        if (dst.remaining() > left + SLACK) {
            throw new FileFormatException(sourceName, "a length in the file asks for " + dst.remaining()
                    + " bytes at byte " + channel.position() + " of a " + channel.size() + "-byte file: the file is "
                    + "damaged");
        }
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        throw new IOException(sourceName + ": opened for reading only");
    }

    @Override
    public long position() throws IOException {
        return channel.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        channel.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        throw new IOException(sourceName + ": opened for reading only");
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
