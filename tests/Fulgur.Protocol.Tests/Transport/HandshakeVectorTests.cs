using Fulgur.Crypto;
using Fulgur.Protocol.Transport;

namespace Fulgur.Protocol.Tests.Transport;

/// <summary>BOLT 8 Appendix A, "Initiator Tests" and "Responder Tests" (reference test vectors), read from shared/.</summary>
public sealed class HandshakeVectorTests
{
    private static readonly Dictionary<string, HandshakeError> ErrorNames = new(StringComparer.Ordinal)
    {
        ["ACT1_READ_FAILED"] = HandshakeError.ActOneWrongLength,
        ["ACT1_BAD_VERSION"] = HandshakeError.ActOneBadVersion,
        ["ACT1_BAD_PUBKEY"] = HandshakeError.ActOneBadPublicKey,
        ["ACT1_BAD_TAG"] = HandshakeError.ActOneBadTag,
        ["ACT2_READ_FAILED"] = HandshakeError.ActTwoWrongLength,
        ["ACT2_BAD_VERSION"] = HandshakeError.ActTwoBadVersion,
        ["ACT2_BAD_PUBKEY"] = HandshakeError.ActTwoBadPublicKey,
        ["ACT2_BAD_TAG"] = HandshakeError.ActTwoBadTag,
        ["ACT3_READ_FAILED"] = HandshakeError.ActThreeWrongLength,
        ["ACT3_BAD_VERSION"] = HandshakeError.ActThreeBadVersion,
        ["ACT3_BAD_CIPHERTEXT"] = HandshakeError.ActThreeBadCiphertext,
        ["ACT3_BAD_PUBKEY"] = HandshakeError.ActThreeBadPublicKey,
        ["ACT3_BAD_TAG"] = HandshakeError.ActThreeBadTag,
    };

    [SkippableFact]
    public void Appendix_lists_five_initiator_and_ten_responder_vectors()
    {
        var vectors = Bolt08Vectors.Load();
        Assert.Equal(5, vectors.Handshakes.Keys.Count(n => n.StartsWith("transport-initiator", StringComparison.Ordinal)));
        Assert.Equal(10, vectors.Handshakes.Keys.Count(n => n.StartsWith("transport-responder", StringComparison.Ordinal)));
    }

    [SkippableTheory]
    [InlineData("transport-initiator successful handshake")]
    [InlineData("transport-initiator act2 short read test")]
    [InlineData("transport-initiator act2 bad version test")]
    [InlineData("transport-initiator act2 bad key serialization test")]
    [InlineData("transport-initiator act2 bad MAC test")]
    public void Initiator_reference_test_vector(string name)
    {
        var vector = Bolt08Vectors.Load().Handshakes[name];
        using var localStatic = PrivateKey.Create(vector.Key("ls.priv"));
        Assert.Equal(vector.Key("ls.pub"), localStatic.PublicKey.ToCompressed());
        var ephemeral = PrivateKey.Create(vector.Key("e.priv"));
        Assert.Equal(vector.Key("e.pub"), ephemeral.PublicKey.ToCompressed());
        using var handshake = NoiseHandshake.Initiator(localStatic, PublicKey.Parse(vector.Key("rs.pub")), ephemeral);

        // Act One: output bytes and the traced state after it.
        var actOne = new byte[NoiseHandshake.ActOneLength];
        handshake.WriteActOne(actOne);
        Assert.Equal(Bolt08Vectors.Decode(vector.Outputs[0]), actOne);
        AssertTrace(vector, act: 1, handshake.HandshakeHash, handshake.ChainingKey);

        // Act Two in, Act Three out (or the listed error).
        var actThree = new byte[NoiseHandshake.ActThreeLength];
        var ok = handshake.TryReadActTwo(Bolt08Vectors.Decode(vector.Inputs[0]), actThree, out var cipher, out var error);
        if (HandshakeVector.IsError(vector.Outputs[1], out var expected))
        {
            Assert.False(ok);
            Assert.Null(cipher);
            Assert.Equal(ErrorNames[expected], error);
            Assert.True(handshake.IsFailed);
            return;
        }

        Assert.True(ok, $"act two rejected: {error}");
        Assert.NotNull(cipher);
        using (cipher)
        {
            Assert.Equal(HandshakeError.None, error);
            Assert.True(handshake.IsComplete);
            Assert.Equal(3, vector.Hashes.Count);
            Assert.Equal(3, vector.ChainingKeys.Count);
            Assert.Equal(Bolt08Vectors.Decode(vector.Outputs[1]), actThree);
            AssertTrace(vector, act: 3, handshake.HandshakeHash, cipher.Sending.ChainingKey);
            var (sk, rk) = HandshakeVector.FinalKeys(vector.Outputs[2]);
            Assert.Equal(sk, cipher.Sending.Key.ToArray());
            Assert.Equal(rk, cipher.Receiving.Key.ToArray());
            // BOLT #8: "`rck = sck = ck`" and "`rn = 0, sn = 0`"
            Assert.Equal(cipher.Sending.ChainingKey.ToArray(), cipher.Receiving.ChainingKey.ToArray());
            Assert.Equal(0UL, cipher.Sending.Nonce);
            Assert.Equal(0UL, cipher.Receiving.Nonce);
            Assert.Equal(vector.Keys["rs.pub"][2..], cipher.RemoteStatic.ToHex());
        }
    }

