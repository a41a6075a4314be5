using CsCheck;
using Fulgur.Protocol.Transport;

namespace Fulgur.Protocol.Tests.Transport;

/// <summary>CsCheck properties of an established session: round trips across key rotations, tampering rejected.</summary>
public sealed class TransportPropertyTests
{
    [Fact]
    public void Random_messages_round_trip_across_key_rotations_in_both_directions()
    {
        // More than 2000 messages per direction: each key rotates every 500 messages, so at least four times.
        var conversation = Gen.Select(Gen.Bool, Gen.Byte.Array[0, 300]).Array[2100, 2300];
        conversation.Sample(messages =>
        {
            using var pair = SessionPair.Create();
            var frame = new byte[TransportCipher.MaxFrameLength];
            var received = new byte[TransportCipher.MaxMessageLength];
            var sent = (FromInitiator: 0, FromResponder: 0);
            foreach (var (fromInitiator, message) in messages)
            {
                var (sender, receiver) = fromInitiator ? (pair.Initiator, pair.Responder) : (pair.Responder, pair.Initiator);
                var written = sender.Encrypt(message, frame);
                Assert.True(receiver.TryDecryptLength(frame.AsSpan(0, TransportCipher.HeaderLength), out var length, out var error),
                    error.ToString());
                Assert.Equal(message.Length, length);
                Assert.True(receiver.TryDecryptBody(frame.AsSpan(TransportCipher.HeaderLength, written - TransportCipher.HeaderLength),
                    received, out error), error.ToString());
                Assert.True(message.AsSpan().SequenceEqual(received.AsSpan(0, length)));
                sent = fromInitiator ? (sent.FromInitiator + 1, sent.FromResponder) : (sent.FromInitiator, sent.FromResponder + 1);
            }
            // Each message takes two nonces; the nonce restarts from zero after every 1000.
            Assert.Equal((ulong)(sent.FromInitiator * 2 % 1000), pair.Initiator.Sending.Nonce);
            Assert.Equal((ulong)(sent.FromResponder * 2 % 1000), pair.Responder.Sending.Nonce);
        }, iter: 6, threads: 1);
    }

    [Fact]
    public void Long_one_way_stream_crosses_many_rotations()
    {
        using var pair = SessionPair.Create();
        var frame = new byte[TransportCipher.FrameLength(8)];
        var received = new byte[8];
        for (ulong i = 0; i < 5000; i++)
        {
            var message = BitConverter.GetBytes(i);
            pair.Initiator.Encrypt(message, frame);
            Assert.True(pair.Responder.TryDecryptLength(frame.AsSpan(0, TransportCipher.HeaderLength), out var length));
            Assert.Equal(8, length);
            Assert.True(pair.Responder.TryDecryptBody(frame.AsSpan(TransportCipher.HeaderLength), received));
            Assert.Equal(message, received);
        }
    }

    [Fact]
    public void Any_flipped_bit_in_a_frame_is_rejected()
    {
        var tampering = Gen.Select(Gen.Byte.Array[0, 200], Gen.Int[0, int.MaxValue], Gen.Int[0, 40]);
        tampering.Sample((message, position, warmup) =>
        {
            using var pair = SessionPair.Create();
            // Some traffic first, so the flip lands at a random nonce.
            for (var i = 0; i < warmup; i++)
                Assert.True(SessionPair.TryReceive(pair.Responder, pair.Initiator.Encrypt("warm"u8), out _, out _));

            var frame = pair.Initiator.Encrypt(message);
            var bit = position % (frame.Length * 8);
            frame[bit / 8] ^= (byte)(1 << (bit % 8));

            if (bit / 8 < TransportCipher.HeaderLength)
            {
                Assert.False(pair.Responder.TryDecryptLength(frame.AsSpan(0, TransportCipher.HeaderLength), out _, out var error));
                Assert.Equal(TransportError.HeaderBadTag, error);
            }
            else
            {
                Assert.True(pair.Responder.TryDecryptLength(frame.AsSpan(0, TransportCipher.HeaderLength), out var length));
                var output = new byte[length];
                Assert.False(pair.Responder.TryDecryptBody(frame.AsSpan(TransportCipher.HeaderLength), output, out var error));
                Assert.Equal(TransportError.BodyBadTag, error);
                Assert.All(output, b => Assert.Equal(0, b));
            }
            // The receiving half is finished: even the next genuine frame is refused.
            Assert.False(SessionPair.TryReceive(pair.Responder, pair.Initiator.Encrypt("next"u8), out _, out var after));
            Assert.Equal(TransportError.ReceiverFailed, after);
        }, iter: 300);
    }

    [Fact]
    public void Garbage_frames_are_rejected_without_exception()
    {
        Gen.Byte.Array[0, 200].Sample(garbage =>
        {
            using var pair = SessionPair.Create();
            Assert.False(SessionPair.TryReceive(pair.Responder, garbage, out _, out var error));
            Assert.NotEqual(TransportError.None, error);
        }, iter: 300);
    }
}
