using Fulgur.Protocol.Transport;

namespace Fulgur.Protocol.Tests.Transport;

public sealed class TransportCipherTests
{
    [Fact]
    public void Frame_is_length_prefix_and_mac_then_body_and_mac()
    {
        // BOLT #8: "for a total maximum packet length of `2 + 16 + 65535 + 16` = `65569` bytes."
        Assert.Equal(18, TransportCipher.HeaderLength);
        Assert.Equal(65535, TransportCipher.MaxMessageLength);
        Assert.Equal(65569, TransportCipher.MaxFrameLength);
        Assert.Equal(34, TransportCipher.FrameLength(0));
        Assert.Equal(65569, TransportCipher.FrameLength(65535));
    }

    [Fact]
    public void Both_directions_round_trip()
    {
        using var pair = SessionPair.Create();
        Assert.Equal(pair.InitiatorStatic.PublicKey, pair.Responder.RemoteStatic);
        Assert.Equal(pair.ResponderStatic.PublicKey, pair.Initiator.RemoteStatic);

        Assert.True(SessionPair.TryReceive(pair.Responder, pair.Initiator.Encrypt("ping"u8), out var received, out _));
        Assert.Equal("ping"u8.ToArray(), received);
        Assert.True(SessionPair.TryReceive(pair.Initiator, pair.Responder.Encrypt("pong"u8), out received, out _));
        Assert.Equal("pong"u8.ToArray(), received);
    }

    [Fact]
    public void Empty_and_maximum_length_messages_round_trip()
    {
        using var pair = SessionPair.Create();
        var largest = new byte[TransportCipher.MaxMessageLength];
        Random.Shared.NextBytes(largest);

        Assert.True(SessionPair.TryReceive(pair.Responder, pair.Initiator.Encrypt([]), out var received, out _));
        Assert.Empty(received);
        var frame = pair.Initiator.Encrypt(largest);
        Assert.Equal(TransportCipher.MaxFrameLength, frame.Length);
        Assert.True(SessionPair.TryReceive(pair.Responder, frame, out received, out _));
        Assert.Equal(largest, received);
    }

    [Fact]
    public void Message_over_65535_bytes_is_refused_before_touching_the_nonce()
    {
        using var pair = SessionPair.Create();
        var tooLong = new byte[TransportCipher.MaxMessageLength + 1];
        Assert.Throws<ArgumentException>(() => pair.Initiator.Encrypt(tooLong));
        Assert.Throws<ArgumentException>(() => pair.Initiator.Encrypt(tooLong, new byte[TransportCipher.MaxFrameLength + 1]));
        Assert.Equal(0UL, pair.Initiator.Sending.Nonce);
    }

    [Fact]
    public void Destination_too_small_is_refused_before_touching_the_nonce()
    {
        using var pair = SessionPair.Create();
        Assert.Throws<ArgumentException>(() => pair.Initiator.Encrypt("abc"u8, new byte[TransportCipher.FrameLength(3) - 1]));
        Assert.Equal(0UL, pair.Initiator.Sending.Nonce);
    }

    [Fact]
    public void Encrypts_in_place_and_decrypts_in_place()
    {
        using var pair = SessionPair.Create();
        var message = "in place, no copies"u8.ToArray();
        var buffer = new byte[TransportCipher.FrameLength(message.Length)];
        message.CopyTo(buffer, TransportCipher.HeaderLength);

        var written = pair.Initiator.Encrypt(buffer.AsSpan(TransportCipher.HeaderLength, message.Length), buffer);

        Assert.Equal(buffer.Length, written);
        Assert.True(pair.Responder.TryDecryptLength(buffer.AsSpan(0, TransportCipher.HeaderLength), out var length));
        var body = buffer.AsSpan(TransportCipher.HeaderLength);
        Assert.True(pair.Responder.TryDecryptBody(body, body));
        Assert.Equal(message, body[..length].ToArray());
    }

    [Fact]
    public void Header_of_wrong_length_is_an_error_and_ends_the_receiver()
    {
        using var pair = SessionPair.Create();
        var frame = pair.Initiator.Encrypt("x"u8);

        Assert.False(pair.Responder.TryDecryptLength(frame.AsSpan(0, 17), out _, out var error));
        Assert.Equal(TransportError.HeaderWrongLength, error);
        Assert.False(pair.Responder.TryDecryptLength(frame.AsSpan(0, 18), out _, out error));
        Assert.Equal(TransportError.ReceiverFailed, error);
    }

