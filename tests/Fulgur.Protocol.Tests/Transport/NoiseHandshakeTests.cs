using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Transport;

namespace Fulgur.Protocol.Tests.Transport;

public sealed class NoiseHandshakeTests
{
    [Fact]
    public void Acts_have_the_sizes_of_the_spec()
    {
        // BOLT #8: "**Act One**: 50 bytes", "**Act Two**: 50 bytes", "**Act Three**: 66 bytes"
        Assert.Equal(50, NoiseHandshake.ActOneLength);
        Assert.Equal(50, NoiseHandshake.ActTwoLength);
        Assert.Equal(66, NoiseHandshake.ActThreeLength);
    }

    [Fact]
    public void Random_keys_agree_on_session_keys_and_identities()
    {
        Gen.Int.Sample(_ =>
        {
            using var pair = SessionPair.Create();
            Assert.Equal(pair.Initiator.Sending.Key.ToArray(), pair.Responder.Receiving.Key.ToArray());
            Assert.Equal(pair.Initiator.Receiving.Key.ToArray(), pair.Responder.Sending.Key.ToArray());
            Assert.NotEqual(pair.Initiator.Sending.Key.ToArray(), pair.Initiator.Receiving.Key.ToArray());
            Assert.Equal(pair.InitiatorStatic.PublicKey, pair.Responder.RemoteStatic);
            Assert.Equal(pair.ResponderStatic.PublicKey, pair.Initiator.RemoteStatic);
        }, iter: 50);
    }

    [Fact]
    public void Initiator_with_the_wrong_responder_key_fails_act_one_mac()
    {
        // BOLT #8: "If the MAC check in this operation fails, then the initiator does _not_ know the responder's static public key."
        using var responderStatic = PrivateKey.Generate();
        using var someoneElse = PrivateKey.Generate();
        using var initiatorStatic = PrivateKey.Generate();
        using var initiator = NoiseHandshake.Initiator(initiatorStatic, someoneElse.PublicKey);
        using var responder = NoiseHandshake.Responder(responderStatic);
        var actOne = new byte[NoiseHandshake.ActOneLength];
        initiator.WriteActOne(actOne);

        Assert.False(responder.TryReadActOne(actOne, out var error));
        Assert.Equal(HandshakeError.ActOneBadTag, error);
        Assert.True(responder.IsFailed);
    }

    [Fact]
    public void Every_single_bit_flip_in_any_act_is_rejected()
    {
        var actOne = new byte[NoiseHandshake.ActOneLength];
        var actTwo = new byte[NoiseHandshake.ActTwoLength];
        var actThree = new byte[NoiseHandshake.ActThreeLength];
        using var keys = new FixedKeys();
        Run(keys, actOne, actTwo, actThree);

        for (var bit = 0; bit < actOne.Length * 8; bit++)
        {
            using var responder = NoiseHandshake.Responder(keys.Responder, keys.ResponderEphemeral());
            Assert.False(responder.TryReadActOne(Flip(actOne, bit), out var error), $"act one bit {bit}");
            Assert.NotEqual(HandshakeError.None, error);
        }
        for (var bit = 0; bit < actTwo.Length * 8; bit++)
        {
            using var initiator = NoiseHandshake.Initiator(keys.Initiator, keys.Responder.PublicKey, keys.InitiatorEphemeral());
            initiator.WriteActOne(new byte[NoiseHandshake.ActOneLength]);
            Assert.False(initiator.TryReadActTwo(Flip(actTwo, bit), new byte[NoiseHandshake.ActThreeLength], out var cipher, out var error),
                $"act two bit {bit}");
            Assert.Null(cipher);
            Assert.NotEqual(HandshakeError.None, error);
        }
        for (var bit = 0; bit < actThree.Length * 8; bit++)
        {
            using var responder = NoiseHandshake.Responder(keys.Responder, keys.ResponderEphemeral());
            Assert.True(responder.TryReadActOne(actOne, out _));
            responder.WriteActTwo(new byte[NoiseHandshake.ActTwoLength]);
            Assert.False(responder.TryReadActThree(Flip(actThree, bit), out var cipher, out var error), $"act three bit {bit}");
            Assert.Null(cipher);
            Assert.NotEqual(HandshakeError.None, error);
        }
    }

    [Fact]
    public void Garbage_act_one_is_rejected_without_exception()
    {
        using var responderStatic = PrivateKey.Generate();
        Gen.Byte.Array[0, 120].Sample(garbage =>
        {
            using var responder = NoiseHandshake.Responder(responderStatic);
            Assert.False(responder.TryReadActOne(garbage, out var error));
            Assert.NotEqual(HandshakeError.None, error);
            if (garbage.Length != NoiseHandshake.ActOneLength)
                Assert.Equal(HandshakeError.ActOneWrongLength, error);
        }, iter: 500);
    }

