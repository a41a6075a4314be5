using System.Text.Json;
using Fulgur.Crypto;
using Fulgur.Protocol.Onion;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Onion;

/// <summary>bolts/bolt04/onion-test.json (reference test vector): build the exact onion, then peel it hop by hop.</summary>
public sealed class SphinxVectorTests
{
    private sealed record Vector(PrivateKey SessionKey, byte[] AssociatedData, SphinxHop[] Hops, byte[] Onion, PrivateKey[] HopKeys);

    private static Vector Load()
    {
        using var doc = JsonDocument.Parse(SharedData.ReadText("bolts/bolt04/onion-test.json"));
        var root = doc.RootElement;
        var generate = root.GetProperty("generate");
        var hops = generate.GetProperty("hops").EnumerateArray()
            .Select(h => new SphinxHop(
                PublicKey.FromHex(h.GetProperty("pubkey").GetString()!),
                StripLengthPrefix(Hex.Decode(h.GetProperty("payload").GetString()!))))
            .ToArray();
        return new Vector(
            PrivateKey.FromHex(generate.GetProperty("session_key").GetString()!),
            Hex.Decode(generate.GetProperty("associated_data").GetString()!),
            hops,
            Hex.Decode(root.GetProperty("onion").GetString()!),
            root.GetProperty("decode").EnumerateArray().Select(k => PrivateKey.FromHex(k.GetString()!)).ToArray());
    }

    /// <summary>The vector's payloads "already have the variable length encoded"; our API takes the bare payload.</summary>
    private static byte[] StripLengthPrefix(byte[] prefixed)
    {
        Assert.True(HopPayloadLength.TryRead(prefixed, out var length, out var consumed));
        Assert.Equal((ulong)(prefixed.Length - consumed), length);
        return prefixed[consumed..];
    }

    [SkippableFact]
    public void OnionTestJson_Build_GivesTheReferenceOnion()
    {
        var v = Load();
        var result = SphinxBuilder.Build(v.SessionKey, v.Hops, v.AssociatedData);
        Assert.Equal(OnionPacket.PaymentPacketLength, result.Packet.Length);
        Assert.Equal(Hex.Encode(v.Onion), result.Packet.ToHex());
        Assert.Equal(v.Hops.Length, result.SharedSecrets.Count);
    }

    [SkippableFact]
    public void OnionTestJson_PeelHopByHop_YieldsEachPayloadAndFinalAtTheEnd()
    {
        var v = Load();
        Assert.True(OnionPacket.TryParsePayment(v.Onion, out var packet));
        var secrets = SphinxBuilder.DeriveSharedSecrets(v.SessionKey, v.Hops);
        for (var i = 0; i < v.Hops.Length; i++)
        {
            Assert.Equal(v.Hops[i].NodeId, v.HopKeys[i].PublicKey);
            Assert.True(SphinxPeeler.TryPeel(v.HopKeys[i], packet, v.AssociatedData, out var hop, out var error), $"hop {i}: {error}");
            Assert.Equal(OnionError.None, error);
            Assert.Equal(Hex.Encode(v.Hops[i].Payload.Span), Hex.Encode(hop.Payload.Span));
            Assert.Equal(secrets[i], hop.SharedSecret);
            if (i < v.Hops.Length - 1)
            {
                Assert.False(hop.IsFinal);
                Assert.Equal(OnionPacket.PaymentPacketLength, hop.NextPacket.Length);
                packet = hop.NextPacket;
            }
            else
            {
                Assert.True(hop.IsFinal);
                Assert.Null(hop.NextPacket);
            }
        }
    }

    [SkippableFact]
    public void OnionTestJson_WrongAssociatedData_IsInvalidHmac()
    {
        var v = Load();
        var wrong = (byte[])v.AssociatedData.Clone();
        wrong[0] ^= 1;
        Assert.False(SphinxPeeler.TryPeel(v.HopKeys[0], v.Onion, wrong, out var hop, out var error));
        Assert.Null(hop);
        Assert.Equal(OnionError.InvalidHmac, error);
        Assert.Equal(FailureCode.InvalidOnionHmac, error.ToFailureCode());
    }

    [SkippableFact]
    public void OnionTestJson_WrongNode_IsInvalidHmac()
    {
        var v = Load();
        Assert.False(SphinxPeeler.TryPeel(v.HopKeys[1], v.Onion, v.AssociatedData, out _, out var error));
        Assert.Equal(OnionError.InvalidHmac, error);
    }

    [SkippableFact]
    public void OnionTestJson_UnknownVersion_IsInvalidVersion()
    {
        var v = Load();
        var onion = (byte[])v.Onion.Clone();
        onion[0] = 1;
        Assert.False(SphinxPeeler.TryPeel(v.HopKeys[0], onion, v.AssociatedData, out _, out var error));
        Assert.Equal(OnionError.InvalidVersion, error);
        Assert.Equal(FailureCode.InvalidOnionVersion, error.ToFailureCode());
        Assert.Equal(0xC004, error.ToFailureCode().Value);
    }

    [SkippableFact]
    public void OnionTestJson_KeyNotOnCurve_IsInvalidKey()
    {
        var v = Load();
        var onion = (byte[])v.Onion.Clone();
        onion[1] = 0x04; // not a compressed-point prefix
        Assert.False(SphinxPeeler.TryPeel(v.HopKeys[0], onion, v.AssociatedData, out _, out var error));
        Assert.Equal(OnionError.InvalidKey, error);
        Assert.Equal(0xC006, error.ToFailureCode().Value);
    }
}