    [Fact]
    public void Body_of_wrong_length_is_an_error()
    {
        using var pair = SessionPair.Create();
        var frame = pair.Initiator.Encrypt("hello"u8);

        Assert.True(pair.Responder.TryDecryptLength(frame.AsSpan(0, 18), out var length));
        Assert.Equal(5, length);
        Assert.False(pair.Responder.TryDecryptBody(frame.AsSpan(18, 20), new byte[5], out var error));
        Assert.Equal(TransportError.BodyWrongLength, error);
    }

    [Fact]
    public void Replayed_frame_is_rejected()
    {
        // The receiving nonce moved on: the same frame does not authenticate twice.
        using var pair = SessionPair.Create();
        var frame = pair.Initiator.Encrypt("once"u8);
        Assert.True(SessionPair.TryReceive(pair.Responder, frame, out _, out _));
        Assert.False(SessionPair.TryReceive(pair.Responder, frame, out _, out var error));
        Assert.Equal(TransportError.HeaderBadTag, error);
    }

    [Fact]
    public void Frames_out_of_order_are_rejected()
    {
        using var pair = SessionPair.Create();
        _ = pair.Initiator.Encrypt("first"u8);
        var second = pair.Initiator.Encrypt("second"u8);
        Assert.False(SessionPair.TryReceive(pair.Responder, second, out _, out var error));
        Assert.Equal(TransportError.HeaderBadTag, error);
    }

    [Fact]
    public void Own_frames_do_not_decrypt_with_own_receiving_key()
    {
        using var pair = SessionPair.Create();
        var frame = pair.Initiator.Encrypt("echo"u8);
        Assert.False(SessionPair.TryReceive(pair.Initiator, frame, out _, out var error));
        Assert.Equal(TransportError.HeaderBadTag, error);
    }

    [Fact]
    public void Body_before_header_or_two_headers_is_a_programming_error()
    {
        using var pair = SessionPair.Create();
        var frame = pair.Initiator.Encrypt("hello"u8);
        Assert.Throws<InvalidOperationException>(() => pair.Responder.TryDecryptBody(frame.AsSpan(18), new byte[5]));

        Assert.True(pair.Responder.TryDecryptLength(frame.AsSpan(0, 18), out _));
        Assert.True(pair.Responder.IsAwaitingBody);
        Assert.Throws<InvalidOperationException>(() => pair.Responder.TryDecryptLength(frame.AsSpan(0, 18), out _));
        Assert.Throws<ArgumentException>(() => pair.Responder.TryDecryptBody(frame.AsSpan(18), new byte[4]));
        Assert.True(pair.Responder.TryDecryptBody(frame.AsSpan(18), new byte[5]));
        Assert.False(pair.Responder.IsAwaitingBody);
    }

    [Fact]
    public void Sending_and_receiving_keys_rotate_independently()
    {
        using var pair = SessionPair.Create();
        var initialReceivingKey = pair.Initiator.Receiving.Key.ToArray();
        for (var i = 0; i < 500; i++)
            Assert.True(SessionPair.TryReceive(pair.Responder, pair.Initiator.Encrypt("m"u8), out _, out _));

        // 500 messages use 1000 nonces: the initiator's sk and the responder's rk rotated, in step.
        Assert.Equal(0UL, pair.Initiator.Sending.Nonce);
        Assert.Equal(pair.Initiator.Sending.Key.ToArray(), pair.Responder.Receiving.Key.ToArray());
        Assert.Equal(pair.Initiator.Sending.ChainingKey.ToArray(), pair.Responder.Receiving.ChainingKey.ToArray());
        Assert.Equal(initialReceivingKey, pair.Initiator.Receiving.Key.ToArray());
        Assert.Equal(0UL, pair.Initiator.Receiving.Nonce);
    }

    [Fact]
    public void Disposed_cipher_refuses_to_encrypt()
    {
        var pair = SessionPair.Create();
        pair.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pair.Initiator.Encrypt("x"u8));
    }
}
