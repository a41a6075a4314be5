using System.Text.RegularExpressions;
using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Onion;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Onion;

/// <summary>Attributable failures and success hold times: the BOLT 4 test-vector trace, then random routes and tampering.</summary>
public sealed partial class AttributionDataTests
{
    private static readonly PrivateKey SessionKey = PrivateKey.FromHex(string.Concat(Enumerable.Repeat("41", 32)));

    private static readonly PublicKey[] TraceRoute =
    [
        PublicKey.FromHex("02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619"),
        PublicKey.FromHex("0324653eac434488002cc06bbfb7f10fe18991e35f9fe4302dbea6d2353dc0ab1c"),
        PublicKey.FromHex("027f31ebc5462c1fdce1b737ecff52d37d75dea43ce11c74d25aa297165faa2007"),
        PublicKey.FromHex("032c0b7cf95324a07d05398b240174dc0c2be444d96b159aa6c7f7b1e668680991"),
        PublicKey.FromHex("02edabbd16b41c8371b92ef2f04c1185b4f03b6dcd52ba9b78d9d7c89c8f221145"),
    ];

    /// <summary>The hold times the trace's nodes report (node 4, the erring one, reports 1; node 0 reports 5).</summary>
    private static uint HoldTime(int node) => (uint)(5 - node);

    private static SharedSecret[] Secrets(PublicKey[] route) =>
        SphinxBuilder.DeriveSharedSecrets(SessionKey, route);

    [GeneratedRegex(@"attribution data for node (\d):\s*([0-9a-f]{1840})")]
    private static partial Regex AttributionLine();

    [GeneratedRegex(@"payload = ([0-9a-f]+)")]
    private static partial Regex PayloadLine();

    /// <summary>(failure trace values, success values), each by node.</summary>
    private static (Dictionary<int, string> Failure, Dictionary<int, string> Success, byte[] FailureMessage) LoadTrace()
    {
        var text = SharedData.ReadText("bolts/04-onion-routing.md");
        var start = text.IndexOf("The following is an in-depth trace of an example of error message creation", StringComparison.Ordinal);
        var success = text.IndexOf("## Returning success", start, StringComparison.Ordinal);
        Assert.True(start > 0 && success > start, "attribution trace not found");
        static Dictionary<int, string> Read(string section) =>
            AttributionLine().Matches(section).ToDictionary(m => int.Parse(m.Groups[1].Value), m => m.Groups[2].Value);
        var payload = Hex.Decode(PayloadLine().Match(text, start).Groups[1].Value);
        var message = payload[2..(2 + ((payload[0] << 8) | payload[1]))];
        return (Read(text[start..success]), Read(text[success..]), message);
    }

    [SkippableFact]
    public void SpecTrace_Failure_ReproducesEveryNodesAttributionData()
    {
        var (expected, _, message) = LoadTrace();
        Assert.Equal(5, expected.Count);
        var secrets = Secrets(TraceRoute);
        var current = FailurePacket.CreateAttributed(secrets[4], message, HoldTime(4), paddedLength: 1024);
        Assert.Equal(expected[4], Hex.Encode(current.AttributionData));
        for (var node = 3; node >= 0; node--)
        {
            current = FailurePacket.ForwardAttributed(secrets[node], current.Packet, current.AttributionData, HoldTime(node));
            Assert.Equal(expected[node], Hex.Encode(current.AttributionData));
        }

        Assert.True(FailurePacket.TryUnwrap(current.Packet, current.AttributionData, secrets, out var failure, out var attribution));
        Assert.Equal(4, failure.ErringIndex);
        Assert.True(attribution.IsValid);
        Assert.Equal([5u, 4u, 3u, 2u, 1u], attribution.HoldTimes);
    }

    [SkippableFact]
    public void SpecTrace_Success_ReproducesEveryNodesAttributionData()
    {
        var (_, expected, _) = LoadTrace();
        Assert.Equal(5, expected.Count);
        var secrets = Secrets(TraceRoute);
        var data = AttributionData.Add(secrets[4], [], [], HoldTime(4));
        Assert.Equal(expected[4], Hex.Encode(data));
        for (var node = 3; node >= 0; node--)
        {
            data = AttributionData.Add(secrets[node], data, [], HoldTime(node));
            Assert.Equal(expected[node], Hex.Encode(data));
        }
        var result = AttributionData.Verify(data, [], secrets);
        Assert.True(result.IsValid);
        Assert.Equal([5u, 4u, 3u, 2u, 1u], result.HoldTimes);
    }

