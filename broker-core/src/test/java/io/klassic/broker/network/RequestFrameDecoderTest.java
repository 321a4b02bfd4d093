package io.klassic.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestFrameDecoderTest {
    @Test
    void splitsFramesAcrossReads() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestFrameDecoder(1024));
        ByteBuf first = Unpooled.buffer().writeInt(3).writeByte(1);
        channel.writeInbound(first);
        assertNull(channel.readInbound());
        channel.writeInbound(Unpooled.buffer().writeByte(2).writeByte(3).writeInt(1).writeByte(9));
        ByteBuf frame1 = channel.readInbound();
        assertEquals(3, frame1.readableBytes());
        assertEquals(1, frame1.getByte(0));
        frame1.release();
        ByteBuf frame2 = channel.readInbound();
        assertEquals(1, frame2.readableBytes());
        frame2.release();
        assertTrue(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void negativeSizeClosesTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestFrameDecoder(1024));
        channel.writeInbound(Unpooled.buffer().writeInt(-5).writeInt(0));
        assertNull(channel.readInbound());
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void oversizedFrameClosesTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestFrameDecoder(1024));
        channel.writeInbound(Unpooled.buffer().writeInt(1025));
        assertNull(channel.readInbound());
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }
}