    [SkippableTheory]
    [InlineData("transport-responder successful handshake")]
    [InlineData("transport-responder act1 short read test")]
    [InlineData("transport-responder act1 bad version test")]
    [InlineData("transport-responder act1 bad key serialization test")]
    [InlineData("transport-responder act1 bad MAC test")]
    [InlineData("transport-responder act3 bad version test")]
    [InlineData("transport-responder act3 short read test")]
    [InlineData("transport-responder act3 bad MAC for ciphertext test")]
    [InlineData("transport-responder act3 bad rs test")]
    [InlineData("transport-responder act3 bad MAC test")]
    public void Responder_reference_test_vector(string name)
    {
        var vector = Bolt08Vectors.Load().Handshakes[name];
        using var localStatic = PrivateKey.Create(vector.Key("ls.priv"));
        Assert.Equal(vector.Key("ls.pub"), localStatic.PublicKey.ToCompressed());
        var ephemeral = PrivateKey.Create(vector.Key("e.priv"));
        Assert.Equal(vector.Key("e.pub"), ephemeral.PublicKey.ToCompressed());
        using var handshake = NoiseHandshake.Responder(localStatic, ephemeral);

        // Act One in.
        var readOne = handshake.TryReadActOne(Bolt08Vectors.Decode(vector.Inputs[0]), out var error);
        if (HandshakeVector.IsError(vector.Outputs[0], out var expected))
        {
            Assert.False(readOne);
            Assert.Equal(ErrorNames[expected], error);
            Assert.True(handshake.IsFailed);
            return;
        }
        Assert.True(readOne, $"act one rejected: {error}");
        AssertTrace(vector, act: 1, handshake.HandshakeHash, handshake.ChainingKey);

        // Act Two out.
        var actTwo = new byte[NoiseHandshake.ActTwoLength];
        handshake.WriteActTwo(actTwo);
        Assert.Equal(Bolt08Vectors.Decode(vector.Outputs[0]), actTwo);
        AssertTrace(vector, act: 2, handshake.HandshakeHash, handshake.ChainingKey);

        // Act Three in: the initiator's static key and the session keys (or the listed error).
        var readThree = handshake.TryReadActThree(Bolt08Vectors.Decode(vector.Inputs[1]), out var cipher, out error);
        if (HandshakeVector.IsError(vector.Outputs[1], out expected))
        {
            Assert.False(readThree);
            Assert.Null(cipher);
            Assert.Equal(ErrorNames[expected], error);
            Assert.Null(handshake.RemoteStatic);
            return;
        }

        Assert.True(readThree, $"act three rejected: {error}");
        Assert.NotNull(cipher);
        using (cipher)
        {
            Assert.Equal(3, vector.Hashes.Count);
            Assert.Equal(3, vector.ChainingKeys.Count);
            AssertTrace(vector, act: 3, handshake.HandshakeHash, cipher.Receiving.ChainingKey);
            var (sk, rk) = HandshakeVector.FinalKeys(vector.Outputs[1]);
            Assert.Equal(sk, cipher.Sending.Key.ToArray());
            Assert.Equal(rk, cipher.Receiving.Key.ToArray());
            // The initiator's static key of the Initiator Tests (ls.pub there), recovered from Act Three.
            Assert.Equal("034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa", cipher.RemoteStatic.ToHex());
            Assert.Equal(cipher.RemoteStatic, handshake.RemoteStatic);
        }
    }

    [SkippableFact]
    public void Initiator_and_responder_vectors_describe_one_handshake()
    {
        // Feeding the initiator's outputs to the responder reproduces the responder vector end to end.
        var vectors = Bolt08Vectors.Load();
        var initiatorVector = vectors.Handshakes["transport-initiator successful handshake"];
        var responderVector = vectors.Handshakes["transport-responder successful handshake"];
        using var initiatorStatic = PrivateKey.Create(initiatorVector.Key("ls.priv"));
        using var responderStatic = PrivateKey.Create(responderVector.Key("ls.priv"));
        using var initiator = NoiseHandshake.Initiator(initiatorStatic, responderStatic.PublicKey,
            PrivateKey.Create(initiatorVector.Key("e.priv")));
        using var responder = NoiseHandshake.Responder(responderStatic, PrivateKey.Create(responderVector.Key("e.priv")));

        var actOne = new byte[NoiseHandshake.ActOneLength];
        var actTwo = new byte[NoiseHandshake.ActTwoLength];
        var actThree = new byte[NoiseHandshake.ActThreeLength];
        initiator.WriteActOne(actOne);
        Assert.True(responder.TryReadActOne(actOne, out _));
        responder.WriteActTwo(actTwo);
        Assert.Equal(Bolt08Vectors.Decode(initiatorVector.Inputs[0]), actTwo);
        Assert.True(initiator.TryReadActTwo(actTwo, actThree, out var initiatorCipher, out _));
        Assert.Equal(Bolt08Vectors.Decode(responderVector.Inputs[1]), actThree);
        Assert.True(responder.TryReadActThree(actThree, out var responderCipher, out _));
        using (initiatorCipher)
        using (responderCipher)
        {
            Assert.Equal(initiatorCipher.Sending.Key.ToArray(), responderCipher.Receiving.Key.ToArray());
            Assert.Equal(initiatorCipher.Receiving.Key.ToArray(), responderCipher.Sending.Key.ToArray());
            Assert.Equal(initiator.HandshakeHash.ToArray(), responder.HandshakeHash.ToArray());
        }
    }

    private static void AssertTrace(HandshakeVector vector, int act, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> chainingKey)
    {
        if (vector.Hashes.TryGetValue(act, out var h))
            Assert.Equal(Bolt08Vectors.Decode(h), hash.ToArray());
        if (vector.ChainingKeys.TryGetValue(act, out var ck))
            Assert.Equal(Bolt08Vectors.Decode(ck), chainingKey.ToArray());
    }
}
