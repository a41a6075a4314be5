using System.Net;
using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Tests.Gossip.Interop;

/// <summary>
/// BOLT 7 signatures against Electrum's independent implementation: Electrum verifies what we sign, we verify
/// what Electrum signs (it hashes from its own offsets), both refuse tampered messages, and both read the same
/// addresses from a node_announcement.
/// </summary>
public sealed class GossipElectrumInteropTests
{
    private static readonly ChainHash[] Chains = [ChainHash.Regtest];

    private static readonly PrivateKey[] Keys =
        [.. Enumerable.Range(1, 4).Select(i => PrivateKey.Create(Enumerable.Repeat((byte)(0x20 + i), 32).ToArray()))];

    private static readonly ShortChannelId Scid = ShortChannelId.Parse("700123x45x1");

    private static ChannelEndpoints Endpoints => ChannelEndpoints.Sorted(new NodeId(Keys[0].PublicKey), new NodeId(Keys[1].PublicKey));

    private static ChannelAnnouncementMessage Announcement()
    {
        var unsigned = GossipSigner.CreateUnsignedChannelAnnouncement(ChainHash.Regtest, Scid, FeatureBits.FromBits(7),
            new NodeId(Keys[0].PublicKey),
            new NodeId(Keys[1].PublicKey), Keys[2].PublicKey, Keys[3].PublicKey) with
        {
            UnknownTlvs = TlvStream.Create(new TlvRecord(1001, new ByteVector([1, 2, 3]))),
        };
        var channel = ChannelId.FromSpan(new byte[32]);
        return GossipSigner.Complete(unsigned, new NodeId(Keys[0].PublicKey),
            GossipSigner.CreateAnnouncementSignatures(Keys[0], Keys[2], channel, unsigned),
            GossipSigner.CreateAnnouncementSignatures(Keys[1], Keys[3], channel, unsigned));
    }

    private static ChannelUpdateMessage Update() =>
        GossipSigner.CreateChannelUpdate(Keys[1], ChainHash.Regtest, Scid, Endpoints, new GossipTimestamp(1_750_000_000),
            new ChannelUpdatePolicy(new CltvExpiryDelta(80), new MilliSatoshi(1), new MilliSatoshi(1000), 250,
                new MilliSatoshi(5_000_000_000)),
            dontForward: true);

    private static NodeAnnouncementMessage NodeAnnouncement() =>
        GossipSigner.CreateNodeAnnouncement(Keys[0], new GossipTimestamp(1_750_000_001), FeatureBits.FromBits(7, 17),
            new RgbColor(0xf0, 0x80, 0x10),
            NodeAlias.FromString("fulgur-interop"),
            NodeAddressList.Create(new IPv4NodeAddress(IPAddress.Parse("198.51.100.9"), 9735),
                new IPv6NodeAddress(IPAddress.Parse("2001:db8::42"), 19735)));

    private static JsonObject Verify(IWireMessage message, NodeId? nodeId = null) => new()
    {
        ["op"] = "verify",
        ["hex"] = Hex.Encode(MessageRegistry.Encode(message)),
        ["node_id"] = nodeId?.ToHex() ?? "",
    };