    [Fact]
    public void Garbage_act_one_with_a_valid_key_and_version_fails_on_the_mac()
    {
        using var responderStatic = PrivateKey.Generate();
        Gen.Byte.Array[16].Sample(tag =>
        {
            using var responder = NoiseHandshake.Responder(responderStatic);
            using var stranger = PrivateKey.Generate();
            byte[] act = [0, .. stranger.PublicKey.Compressed, .. tag];
            Assert.False(responder.TryReadActOne(act, out var error));
            Assert.Equal(HandshakeError.ActOneBadTag, error);
        }, iter: 100);
    }

    [Fact]
    public void Garbage_act_two_is_rejected_without_exception()
    {
        using var keys = new FixedKeys();
        Gen.Byte.Array[0, 120].Sample(garbage =>
        {
            using var initiator = NoiseHandshake.Initiator(keys.Initiator, keys.Responder.PublicKey);
            initiator.WriteActOne(new byte[NoiseHandshake.ActOneLength]);
            var actThree = new byte[NoiseHandshake.ActThreeLength];
            Assert.False(initiator.TryReadActTwo(garbage, actThree, out var cipher, out var error));
            Assert.Null(cipher);
            Assert.NotEqual(HandshakeError.None, error);
            Assert.All(actThree, b => Assert.Equal(0, b));
            if (garbage.Length != NoiseHandshake.ActTwoLength)
                Assert.Equal(HandshakeError.ActTwoWrongLength, error);
        }, iter: 500);
    }

    [Fact]
    public void Garbage_act_three_is_rejected_without_exception()
    {
        using var keys = new FixedKeys();
        var actOne = new byte[NoiseHandshake.ActOneLength];
        Run(keys, actOne, new byte[NoiseHandshake.ActTwoLength], new byte[NoiseHandshake.ActThreeLength]);
        Gen.Byte.Array[0, 140].Sample(garbage =>
        {
            using var responder = NoiseHandshake.Responder(keys.Responder, keys.ResponderEphemeral());
            Assert.True(responder.TryReadActOne(actOne, out _));
            responder.WriteActTwo(new byte[NoiseHandshake.ActTwoLength]);
            Assert.False(responder.TryReadActThree(garbage, out var cipher, out var error));
            Assert.Null(cipher);
            Assert.NotEqual(HandshakeError.None, error);
            Assert.Null(responder.RemoteStatic);
            if (garbage.Length != NoiseHandshake.ActThreeLength)
                Assert.Equal(HandshakeError.ActThreeWrongLength, error);
        }, iter: 500);
    }

    [Fact]
    public void Truncated_or_extended_acts_are_read_failures()
    {
        using var keys = new FixedKeys();
        var actOne = new byte[NoiseHandshake.ActOneLength];
        var actTwo = new byte[NoiseHandshake.ActTwoLength];
        var actThree = new byte[NoiseHandshake.ActThreeLength];
        Run(keys, actOne, actTwo, actThree);

        Gen.Int[0, 80].Sample(length =>
        {
            if (length != NoiseHandshake.ActOneLength)
            {
                using var responder = NoiseHandshake.Responder(keys.Responder, keys.ResponderEphemeral());
                Assert.False(responder.TryReadActOne(Resize(actOne, length), out var error));
                Assert.Equal(HandshakeError.ActOneWrongLength, error);

                using var initiator = NoiseHandshake.Initiator(keys.Initiator, keys.Responder.PublicKey, keys.InitiatorEphemeral());
                initiator.WriteActOne(new byte[NoiseHandshake.ActOneLength]);
                Assert.False(initiator.TryReadActTwo(Resize(actTwo, length), new byte[NoiseHandshake.ActThreeLength], out _, out error));
                Assert.Equal(HandshakeError.ActTwoWrongLength, error);
            }
            if (length != NoiseHandshake.ActThreeLength)
            {
                using var responder = NoiseHandshake.Responder(keys.Responder, keys.ResponderEphemeral());
                Assert.True(responder.TryReadActOne(actOne, out _));
                responder.WriteActTwo(new byte[NoiseHandshake.ActTwoLength]);
                Assert.False(responder.TryReadActThree(Resize(actThree, length), out _, out var error));
                Assert.Equal(HandshakeError.ActThreeWrongLength, error);
            }
        }, iter: 200);
    }

