package io.gaia.session.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * A frame's bytes as a Netty buffer that reports when Netty lets go of it (written out, copied to
 * its own write buffer, or dropped with the connection): that is when the frame stops counting
 * against the socket's outbound bound.
 */
final class ReleasedWhenTaken extends UnpooledHeapByteBuf {

    private final Runnable onRelease;

    private ReleasedWhenTaken(byte[] bytes, Runnable onRelease) {
        super(UnpooledByteBufAllocator.DEFAULT, bytes, bytes.length);
        this.onRelease = onRelease;
    }

    /** Wraps {@code bytes}; outside Netty (no Netty buffer factory) the frame counts as taken at once. */
    static DataBuffer wrap(DataBufferFactory factory, byte[] bytes, Runnable onRelease) {
        if (factory instanceof NettyDataBufferFactory netty) {
            ByteBuf buffer = new ReleasedWhenTaken(bytes, onRelease);
            return netty.wrap(buffer);
        }
        onRelease.run();
        return factory.wrap(bytes);
    }

    @Override
    protected void deallocate() {
        super.deallocate();
        onRelease.run();
    }
}