    [SkippableFact]
    public async Task Electrum_verifies_what_we_sign_and_refuses_tampering()
    {
        ElectrumGossip.SkipUnlessAvailable();
        var announcement = Announcement();
        var update = Update();
        var node = NodeAnnouncement();
        var origin = Endpoints.For(update.Direction);
        var other = origin == Endpoints.Node1 ? Endpoints.Node2 : Endpoints.Node1;
        var results = await ElectrumGossip.RunAsync(
        [
            Verify(announcement),
            Verify(update, origin),
            Verify(node),
            Verify(announcement with { ShortChannelId = new ShortChannelId(Scid.Value + 1) }),
            Verify(update, other),
            Verify(update with { FeeProportionalMillionths = 251 }, origin),
            Verify(node with { Alias = NodeAlias.FromString("someone else") }),
        ]);
        bool[] expected = [true, true, true, false, false, false, false];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(results[i]!["ok"]!.GetValue<bool>(), results[i]!.ToJsonString());
            Assert.True(expected[i] == results[i]!["valid"]!.GetValue<bool>(), $"case {i}: {results[i]!.ToJsonString()}");
        }
    }

    [SkippableFact]
    public async Task We_verify_what_electrum_signs()
    {
        ElectrumGossip.SkipUnlessAvailable();
        var announcement = Announcement();
        var update = Update();
        var node = NodeAnnouncement();
        // Electrum re-signs each message; the signature slots take keys in wire order.
        var node1IsKey0 = announcement.NodeId1 == new NodeId(Keys[0].PublicKey);
        var announcementKeys = node1IsKey0 ? new[] { Keys[0], Keys[1], Keys[2], Keys[3] } : [Keys[1], Keys[0], Keys[3], Keys[2]];
        var results = await ElectrumGossip.RunAsync(
        [
            new JsonObject { ["op"] = "sign", ["hex"] = Hex.Encode(MessageRegistry.Encode(announcement)),
                ["keys"] = KeysJson(announcementKeys) },
            new JsonObject { ["op"] = "sign", ["hex"] = Hex.Encode(MessageRegistry.Encode(update)), ["keys"] = KeysJson([Keys[1]]) },
            new JsonObject { ["op"] = "sign", ["hex"] = Hex.Encode(MessageRegistry.Encode(node)), ["keys"] = KeysJson([Keys[0]]) },
        ]);
        Assert.All(results, r => Assert.True(r!["ok"]!.GetValue<bool>(), r.ToJsonString()));

        var electrumAnnouncement = Assert.IsType<ChannelAnnouncementMessage>(Decode(results[0]!["hex"]!.GetValue<string>()));
        Assert.Equal(GossipVerdict.Accepted, ChannelAnnouncementValidator.Validate(electrumAnnouncement, Chains, FeatureBits.FromBits(7)));
        var electrumUpdate = Assert.IsType<ChannelUpdateMessage>(Decode(results[1]!["hex"]!.GetValue<string>()));
        Assert.True(ChannelUpdateValidator.Validate(electrumUpdate, new ChannelUpdateContext(Endpoints, Chains)).IsAccepted);
        var electrumNode = Assert.IsType<NodeAnnouncementMessage>(Decode(results[2]!["hex"]!.GetValue<string>()));
        Assert.Equal(GossipVerdict.Accepted,
            NodeAnnouncementValidator.Validate(electrumNode, new NodeAnnouncementContext(true, null, FeatureBits.FromBits(7, 17))));

        // Signed by Electrum with the wrong key: refused.
        var wrong = await ElectrumGossip.RunAsync(
            [new JsonObject { ["op"] = "sign", ["hex"] = Hex.Encode(MessageRegistry.Encode(update)), ["keys"] = KeysJson([Keys[2]]) }]);
        var wrongUpdate = Assert.IsType<ChannelUpdateMessage>(Decode(wrong[0]!["hex"]!.GetValue<string>()));
        Assert.Equal(GossipProblem.InvalidSignature,
            ChannelUpdateValidator.Validate(wrongUpdate, new ChannelUpdateContext(Endpoints, Chains)).Problem);
    }

    [SkippableFact]
    public async Task Electrum_reads_the_same_addresses()
    {
        ElectrumGossip.SkipUnlessAvailable();
        Assert.True(TorV3NodeAddress.TryParseHost("vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion", 9050, out var tor));
        var lists = new[]
        {
            NodeAddressList.Create(new IPv4NodeAddress(IPAddress.Parse("198.51.100.9"), 9735),
                new IPv6NodeAddress(IPAddress.Parse("2001:db8::42"), 19735), tor),
            // Port 0 is skipped by both; an unknown type stops reading for both.
            NodeAddressList.FromWire(Hex.Decode("01" + "c6336409" + "0000" + "01" + "c633640a" + "2607" + "07" + "00000000")),
        };
        var results = await ElectrumGossip.RunAsync([.. lists.Select(l => (JsonNode)new JsonObject { ["op"] = "addresses",
            ["hex"] = l.Raw.ToHex() })]);
        for (var i = 0; i < lists.Length; i++)
        {
            Assert.True(results[i]!["ok"]!.GetValue<bool>(), results[i]!.ToJsonString());
            var theirs = results[i]!["addresses"]!.AsArray()
                .Select(a => (Host: a![0]!.GetValue<string>(), Port: a[1]!.GetValue<int>()))
                .Select(a => IPAddress.TryParse(a.Host, out var ip) ? $"{ip}:{a.Port}" : $"{a.Host}:{a.Port}");
            var ours = lists[i].Usable.Select(a => a switch
            {
                IPv4NodeAddress v4 => $"{v4.Address}:{v4.Port}",
                IPv6NodeAddress v6 => $"{v6.Address}:{v6.Port}",
                _ => a.ToString(),
            });
            Assert.Equal(ours, theirs);
        }
    }

    private static JsonArray KeysJson(PrivateKey[] keys) => [.. keys.Select(k => (JsonNode)JsonValue.Create(Hex.Encode(k.ToBytes()))!)];

    private static IWireMessage Decode(string hex)
    {
        Assert.True(MessageRegistry.Default.TryDecode(Hex.Decode(hex), out var message, out var error), error.ToString());
        return message;
    }
}