    [Fact]
    public void Steps_out_of_order_or_for_the_wrong_role_throw()
    {
        using var keys = new FixedKeys();
        using var initiator = NoiseHandshake.Initiator(keys.Initiator, keys.Responder.PublicKey);
        using var responder = NoiseHandshake.Responder(keys.Responder);
        var act = new byte[NoiseHandshake.ActThreeLength];

        Assert.Throws<InvalidOperationException>(() => initiator.TryReadActOne(act.AsSpan(0, 50), out _));
        Assert.Throws<InvalidOperationException>(() => initiator.TryReadActTwo(act.AsSpan(0, 50), act, out _, out _));
        Assert.Throws<InvalidOperationException>(() => responder.WriteActOne(act));
        Assert.Throws<InvalidOperationException>(() => responder.WriteActTwo(act));
        Assert.Throws<InvalidOperationException>(() => responder.TryReadActThree(act, out _, out _));
        Assert.Throws<ArgumentException>(() => initiator.WriteActOne(new byte[NoiseHandshake.ActOneLength - 1]));

        initiator.WriteActOne(act);
        Assert.Throws<InvalidOperationException>(() => initiator.WriteActOne(act));
    }

    [Fact]
    public void A_failed_handshake_accepts_nothing_more()
    {
        using var keys = new FixedKeys();
        using var responder = NoiseHandshake.Responder(keys.Responder);
        Assert.False(responder.TryReadActOne(new byte[NoiseHandshake.ActOneLength], out var error));
        Assert.Equal(HandshakeError.ActOneBadPublicKey, error);
        Assert.True(responder.IsFailed);
        Assert.Throws<InvalidOperationException>(() => responder.TryReadActOne(new byte[NoiseHandshake.ActOneLength], out _));
        Assert.Throws<InvalidOperationException>(() => responder.WriteActTwo(new byte[NoiseHandshake.ActTwoLength]));
    }

    [Fact]
    public void Uncompressed_ephemeral_prefix_is_a_bad_public_key()
    {
        // BOLT 8 carries compressed points only: a 0x04 (or hybrid 0x06/0x07) prefix in 33 bytes is not a key.
        using var keys = new FixedKeys();
        var actOne = new byte[NoiseHandshake.ActOneLength];
        Run(keys, actOne, new byte[NoiseHandshake.ActTwoLength], new byte[NoiseHandshake.ActThreeLength]);
        foreach (var prefix in new byte[] { 0x00, 0x04, 0x05, 0x06, 0x07, 0xff })
        {
            var bad = (byte[])actOne.Clone();
            bad[1] = prefix;
            using var responder = NoiseHandshake.Responder(keys.Responder, keys.ResponderEphemeral());
            Assert.False(responder.TryReadActOne(bad, out var error));
            Assert.Equal(HandshakeError.ActOneBadPublicKey, error);
        }
    }

    /// <summary>Runs a successful handshake between the fixed keys and captures its three acts.</summary>
    private static void Run(FixedKeys keys, byte[] actOne, byte[] actTwo, byte[] actThree)
    {
        using var initiator = NoiseHandshake.Initiator(keys.Initiator, keys.Responder.PublicKey, keys.InitiatorEphemeral());
        using var responder = NoiseHandshake.Responder(keys.Responder, keys.ResponderEphemeral());
        initiator.WriteActOne(actOne);
        Assert.True(responder.TryReadActOne(actOne, out _));
        responder.WriteActTwo(actTwo);
        Assert.True(initiator.TryReadActTwo(actTwo, actThree, out var a, out _));
        Assert.True(responder.TryReadActThree(actThree, out var b, out _));
        a.Dispose();
        b.Dispose();
    }

    private static byte[] Flip(byte[] bytes, int bit)
    {
        var copy = (byte[])bytes.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    private static byte[] Resize(byte[] bytes, int length)
    {
        var copy = new byte[length];
        bytes.AsSpan(0, Math.Min(length, bytes.Length)).CopyTo(copy);
        return copy;
    }

    /// <summary>Fixed static keys, and ephemeral keys recreated on demand (a handshake disposes the one it is given).</summary>
    private sealed class FixedKeys : IDisposable
    {
        private readonly byte[] _initiatorEphemeral = PrivateKey.Generate().ToBytes();
        private readonly byte[] _responderEphemeral = PrivateKey.Generate().ToBytes();

        public PrivateKey Initiator { get; } = PrivateKey.Generate();

        public PrivateKey Responder { get; } = PrivateKey.Generate();

        public PrivateKey InitiatorEphemeral() => PrivateKey.Create(_initiatorEphemeral);

        public PrivateKey ResponderEphemeral() => PrivateKey.Create(_responderEphemeral);

        public void Dispose()
        {
            Initiator.Dispose();
            Responder.Dispose();
        }
    }
}
