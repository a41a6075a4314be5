using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Onion;

namespace Fulgur.Protocol.Tests.Onion;

/// <summary>Random routes, payloads and damage: build/peel agree, any tampering is caught, garbage never throws.</summary>
public sealed class SphinxPropertyTests
{
    private sealed record Route(PrivateKey Session, PrivateKey[] Nodes, byte[][] Payloads, byte[] AssociatedData)
    {
        public SphinxHop[] Hops => Nodes.Select((n, i) => new SphinxHop(n.PublicKey, Payloads[i])).ToArray();

        public override string ToString() =>
            $"{Nodes.Length} hops, payloads [{string.Join(",", Payloads.Select(p => p.Length))}], session {Hex.Encode(Session.ToBytes())}";
    }

    private static readonly Gen<PrivateKey> GenKey =
        Gen.Byte.Array[32].Where(b => PrivateKey.TryCreate(b, out _)).Select(b => PrivateKey.Create(b));

    /// <summary>1–20 hops whose payloads (2 bytes up to their share of 1300) always fit.</summary>
    private static Gen<Route> GenRoute(int maxHops) =>
        from count in Gen.Int[1, maxHops]
        from session in GenKey
        from nodes in GenKey.Array[count]
        from payloads in Gen.Byte.Array[2, (OnionPacket.PaymentHopPayloadsLength / count) - 35].Array[count]
        from ad in Gen.Byte.Array[0, 64]
        select new Route(session, nodes, payloads, ad);

    private static readonly Gen<Route> GenRoutes = GenRoute(20);

