using Fulgur.Crypto;
using Fulgur.Protocol.Transport;

namespace Fulgur.Protocol.Tests.Transport;

/// <summary>BOLT 8 Appendix A, "Message Encryption Tests" (reference test vector), read from shared/.</summary>
public sealed class MessageVectorTests
{
    // BOLT #8: "the initiator sends length 5 messages containing "hello" 1001 times."
    private static readonly byte[] Hello = "hello"u8.ToArray();

    // Any valid key: the message vector does not involve the remote static key.
    private static readonly PublicKey Remote =
        PublicKey.Parse(Hex.Decode("028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7"));

    [SkippableFact]
    public void Transport_message_test_outputs_0_1_500_501_1000_1001()
    {
        var vector = Bolt08Vectors.Load().Messages;
        Assert.Equal([0, 1, 500, 501, 1000, 1001], vector.Outputs.Keys.Order());
        using var sender = new TransportCipher(vector.Keys["sk"], vector.Keys["rk"], vector.Keys["ck"], Remote);

        var frame = new byte[TransportCipher.FrameLength(Hello.Length)];
        for (var i = 0; i <= 1001; i++)
        {
            Assert.Equal(frame.Length, sender.Encrypt(Hello, frame));
            if (vector.Outputs.TryGetValue(i, out var expected))
                Assert.True(expected.AsSpan().SequenceEqual(frame), $"output {i}: {Hex.Encode(frame)}");
        }
    }

    [SkippableFact]
    public void Transport_message_test_rotates_the_sending_key_every_500_messages()
    {
        var vector = Bolt08Vectors.Load().Messages;
        Assert.Equal(2, vector.Rotations.Count);
        using var sender = new TransportCipher(vector.Keys["sk"], vector.Keys["rk"], vector.Keys["ck"], Remote);
        var frame = new byte[TransportCipher.FrameLength(Hello.Length)];

        for (var message = 1; message <= 1000; message++)
        {
            sender.Encrypt(Hello, frame);
            if (message % 500 != 0)
                continue;
            // BOLT #8: "`ck', k' = HKDF(ck, k)`", after the nonce reached 1000, and "Reset the nonce for the key to `n = 0`."
            var rotation = vector.Rotations[message / 500 - 1];
            Assert.Equal(rotation.ChainingKey, sender.Sending.ChainingKey.ToArray());
            Assert.Equal(rotation.Key, sender.Sending.Key.ToArray());
            Assert.Equal(0UL, sender.Sending.Nonce);
        }
        // The receiving key rotates on its own schedule: untouched by sending.
        Assert.Equal(vector.Keys["rk"], sender.Receiving.Key.ToArray());
        Assert.Equal(vector.Keys["ck"], sender.Receiving.ChainingKey.ToArray());
    }

    [SkippableFact]
    public void Transport_message_test_outputs_decrypt_on_the_responder_side()
    {
        var vector = Bolt08Vectors.Load().Messages;
        using var sender = new TransportCipher(vector.Keys["sk"], vector.Keys["rk"], vector.Keys["ck"], Remote);
        using var receiver = new TransportCipher(vector.Keys["rk"], vector.Keys["sk"], vector.Keys["ck"], Remote);
        var message = new byte[Hello.Length];

        for (var i = 0; i <= 1001; i++)
        {
            var frame = sender.Encrypt(Hello);
            Assert.True(receiver.TryDecryptLength(frame.AsSpan(0, TransportCipher.HeaderLength), out var length, out var error), $"{i}: {error}");
            Assert.Equal(Hello.Length, length);
            Assert.True(receiver.TryDecryptBody(frame.AsSpan(TransportCipher.HeaderLength), message, out error), $"{i}: {error}");
            Assert.Equal(Hello, message);
        }
        Assert.Equal(vector.Rotations[1].Key, receiver.Receiving.Key.ToArray());
    }
}
