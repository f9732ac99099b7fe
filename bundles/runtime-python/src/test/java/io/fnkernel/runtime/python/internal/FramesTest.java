package io.fnkernel.runtime.python.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class FramesTest {

    private static DataInputStream in(byte[] b) {
        return new DataInputStream(new ByteArrayInputStream(b));
    }

    @Test
    void framesAreBigEndianLengthThenBytes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frames.write(out, "{}".getBytes(StandardCharsets.UTF_8));
        Frames.write(out, new byte[300]);
        byte[] wire = out.toByteArray();
        assertArrayEquals(new byte[]{0, 0, 0, 2, '{', '}'}, Arrays.copyOf(wire, 6));
        assertArrayEquals(new byte[]{0, 0, 1, 44}, Arrays.copyOfRange(wire, 6, 10));
        DataInputStream r = in(wire);
        assertEquals("{}", new String(Frames.read(r, 1000), StandardCharsets.UTF_8));
        assertEquals(300, Frames.read(r, 1000).length);
        assertNull(Frames.read(r, 1000), "clean end of stream");
    }

    @Test
    void aCallFrameCarriesItsDeadlineBeforeTheEvent() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frames.writeCall(out, 0x0102030405060708L, "{}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new byte[]{0, 0, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8, '{', '}'}, out.toByteArray());
        Frames.writeCall(out, -2, new byte[0]);
        byte[] second = Frames.read(in(Arrays.copyOfRange(out.toByteArray(), 14, 26)), 100);
        assertArrayEquals(new byte[]{-1, -1, -1, -1, -1, -1, -1, -2}, second);
    }

    @Test
    void oversizedFrameIsSkippedSoTheNextOneStillReads() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frames.write(out, new byte[2000]);
        Frames.write(out, "ok".getBytes(StandardCharsets.UTF_8));
        DataInputStream r = in(out.toByteArray());
        Frames.TooLargeException e = assertThrows(Frames.TooLargeException.class, () -> Frames.read(r, 1000));
        assertTrue(e.getMessage().contains("2000 bytes"), e.getMessage());
        assertEquals("ok", new String(Frames.read(r, 1000), StandardCharsets.UTF_8));
    }

    @Test
    void lengthsAboveTwoGigabytesAreUnsignedNotNegative() {
        DataInputStream r = in(new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertThrows(EOFException.class, () -> Frames.read(r, Integer.MAX_VALUE));
    }

    @Test
    void streamEndingInsideAFrameIsAnError() {
        assertThrows(EOFException.class, () -> Frames.read(in(new byte[]{0, 0, 0, 9, 1, 2}), 1000));
    }
}