    [Fact]
    public void RandomRoutes_BuildThenPeel_GiveBackEveryPayloadInOrder()
    {
        GenRoutes.Sample(route =>
        {
            var built = SphinxBuilder.Build(route.Session, route.Hops, route.AssociatedData);
            var packet = built.Packet;
            for (var i = 0; i < route.Nodes.Length; i++)
            {
                Assert.Equal(OnionPacket.PaymentPacketLength, packet.Length);
                Assert.True(SphinxPeeler.TryPeel(route.Nodes[i], packet, route.AssociatedData, out var hop, out var error), $"hop {i}: {error}");
                Assert.Equal(route.Payloads[i], hop.Payload.ToArray());
                Assert.Equal(built.SharedSecrets[i], hop.SharedSecret);
                Assert.Equal(i == route.Nodes.Length - 1, hop.IsFinal);
                if (!hop.IsFinal)
                    packet = hop.NextPacket;
            }
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void OtherPacketSizes_BuildThenPeel()
    {
        (from route in GenRoute(4)
         from size in Gen.Int[700, 2000]
         select (route, size)).Sample(t =>
        {
            var (route, size) = t;
            var hops = route.Hops.Select(h => h with { Payload = h.Payload[..Math.Min(h.Payload.Length, (size / 4) - 35)] }).ToArray();
            var packet = SphinxBuilder.Build(route.Session, hops, route.AssociatedData, size).Packet;
            Assert.Equal(size, packet.HopPayloadsLength);
            for (var i = 0; i < hops.Length; i++)
            {
                Assert.True(SphinxPeeler.TryPeel(route.Nodes[i], packet, route.AssociatedData, out var hop, out var error), error.ToString());
                Assert.Equal(hops[i].Payload.ToArray(), hop.Payload.ToArray());
                if (!hop.IsFinal)
                    packet = hop.NextPacket;
            }
        }, iter: 20, threads: 1);
    }

    [Fact]
    public void AnySingleBitFlip_IsRejectedAsBadVersionKeyOrHmac()
    {
        (from route in GenRoute(5)
         from bit in Gen.Int[0, (OnionPacket.PaymentPacketLength * 8) - 1]
         select (route, bit)).Sample(t =>
        {
            var (route, bit) = t;
            var onion = SphinxBuilder.Build(route.Session, route.Hops, route.AssociatedData).Packet.ToArray();
            onion[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(SphinxPeeler.TryPeel(route.Nodes[0], onion, route.AssociatedData, out var hop, out var error));
            Assert.Null(hop);
            var index = bit / 8;
            var expected = index switch
            {
                0 => new[] { OnionError.InvalidVersion },
                <= OnionPacket.PublicKeyLength => [OnionError.InvalidKey, OnionError.InvalidHmac],
                _ => [OnionError.InvalidHmac],
            };
            Assert.Contains(error, expected);
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void DamageToALaterLayer_IsCaughtByThatHop()
    {
        GenRoute(6).Where(r => r.Nodes.Length >= 2).Sample(route =>
        {
            var packet = SphinxBuilder.Build(route.Session, route.Hops, route.AssociatedData).Packet;
            Assert.True(SphinxPeeler.TryPeel(route.Nodes[0], packet, route.AssociatedData, out var first, out _));
            var next = first.NextPacket!.ToArray();
            next[40] ^= 0x10;
            Assert.False(SphinxPeeler.TryPeel(route.Nodes[1], next, route.AssociatedData, out _, out var error));
            Assert.Equal(OnionError.InvalidHmac, error);
        }, iter: 20, threads: 1);
    }

    [Fact]
    public void RandomGarbage_NeverThrows()
    {
        var node = PrivateKey.Create(Enumerable.Repeat((byte)7, 32).ToArray());
        (from garbage in Gen.Byte.Array[0, 1500]
         from validKey in Gen.Bool
         select (garbage, validKey)).Sample(t =>
        {
            var (garbage, validKey) = t;
            if (validKey && garbage.Length > OnionPacket.OverheadLength)
            {
                // Get past the version and key checks so the HMAC and frame checks see the garbage.
                garbage[0] = 0;
                node.PublicKey.Compressed.CopyTo(garbage.AsSpan(1));
            }
            Assert.False(SphinxPeeler.TryPeel(node, garbage, "ad"u8, out var hop, out var error));
            Assert.Null(hop);
            Assert.NotEqual(OnionError.None, error);
        }, iter: 2000);
    }

    [Fact]
    public void ValidHmacOverABadFrame_IsMalformedPayload()
    {
        // A sender that authenticates a frame whose length overruns the packet: only the payload check can catch it.
        var node = PrivateKey.Create(Enumerable.Repeat((byte)9, 32).ToArray());
        var session = PrivateKey.Create(Enumerable.Repeat((byte)3, 32).ToArray());
        foreach (var firstBytes in new[] { new byte[] { 0x00 }, [0x01], [0xfd, 0x00, 0x10], [0xfd, 0x05, 0x00], [0xff] })
        {
            var packet = ForgeAuthenticated(session, node, firstBytes);
            Assert.False(SphinxPeeler.TryPeel(node, packet, [], out _, out var error));
            Assert.Equal(OnionError.MalformedPayload, error);
            Assert.Equal(FailureCode.InvalidOnionPayload, error.ToFailureCode());
        }
    }

    /// <summary>A packet whose decrypted hop_payloads starts with <paramref name="plainStart"/>, with a correct HMAC.</summary>
    private static byte[] ForgeAuthenticated(PrivateKey session, PrivateKey node, byte[] plainStart)
    {
        var secret = SharedSecret.Derive(node, session.PublicKey);
        var plain = new byte[OnionPacket.PaymentHopPayloadsLength];
        plainStart.CopyTo(plain, 0);
        OnionKeys.XorStream(OnionKeys.Derive(OnionKeys.Rho, secret.Span), plain);
        var hmac = System.Security.Cryptography.HMACSHA256.HashData(OnionKeys.Derive(OnionKeys.Mu, secret.Span), plain);
        return OnionPacket.Create(0, session.PublicKey.Compressed, plain, hmac).ToArray();
    }

    [Fact]
    public void BuilderRefusals_AreErrorsNotPackets()
    {
        var session = PrivateKey.Create(Enumerable.Repeat((byte)3, 32).ToArray());
        var key = session.PublicKey;
        Assert.False(SphinxBuilder.TryBuild(session, [], [], 1300, out _, out var error));
        Assert.Equal(SphinxBuildError.NoHops, error);
        Assert.False(SphinxBuilder.TryBuild(session, [new SphinxHop(key, new byte[1])], [], 1300, out _, out error));
        Assert.Equal(SphinxBuildError.PayloadTooShort, error);
        // 1300 = 3 (fd prefix) + 1265 + 32 fits exactly; one byte more does not.
        Assert.True(SphinxBuilder.TryBuild(session, [new SphinxHop(key, new byte[1265])], [], 1300, out _, out _));
        Assert.False(SphinxBuilder.TryBuild(session, [new SphinxHop(key, new byte[1266])], [], 1300, out _, out error));
        Assert.Equal(SphinxBuildError.PayloadsTooLarge, error);
        Assert.Throws<ArgumentException>(() => SphinxBuilder.Build(session, [new SphinxHop(key, new byte[1266])], []));
    }

    [Fact]
    public void FullSizePayload_PeelsAtTheFinalHop()
    {
        var session = PrivateKey.Create(Enumerable.Repeat((byte)3, 32).ToArray());
        var node = PrivateKey.Create(Enumerable.Repeat((byte)4, 32).ToArray());
        var payload = Enumerable.Range(0, 1265).Select(i => (byte)i).ToArray();
        var packet = SphinxBuilder.Build(session, [new SphinxHop(node.PublicKey, payload)], "x"u8).Packet;
        Assert.True(SphinxPeeler.TryPeel(node, packet, "x"u8, out var hop, out _));
        Assert.True(hop.IsFinal);
        Assert.Equal(payload, hop.Payload.ToArray());
    }

    [Fact]
    public void BlindedHop_PeelsWithItsPathKeyOnly()
    {
        var session = PrivateKey.Create(Enumerable.Repeat((byte)3, 32).ToArray());
        var node = PrivateKey.Create(Enumerable.Repeat((byte)5, 32).ToArray());
        var pathKey = PrivateKey.Create(Enumerable.Repeat((byte)6, 32).ToArray());
        // The recipient's side of route blinding: the node id the sender sees is node_id · HMAC256("blinded_node_id", ss).
        var tweak = System.Security.Cryptography.HMACSHA256.HashData("blinded_node_id"u8, pathKey.Ecdh(node.PublicKey));
        var blindedId = node.PublicKey.TweakMul(tweak);
        var packet = SphinxBuilder.Build(session, [new SphinxHop(blindedId, new byte[] { 1, 2, 3 })], "ad"u8).Packet;

        Assert.True(SphinxPeeler.TryPeel(node, packet.Span, "ad"u8, pathKey.PublicKey, out var hop, out var error), error.ToString());
        Assert.Equal(new byte[] { 1, 2, 3 }, hop.Payload.ToArray());
        Assert.False(SphinxPeeler.TryPeel(node, packet, "ad"u8, out _, out error));
        Assert.Equal(OnionError.InvalidHmac, error);
        Assert.False(SphinxPeeler.TryPeel(node, packet.Span, "ad"u8, session.PublicKey, out _, out error));
        Assert.Equal(OnionError.InvalidHmac, error);
    }
}