    [SkippableFact]
    public void SpecTrace_TamperingBetweenTwoHops_IsPinnedOnThatLink()
    {
        var (_, _, message) = LoadTrace();
        var secrets = Secrets(TraceRoute);
        var current = FailurePacket.CreateAttributed(secrets[4], message, HoldTime(4), paddedLength: 1024);
        for (var node = 3; node >= 0; node--)
        {
            var received = current.AttributionData;
            if (node == 1)
            {
                // Whoever sits between node 2 and node 1 changes node 2's reported hold time.
                received = (byte[])received.Clone();
                received[3] ^= 0x01;
            }
            current = FailurePacket.ForwardAttributed(secrets[node], current.Packet, received, HoldTime(node));
        }
        Assert.True(FailurePacket.TryUnwrap(current.Packet, current.AttributionData, secrets, out var failure, out var attribution));
        Assert.Equal(4, failure.ErringIndex);
        Assert.Equal(2, attribution.FirstInvalidIndex);
        Assert.Equal([5u, 4u], attribution.HoldTimes);
    }

    [Fact]
    public void RandomRoutes_AttributedFailures_VerifyWithEveryHoldTime()
    {
        (from count in Gen.Int[1, AttributionData.MaxHops]
         from erring in Gen.Int[0, count - 1]
         from holds in Gen.UInt[0, 10_000].Array[count]
         from message in Gen.Byte.Array[2, 300]
         from seed in Gen.Byte.Array[32].Where(b => PrivateKey.TryCreate(b, out _))
         select (count, erring, holds, message, seed)).Sample(t =>
        {
            var (count, erring, holds, message, seed) = t;
            using var session = PrivateKey.Create(seed);
            var route = Enumerable.Range(0, count).Select(i => new SphinxHop(PrivateKey.Create(Sha256.Hash([.. seed, (byte)i])).PublicKey, new byte[2])).ToArray();
            var secrets = SphinxBuilder.DeriveSharedSecrets(session, route);
            var current = FailurePacket.CreateAttributed(secrets[erring], message, holds[erring]);
            for (var i = erring - 1; i >= 0; i--)
                current = FailurePacket.ForwardAttributed(secrets[i], current.Packet, current.AttributionData, holds[i]);
            Assert.True(FailurePacket.TryUnwrap(current.Packet, current.AttributionData, secrets, out var failure, out var attribution));
            Assert.Equal(erring, failure.ErringIndex);
            Assert.Equal(message, failure.Message);
            Assert.True(attribution.IsValid, $"hop {attribution.FirstInvalidIndex} failed");
            Assert.Equal(holds[..(erring + 1)], attribution.HoldTimes);
        }, iter: 40, threads: 1);
    }

    [Fact]
    public void MissingOrGarbledAttribution_IsAnswerNotException()
    {
        var secrets = Enumerable.Range(1, 3).Select(i => SharedSecret.Create(Enumerable.Repeat((byte)i, 32).ToArray())).ToArray();
        var packet = FailurePacket.Create(secrets[0], [0x20, 0x02]);
        Assert.True(FailurePacket.TryUnwrap(packet, [], secrets, out var failure, out var attribution));
        Assert.Equal(0, failure.ErringIndex);
        Assert.Equal(0, attribution.FirstInvalidIndex);
        Gen.Byte.Array[AttributionData.Length].Sample(garbage =>
        {
            var result = AttributionData.Verify(garbage, packet, secrets);
            Assert.Equal(0, result.FirstInvalidIndex);
        }, iter: 200);
        // A node that got no attribution_data from downstream starts a fresh block.
        var forwarded = FailurePacket.ForwardAttributed(secrets[0], FailurePacket.Create(secrets[1], [0x20, 0x02]), [], 7);
        Assert.True(FailurePacket.TryUnwrap(forwarded.Packet, forwarded.AttributionData, secrets, out failure, out attribution));
        Assert.Equal(1, failure.ErringIndex);
        Assert.Equal(1, attribution.FirstInvalidIndex);
        Assert.Equal([7u], attribution.HoldTimes);
    }
}
