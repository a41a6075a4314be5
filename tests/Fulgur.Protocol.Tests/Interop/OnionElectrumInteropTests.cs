using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Interop;

/// <summary>
/// BOLT 4 against Electrum's independent implementation (python3-electrum's electrum.lnonion): onions and failure
/// packets built by one side are processed by the other, over seeded random routes of 1–20 hops.
/// </summary>
public sealed class OnionElectrumInteropTests
{
    private const int Seed = 20260204;
    private const int Cases = 12;

    private sealed record Route(PrivateKey Session, PrivateKey[] Nodes, byte[][] Payloads, byte[] PaymentHash)
    {
        public SphinxHop[] Hops => Nodes.Select((n, i) => new SphinxHop(n.PublicKey, Payloads[i])).ToArray();
    }

    private static PrivateKey RandomKey(Random random)
    {
        var bytes = new byte[32];
        while (true)
        {
            random.NextBytes(bytes);
            if (PrivateKey.TryCreate(bytes, out var key))
                return key;
        }
    }

    /// <summary>Routes with real payment payloads (Electrum decodes them as <c>tlv_payload</c>): forwarding hops, then a final hop.</summary>
    private static List<Route> Routes(int seed)
    {
        var random = new Random(seed);
        var routes = new List<Route>();
        for (var c = 0; c < Cases; c++)
        {
            var count = c == 0 ? 1 : c == 1 ? 20 : random.Next(1, 21);
            var nodes = Enumerable.Range(0, count).Select(_ => RandomKey(random)).ToArray();
            var payloads = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                var amount = new MilliSatoshi(random.NextInt64(1, 10_000_000_000));
                var cltv = new CltvExpiry((uint)random.Next(500_000, 900_000));
                HopPayload payload;
                if (i < count - 1)
                {
                    payload = HopPayload.ForForwarding(amount, cltv, new ShortChannelId((ulong)random.NextInt64()));
                }
                else
                {
                    var secret = new byte[32];
                    random.NextBytes(secret);
                    payload = HopPayload.ForFinalNode(amount, cltv, new PaymentData(PaymentSecret.FromSpan(secret), amount));
                }
                payloads[i] = payload.ToArray();
            }
            var hash = new byte[32];
            random.NextBytes(hash);
            routes.Add(new Route(RandomKey(random), nodes, payloads, hash));
        }
        return routes;
    }

    private static JsonObject BuildCase(Route route) => new()
    {
        ["session_key"] = Hex.Encode(route.Session.ToBytes()),
        ["associated_data"] = Hex.Encode(route.PaymentHash),
        ["hops"] = new JsonArray(route.Hops.Select(h => (JsonNode)new JsonObject
        {
            ["pubkey"] = h.NodeId.ToHex(),
            ["payload"] = Hex.Encode(h.Payload.Span),
        }).ToArray()),
    };

    /// <summary>The packet each hop receives, peeled by Fulgur, with the secrets each hop derived.</summary>
    private static (OnionPacket[] Received, SharedSecret[] Secrets) PeelAll(Route route, OnionPacket packet)
    {
        var received = new OnionPacket[route.Nodes.Length];
        var secrets = new SharedSecret[route.Nodes.Length];
        for (var i = 0; i < route.Nodes.Length; i++)
        {
            received[i] = packet;
            Assert.True(SphinxPeeler.TryPeel(route.Nodes[i], packet, route.PaymentHash, out var hop, out var error), $"hop {i}: {error}");
            Assert.Equal(route.Payloads[i], hop.Payload.ToArray());
            Assert.Equal(i == route.Nodes.Length - 1, hop.IsFinal);
            secrets[i] = hop.SharedSecret;
            if (!hop.IsFinal)
                packet = hop.NextPacket;
        }
        return (received, secrets);
    }

    private static readonly FailureMessage[] Failures =
    [
        new TemporaryNodeFailure(),
        new IncorrectOrUnknownPaymentDetails(new MilliSatoshi(100), new BlockHeight(800_000)),
        new FeeInsufficient(new MilliSatoshi(5000), Types.ByteVector.FromHex(string.Concat(Enumerable.Repeat("ab", 136)))),
        new UnknownNextPeer(),
        new InvalidOnionPayload(6, 3),
        new ChannelDisabled(0, Types.ByteVector.Empty),
        new MppTimeout(),
    ];

    [SkippableFact]
    public async Task FulgurBuilds_ElectrumPeels()
    {
        OnionElectrumScripts.SkipUnlessAvailable();
        var routes = Routes(Seed);
        var cases = new JsonArray();
        foreach (var route in routes)
        {
            var packet = SphinxBuilder.Build(route.Session, route.Hops, route.PaymentHash).Packet;
            cases.Add(new JsonObject
            {
                ["onion"] = packet.ToHex(),
                ["associated_data"] = Hex.Encode(route.PaymentHash),
                ["privkeys"] = new JsonArray(route.Nodes.Select(n => (JsonNode)Hex.Encode(n.ToBytes())).ToArray()),
            });
        }

        var results = await OnionElectrumScripts.RunAsync("onion_peel.py", cases);

        for (var c = 0; c < routes.Count; c++)
        {
            var result = results[c]!;
            Assert.True(result["error"] is null, $"case {c} (seed {Seed}): Electrum refused: {result["error"]}");
            var hops = result["hops"]!.AsArray();
            Assert.Equal(routes[c].Nodes.Length, hops.Count);
            for (var i = 0; i < hops.Count; i++)
            {
                Assert.Equal(Hex.Encode(routes[c].Payloads[i]), (string)hops[i]!["payload"]!);
                Assert.Equal(i == hops.Count - 1, (bool)hops[i]!["final"]!);
            }
        }
    }

    [SkippableFact]
    public async Task ElectrumBuilds_FulgurPeels_AndBothBuildTheSameBytes()
    {
        OnionElectrumScripts.SkipUnlessAvailable();
        var routes = Routes(Seed + 1);
        var results = await OnionElectrumScripts.RunAsync("onion_build.py", new JsonArray(routes.Select(r => (JsonNode)BuildCase(r)).ToArray()));

        for (var c = 0; c < routes.Count; c++)
        {
            var electrumOnion = Hex.Decode((string)results[c]!["onion"]!);
            Assert.True(OnionPacket.TryParsePayment(electrumOnion, out var packet));
            PeelAll(routes[c], packet);
            // Sphinx is deterministic given the session key, so the two implementations agree byte for byte.
            Assert.Equal(Hex.Encode(electrumOnion), SphinxBuilder.Build(routes[c].Session, routes[c].Hops, routes[c].PaymentHash).Packet.ToHex());
        }
    }

    [SkippableFact]
    public async Task ElectrumCreatesFailure_FulgurForwardsAndAttributesIt()
    {
        OnionElectrumScripts.SkipUnlessAvailable();
        var routes = Routes(Seed + 2);
        var random = new Random(Seed + 2);
        var cases = new JsonArray();
        var expected = new List<(int Erring, FailureMessage Failure, SharedSecret[] Secrets)>();
        foreach (var route in routes)
        {
            var built = SphinxBuilder.Build(route.Session, route.Hops, route.PaymentHash);
            var (received, secrets) = PeelAll(route, built.Packet);
            Assert.Equal(built.SharedSecrets, secrets);
            var erring = random.Next(route.Nodes.Length);
            var failure = Failures[random.Next(Failures.Length)];
            expected.Add((erring, failure, secrets));
            cases.Add(new JsonObject
            {
                ["op"] = "create",
                ["onion"] = received[erring].ToHex(),
                ["privkey"] = Hex.Encode(route.Nodes[erring].ToBytes()),
                ["failure_message"] = Hex.Encode(failure.ToArray()),
            });
        }

        var results = await OnionElectrumScripts.RunAsync("onion_error.py", cases);

        for (var c = 0; c < routes.Count; c++)
        {
            var (erring, failure, secrets) = expected[c];
            var packet = Hex.Decode((string)results[c]!["error_packet"]!);
            for (var i = erring - 1; i >= 0; i--)
                packet = FailurePacket.Forward(secrets[i], packet);
            Assert.True(FailurePacket.TryUnwrap(packet, secrets, out var unwrapped), $"case {c}: unparseable");
            Assert.Equal(erring, unwrapped.ErringIndex);
            Assert.True(FailureMessage.TryRead(unwrapped.Message, out var decoded, out var error), error.ToString());
            Assert.Equal(failure, decoded);
        }
    }

    [SkippableFact]
    public async Task FulgurCreatesFailure_ElectrumAttributesIt()
    {
        OnionElectrumScripts.SkipUnlessAvailable();
        var routes = Routes(Seed + 3);
        var random = new Random(Seed + 3);
        var cases = new JsonArray();
        var expected = new List<(int Erring, FailureMessage Failure)>();
        foreach (var route in routes)
        {
            var (_, secrets) = PeelAll(route, SphinxBuilder.Build(route.Session, route.Hops, route.PaymentHash).Packet);
            var erring = random.Next(route.Nodes.Length);
            var failure = Failures[random.Next(Failures.Length)];
            expected.Add((erring, failure));
            // Each hop uses only the secret it derived while peeling.
            var packet = FailurePacket.Create(secrets[erring], failure);
            for (var i = erring - 1; i >= 0; i--)
                packet = FailurePacket.Forward(secrets[i], packet);
            cases.Add(new JsonObject
            {
                ["op"] = "decode",
                ["error_packet"] = Hex.Encode(packet),
                ["pubkeys"] = new JsonArray(route.Nodes.Select(n => (JsonNode)n.PublicKey.ToHex()).ToArray()),
                ["session_key"] = Hex.Encode(route.Session.ToBytes()),
            });
        }
        // One reply that no hop wrote: both sides must call it unparseable.
        var garbage = new byte[FailurePacket.MinimumLength];
        random.NextBytes(garbage);
        cases.Add(new JsonObject
        {
            ["op"] = "decode",
            ["error_packet"] = Hex.Encode(garbage),
            ["pubkeys"] = new JsonArray(routes[0].Nodes.Select(n => (JsonNode)n.PublicKey.ToHex()).ToArray()),
            ["session_key"] = Hex.Encode(routes[0].Session.ToBytes()),
        });

        var results = await OnionElectrumScripts.RunAsync("onion_error.py", cases);

        for (var c = 0; c < routes.Count; c++)
        {
            Assert.True(results[c]!["index"] is not null, $"case {c}: Electrum could not decode: {results[c]!["error"]}");
            Assert.Equal(expected[c].Erring, (int)results[c]!["index"]!);
            Assert.Equal(Hex.Encode(expected[c].Failure.ToArray()), (string)results[c]!["failure_message"]!);
        }
        Assert.Null(results[routes.Count]!["index"]);
        var secrets0 = SphinxBuilder.DeriveSharedSecrets(routes[0].Session, routes[0].Hops);
        Assert.False(FailurePacket.TryUnwrap(garbage, secrets0, out _));
    }
}
